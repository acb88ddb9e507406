import Foundation
@testable import PyManagerArchive
import TestSupport
import Testing

/// A hostile member placed after a few MB of good members: the extraction has already written those
/// when it meets it (or, for links, only learns at the end), and must still leave nothing behind.
struct LateHostileCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// Appended after the good members (and after `SinglePassTests.bulk`).
    var tail: [ArchiveEntry]
    var member: String
    var reason: UnsafeMemberReason
    var testDescription: String { name }
}

@Suite("Single-pass extraction: late refusals, late strip decisions")
struct SinglePassTests {
    /// 200 files of 20 kB (4 MB) under `python/lib/`, plus a symlink and a folder.
    static let bulk: [ArchiveEntry] = {
        var entries: [ArchiveEntry] = [
            .directory("python"), .directory("python/bin"), .file("python/bin/python3.12", "binary", mode: 0o755),
            .symlink("python/bin/python3", to: "python3.12"), .directory("python/lib"),
        ]
        let bytes = pseudoRandomBytes(200 * 20_000)
        for index in 0..<200 {
            entries.append(.file("python/lib/f\(index).bin", bytes: Array(bytes[index * 20_000..<(index + 1) * 20_000])))
        }
        return entries
    }()

    static let lateCases: [LateHostileCase] = [
        LateHostileCase(name: "../ member last", tail: [.file("python/../escape", "x")],
                        member: "python/../escape", reason: .parentDirectoryReference),
        LateHostileCase(name: "absolute member last", tail: [.file("/pymanager-single-pass-abs", "x")],
                        member: "/pymanager-single-pass-abs", reason: .absolutePath),
        LateHostileCase(name: "absolute symlink last", tail: [.symlink("python/passwd", to: "/etc/passwd")],
                        member: "python/passwd", reason: .linkOutsideDestination(target: "/etc/passwd")),
        LateHostileCase(name: "device node last", tail: [.characterDevice("python/null")],
                        member: "python/null", reason: .unsupportedType("character device")),
        LateHostileCase(name: "hard link to a missing file last", tail: [.hardlink("python/h", to: "python/nothing")],
                        member: "python/h", reason: .hardLinkTargetNotInArchive(target: "python/nothing")),
        LateHostileCase(name: "hard link to a later file",
                        tail: [.hardlink("python/h", to: "python/later"), .file("python/later", "x")],
                        member: "python/h", reason: .hardLinkTargetNotInArchive(target: "python/later")),
        LateHostileCase(name: "file through an in-tree symlink last",
                        tail: [.symlink("python/alias", to: "lib"), .file("python/alias/evil.py", "x")],
                        member: "python/alias/evil.py", reason: .insideNonDirectory(parent: "alias")),
        LateHostileCase(name: "file through an escaping symlink last",
                        tail: [.symlink("python/tmp", to: "/tmp"), .file("python/tmp/pymanager-evil", "x")],
                        member: "python/tmp", reason: .linkOutsideDestination(target: "/tmp")),
        LateHostileCase(name: "earlier file replaced last", tail: [.file("python/lib/f3.bin", "x")],
                        member: "python/lib/f3.bin", reason: .duplicate),
        LateHostileCase(name: "earlier folder turned into a symlink last", tail: [.symlink("python/lib", to: "bin")],
                        member: "python/lib", reason: .duplicate),
        LateHostileCase(name: "implied folder turned into a file last",
                        tail: [.file("python/deep/x.txt", "x"), .file("python/deep", "not a folder")],
                        member: "python/deep/x.txt", reason: .insideNonDirectory(parent: "deep")),
        // x/y/up resolves inside while x/B is unknown; the last member x/B -> .. makes it climb out.
        LateHostileCase(name: "symlink escaping only through the last member",
                        tail: [.directory("python/x/y"), .symlink("python/x/y/up", to: "../B/../.."),
                               .symlink("python/x/B", to: "..")],
                        member: "python/x/y/up", reason: .linkOutsideDestination(target: "../B/../..")),
    ]

