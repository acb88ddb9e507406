import Foundation
import PyManagerArchive
import TestSupport

/// Runs `body` and returns the ArchiveError it threw, or nil if it succeeded.
func archiveError(_ body: () throws(ArchiveError) -> Void) -> ArchiveError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

/// Every path under `folder` (relative, sorted), not following symlinks; [] if it does not exist.
func tree(_ folder: String) -> [String] {
    ((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []).sorted()
}

func permissions(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
}

func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

func linkTarget(_ path: String) -> String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: path)
}

/// A python-build-standalone-like member list under `python/`.
let runtimeEntries: [ArchiveEntry] = [
    .directory("python"),
    .directory("python/bin"),
    .file("python/bin/python3.12", "#!/bin/sh\necho fake\n", mode: 0o755),
    .symlink("python/bin/python3", to: "python3.12"),
    .directory("python/lib"),
    .file("python/lib/os.py", "import sys\n", mode: 0o644),
    .file("python/lib/readonly.txt", "ro\n", mode: 0o444),
    .file("python/lib/shared.txt", "group-writable, kept despite the umask\n", mode: 0o664),
    .file("python/bin/setuid-tool", "set-id bits are dropped\n", mode: 0o4755),
    .symlink("python/lib/bin-link", to: "../bin/python3"),
]