    @Test("a hostile member after 4 MB of good ones leaves no staging folder", arguments: lateCases)
    func lateHostileMember(_ hostile: LateHostileCase) throws {
        // GIVEN a large archive whose hostile part comes last
        let root = try TempRoot()
        let archive = root.work + "/late.tar.gz"
        try ArchiveBuilder.build(Self.bulk + hostile.tail, format: .tarGz, at: archive)
        let parent = root.work + "/installs"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: false)
        let destination = parent + "/staging"
        let before = Self.tree(root.path)

        // WHEN extracting
        let error = Self.error { () throws(ArchiveError) in try extract(archive: archive, into: destination) }

        // THEN the member is named and the staging folder is gone, with nothing around it changed
        #expect(error == .unsafeMember(archive: archive, member: hostile.member, reason: hostile.reason))
        #expect(!FileManager.default.fileExists(atPath: destination))
        #expect(Self.tree(root.path) == before)
        #expect(!FileManager.default.fileExists(atPath: "/pymanager-single-pass-abs"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pymanager-evil"))
        #expect(!FileManager.default.fileExists(atPath: parent + "/escape"))
    }

    @Test("a staging folder the caller made is emptied, not removed, after a late refusal")
    func lateRefusalKeepsGivenFolder() throws {
        let root = try TempRoot()
        let archive = root.work + "/late.tar.gz"
        try ArchiveBuilder.build(Self.bulk + [.symlink("python/lib/up", to: "../../..")], format: .tarGz, at: archive)
        let destination = root.work + "/staging"
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false)
        let error = Self.error { () throws(ArchiveError) in try extract(archive: archive, into: destination) }
        #expect(error == .unsafeMember(archive: archive, member: "python/lib/up",
                                       reason: .linkOutsideDestination(target: "../../..")))
        #expect(FileManager.default.fileExists(atPath: destination))
        #expect(Self.tree(destination) == [])
    }

    @Test("a second top-level entry at the end means nothing is stripped", arguments: [
        ArchiveEntry.file("README", "read me"), .directory("other"), .file("other/x.txt", "x"),
    ])
    func lateSecondTopLevel(_ last: ArchiveEntry) throws {
        // GIVEN python/… (folders with modes, a symlink, a hard link), then one entry outside python/
        let root = try TempRoot()
        let archive = root.work + "/two-tops.tar.gz"
        let entries: [ArchiveEntry] = [
            .directory("python", mode: 0o750), .directory("python/bin"),
            .file("python/bin/python3.12", "binary", mode: 0o755), .symlink("python/bin/python3", to: "python3.12"),
            .hardlink("python/bin/python3-hard", to: "python/bin/python3.12"),
            .directory("python/lib", mode: 0o700), .file("python/lib/os.py", "import sys\n", mode: 0o644),
            .file("python/lib/readonly.txt", "ro", mode: 0o444),
        ] + Array(Self.bulk.dropFirst(5).prefix(50)) + [last]
        try ArchiveBuilder.build(entries, format: .tarGz, at: archive)
        let destination = root.work + "/staging"

        // WHEN extracting with the strip allowed
        try extract(archive: archive, into: destination)

        // THEN python/ is kept, with everything where the archive put it
        let tree = Self.tree(destination)
        #expect(tree.contains(last.path))
        #expect(tree.contains("python/lib/f49.bin") && !tree.contains("lib"))
        #expect(Self.permissions(destination + "/python") == 0o750)
        #expect(Self.permissions(destination + "/python/lib") == 0o700)
        #expect(Self.permissions(destination + "/python/lib/readonly.txt") == 0o444)
        #expect(Self.permissions(destination + "/python/bin/python3.12") == 0o755)
        #expect(Self.linkTarget(destination + "/python/bin/python3") == "python3.12")
        #expect(Self.inode(destination + "/python/bin/python3-hard") == Self.inode(destination + "/python/bin/python3.12"))
        #expect(Self.modified(destination + "/python") == 1_700_000_000)
        #expect(Self.modified(destination + "/python/lib") == 1_700_000_000)
    }

    @Test("an archive of just python/ is not stripped to nothing")
    func onlyTheTopFolder() throws {
        let root = try TempRoot()
        let archive = root.work + "/empty.tar.gz"
        try ArchiveBuilder.build([.directory("python", mode: 0o750)], format: .tarGz, at: archive)
        let destination = root.work + "/staging"
        try extract(archive: archive, into: destination)
        #expect(Self.tree(destination) == ["python"])
        #expect(Self.permissions(destination + "/python") == 0o750)
    }

    @Test("stripping keeps folder modes and times, read-only ones included, and a child named like the top")
    func stripKeepsFolders() throws {
        let root = try TempRoot()
        let archive = root.work + "/strip.tar.gz"
        try ArchiveBuilder.build([
            .directory("python", mode: 0o555), .directory("python/ro", mode: 0o555),
            .file("python/ro/f.txt", "f", mode: 0o444), .directory("python/python", mode: 0o700),
            .file("python/python/x.txt", "x"), .file("python/top.txt", "t"),
            .symlink("python/ro-link", to: "ro/f.txt"),
        ], format: .tarGz, at: archive)
        let destination = root.work + "/staging"
        try extract(archive: archive, into: destination)
        #expect(Self.tree(destination) == [
            "python", "python/x.txt", "ro", "ro-link", "ro/f.txt", "top.txt",
        ])
        #expect(Self.permissions(destination + "/ro") == 0o555)
        #expect(Self.permissions(destination + "/python") == 0o700)
        #expect(Self.modified(destination + "/ro") == 1_700_000_000)
        #expect(Self.modified(destination + "/python") == 1_700_000_000)
        #expect(Self.modified(destination + "/top.txt") == 1_700_000_000)
        #expect(Self.contents(destination + "/ro-link") == "f")
        chmod(destination + "/ro", 0o755)  // so TempRoot can remove it without root
    }

    @Test("a write failing mid-archive (name too long) is reported and cleaned up; a later unsafe member wins")
    func writeFailureMidArchive() throws {
        let root = try TempRoot()
        let tooLong = "python/lib/" + String(repeating: "x", count: 300)
        let failing = root.work + "/failing.tar.gz"
        try ArchiveBuilder.build(
            Array(Self.bulk.prefix(100)) + [.file(tooLong, "x")] + Self.bulk.dropFirst(100), format: .tarGz, at: failing)
        let hostile = root.work + "/failing-then-hostile.tar.gz"
        try ArchiveBuilder.build(
            Array(Self.bulk.prefix(100)) + [.file(tooLong, "x")] + Self.bulk.dropFirst(100)
                + [.symlink("python/out", to: "../..")], format: .tarGz, at: hostile)
        let destination = root.work + "/staging"

        let error = Self.error { () throws(ArchiveError) in try extract(archive: failing, into: destination) }
        guard case .writeFailed(let archive, let member, _)? = error else {
            Issue.record("expected writeFailed, got \(String(describing: error))")
            return
        }
        #expect(archive == failing && member == tooLong)
        #expect(!FileManager.default.fileExists(atPath: destination))

        let second = Self.error { () throws(ArchiveError) in try extract(archive: hostile, into: destination) }
        #expect(second == .unsafeMember(archive: hostile, member: "python/out", reason: .linkOutsideDestination(target: "../..")))
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test("the unsafe member wins over a non-empty destination, as when everything was checked first")
    func precedenceOverDestination() throws {
        let root = try TempRoot()
        let hostile = root.work + "/hostile.tar.gz"
        try ArchiveBuilder.build([.file("python/a", "a"), .file("../escape", "x")], format: .tarGz, at: hostile)
        let fine = root.work + "/fine.tar.gz"
        try ArchiveBuilder.build([.file("python/a", "a")], format: .tarGz, at: fine)
        let destination = try root.write("keep me", to: "work/full/existing.txt")
        let folder = (destination as NSString).deletingLastPathComponent

        let first = Self.error { () throws(ArchiveError) in try extract(archive: hostile, into: folder) }
        #expect(first == .unsafeMember(archive: hostile, member: "../escape", reason: .parentDirectoryReference))
        let second = Self.error { () throws(ArchiveError) in try extract(archive: fine, into: folder) }
        #expect(second == .destinationNotEmpty(path: folder))
        #expect(Self.tree(folder) == ["existing.txt"])
    }

    @Test("the checks made as each header arrives", arguments: [
        // (members so far, member, expected action)
        ([], ArchiveMember(path: "./", kind: .directory), StreamingChecks.Action.skip),
        ([], ArchiveMember(path: "./python//bin/x", kind: .file), .write(path: "python/bin/x", hardlinkTarget: nil)),
        ([], ArchiveMember(path: "a/../b", kind: .file), .refuse(.parentDirectoryReference)),
        ([], ArchiveMember(path: "/a", kind: .directory), .refuse(.absolutePath)),
        ([], ArchiveMember(path: "./", kind: .file), .refuse(.emptyPath)),
        ([], ArchiveMember(path: "p", kind: .other("fifo")), .refuse(.unsupportedType("fifo"))),
        ([], ArchiveMember(path: "s", kind: .symlink(target: "/etc")), .deferSymlink(path: "s")),
        ([ArchiveMember(path: "a/b", kind: .file)], ArchiveMember(path: "a", kind: .directory),
         .write(path: "a", hardlinkTarget: nil)),
        ([ArchiveMember(path: "a/b", kind: .file)], ArchiveMember(path: "a", kind: .file), .refuse(.duplicate)),
        ([ArchiveMember(path: "a", kind: .file)], ArchiveMember(path: "a/b", kind: .file),
         .refuse(.insideNonDirectory(parent: "a"))),
        ([ArchiveMember(path: "a", kind: .symlink(target: "b"))], ArchiveMember(path: "a/b", kind: .directory),
         .refuse(.insideNonDirectory(parent: "a"))),
        ([ArchiveMember(path: "d/f", kind: .file)], ArchiveMember(path: "h", kind: .hardlink(target: "./d/f")),
         .write(path: "h", hardlinkTarget: "d/f")),
        ([ArchiveMember(path: "d", kind: .directory)], ArchiveMember(path: "h", kind: .hardlink(target: "d")),
         .refuse(.hardLinkTargetNotInArchive(target: "d"))),
        ([ArchiveMember(path: "s", kind: .symlink(target: "f"))], ArchiveMember(path: "h", kind: .hardlink(target: "s")),
         .refuse(.hardLinkTargetNotInArchive(target: "s"))),
        ([], ArchiveMember(path: "h", kind: .hardlink(target: "../x")), .refuse(.parentDirectoryReference)),
    ] as [([ArchiveMember], ArchiveMember, StreamingChecks.Action)])
    func streamingChecks(before: [ArchiveMember], member: ArchiveMember, expected: StreamingChecks.Action) {
        var checks = StreamingChecks()
        for earlier in before { _ = checks.admit(earlier) }
        #expect(checks.admit(member) == expected)
    }

    // MARK: - Helpers (static, so they cannot clash with other files' free functions)

    static func error(_ body: () throws(ArchiveError) -> Void) -> ArchiveError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    static func tree(_ folder: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static func permissions(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    static func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func linkTarget(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    static func inode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? Int
    }

    /// Seconds since 1970 of the entry's own modification time (not following a symlink).
    static func modified(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Int(info.st_mtim.tv_sec)
    }
}
