import Foundation
import Testing

@testable import PyManagerIndex

/// pbs-installer's `versions.json` in its own shape, built from rows.
enum InstallerMetadata {
    struct File {
        var version: (Int, Int, Int)
        var implementation = "cpython"
        var freeThreaded = false
        var platform = "linux"
        var arch = "x86_64"
        var filename: String
        var sha256: String?

        var url: String {
            let encoded = filename.replacingOccurrences(of: "+", with: "%2B")
            if implementation == "pypy" { return "https://downloads.python.org/pypy/\(filename)" }
            let build = filename.split(separator: "+").dropFirst().first?.prefix(8) ?? "20260101"
            return "https://github.com/astral-sh/python-build-standalone/releases/download/\(build)/\(encoded)"
        }
    }

    static func json(_ files: [File]) throws -> Data {
        let entries: [[String: Any]] = files.map { file in
            [
                "python_version": [
                    "implementation": file.implementation, "major": file.version.0, "minor": file.version.1,
                    "micro": file.version.2, "freethreaded": file.freeThreaded,
                ],
                "files": [[
                    "platform": file.platform, "arch": file.arch, "install_only": file.filename.contains("install_only"),
                    "filename": file.filename, "url": file.url, "sha256": file.sha256 as Any? ?? NSNull(),
                ]],
            ]
        }
        return try JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys])
    }

    static func parse(_ files: [File]) throws -> [PBSInstallerFile] {
        try PBSInstallerMetadata.parse(json(files), file: "versions.json")
    }
}

/// The hand-made uv metadata merged with `files`, as feed pages for linux-x86_64-gnu.
func mergedPages(_ files: [InstallerMetadata.File]) throws -> [FeedPage] {
    let uv = try PBSMetadata.parse(HandMadeMetadata.json(), file: "meta.json")
    let merged = try MetadataMerge.merge(
        uv: uv, uvFile: "meta.json", installer: InstallerMetadata.parse(files), installerFile: "versions.json")
    return try FeedBuilder.pages(for: x64, from: merged, file: "meta.json and versions.json")
}

@Suite("Merging pbs-installer's versions.json into uv's metadata")
struct MergeTests {
    typealias File = InstallerMetadata.File

    /// The archive uv lists as `cpython-3.14.2-linux-x86_64-gnu`, as pbs-installer names it.
    static let shared = "cpython-3.14.2+20260101-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz"

    @Test("the same archive with another digest stops the merge, naming both files and digests")
    func conflictingDigests() throws {
        let files = [File(version: (3, 14, 2), filename: Self.shared, sha256: HandMadeMetadata.digest(99))]
        #expect(throws: IndexError.conflictingDigest(
            archive: Self.shared, first: "meta.json", firstDigest: HandMadeMetadata.digest(1),
            second: "versions.json", secondDigest: HandMadeMetadata.digest(99))
        ) { try mergedPages(files) }
        let message = IndexError.conflictingDigest(
            archive: "a.tar.gz", first: "meta.json", firstDigest: "11", second: "versions.json", secondDigest: "22").description
        #expect(message.contains("a.tar.gz") && message.contains("meta.json lists 11") && message.contains("versions.json lists 22"))
        #expect(!message.contains("\n"))
    }

    @Test("two pbs-installer records of one archive with different digests are a conflict too")
    func conflictInsideInstallerFile() throws {
        let name = "cpython-3.14.9+20261021-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz"
        let files = [File(version: (3, 14, 9), filename: name, sha256: HandMadeMetadata.digest(40)),
                     File(version: (3, 14, 9), filename: name, sha256: HandMadeMetadata.digest(41))]
        #expect(throws: IndexError.self) { try mergedPages(files) }
    }

    @Test("an archive both list, with the same digest, is one entry; a missing digest is filled in")
    func sameArchiveOnce() throws {
        let uvOnly = try pages(HandMadeMetadata.json())
        let files = [
            File(version: (3, 14, 2), filename: Self.shared, sha256: HandMadeMetadata.digest(1)),
            File(version: (3, 14, 2), filename: Self.shared, sha256: nil),
        ]
        #expect(try mergedPages(files) == uvOnly)
        // uv publishes no digest for 3.12.1; pbs-installer does, so it becomes installable.
        let hashless = File(
            version: (3, 12, 1), filename: "cpython-3.12.1+20260101-x86_64-unknown-linux-gnu-install_only.tar.gz",
            sha256: HandMadeMetadata.digest(50))
        let entry = try #require(try mergedPages([hashless])[0].entries.first { $0.id == "pythoncore-3.12-64" })
        #expect(entry.sha256 == HandMadeMetadata.digest(50))
        #expect(entry.url == HandMadeMetadata.pbs + "cpython-3.12.1%2B20260101-x86_64-unknown-linux-gnu-install_only.tar.gz")
    }

    @Test("a newer release only pbs-installer lists becomes the line's page-1 entry; the old one moves to legacy")
    func newerRelease() throws {
        let files = [
            File(version: (3, 14, 9), filename: "cpython-3.14.9+20261021-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz",
                 sha256: HandMadeMetadata.digest(60)),
            File(version: (3, 14, 9), freeThreaded: true,
                 filename: "cpython-3.14.9+20261021-x86_64-unknown-linux-gnu-freethreaded-install_only_stripped.tar.gz",
                 sha256: HandMadeMetadata.digest(61)),
            File(version: (3, 15, 0), filename: "cpython-3.15.0+20261021-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz",
                 sha256: HandMadeMetadata.digest(62)),
        ]
        let result = try mergedPages(files)
        let main = Dictionary(uniqueKeysWithValues: result[0].entries.map { ($0.id, $0.sortVersion) })
        #expect(main["pythoncore-3.14-64"] == "3.14.9")
        #expect(main["pythoncore-3.14t-64"] == "3.14.9")
        // Stable 3.15.0 replaces the 3.15.0a2 prerelease, which is not listed anywhere.
        #expect(main["pythoncore-3.15-64"] == "3.15.0")
        #expect(result[0].entries.first { $0.id == "pythoncore-3.15-64" }?.tag == "3.15-64")
        #expect(!result.flatMap(\.entries).contains { $0.sortVersion == "3.15.0a2" })
        #expect(result[1].entries.filter { $0.id == "pythoncore-3.14-64" }.map(\.sortVersion) == ["3.14.2", "3.14.1"])
        // GraalPy comes from uv's metadata alone.
        #expect(main["graalpy-3.12-64"] == "3.12.0")
    }

    @Test("a version built twice is listed once, from its newest build")
    func newestBuild() throws {
        let files = [
            File(version: (3, 14, 2), filename: "cpython-3.14.2+20260301-x86_64-unknown-linux-gnu-install_only.tar.gz",
                 sha256: HandMadeMetadata.digest(70)),
            File(version: (3, 11, 13), implementation: "pypy", filename: "pypy3.11-v7.3.21-linux64.tar.gz",
                 sha256: HandMadeMetadata.digest(71)),
        ]
        let entries = try mergedPages(files).flatMap(\.entries)
        let cpython = entries.filter { $0.id == "pythoncore-3.14-64" && $0.sortVersion == "3.14.2" }
        // The newer build wins even over the older build's stripped archive.
        #expect(cpython.map(\.sha256) == [HandMadeMetadata.digest(70)])
        let pypy = entries.filter { $0.id == "pypy-3.11-64" }
        #expect(pypy.map(\.displayName) == ["PyPy 7.3.21 (Python 3.11.13)"])
        #expect(pypy.map(\.url) == ["https://downloads.python.org/pypy/pypy3.11-v7.3.21-linux64.tar.gz"])
    }

    @Test("build names compare by their numbers", arguments: [
        ("20260814", "20261021", -1), ("7.3.9", "7.3.23", -1), ("8.0.1", "7.3.23", 1), ("25.0.1", "25.0.1", 0),
    ])
    func buildOrder(a: String, b: String, expected: Int) {
        #expect(FeedBuilder.compareBuilds(a, b) == expected)
        #expect(FeedBuilder.compareBuilds(b, a) == -expected)
    }

    struct NameRow: CustomTestStringConvertible, Sendable {
        var filename: String
        var implementation = "cpython"
        var freeThreaded = false
        var platform = "linux"
        var arch = "x86_64"
        /// `os arch[/variant] libc version variant build`, or nil when the file is not used.
        var expected: String?
        var testDescription: String { filename }
    }

    @Test("pbs-installer file names are read into uv's terms", arguments: [
        NameRow(filename: "cpython-3.15.1+20261021-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz",
                expected: "linux x86_64 gnu 3.15.1 - 20261021"),
        NameRow(filename: "cpython-3.15.1+20261021-aarch64-apple-darwin-freethreaded-install_only_stripped.tar.gz",
                freeThreaded: true, platform: "macos", arch: "aarch64",
                expected: "darwin aarch64 none 3.15.1 freethreaded 20261021"),
        NameRow(filename: "cpython-3.16.0a1+20261021-x86_64_v3-unknown-linux-gnu-freethreaded+pgo+lto-full.tar.zst",
                freeThreaded: true, expected: "linux x86_64/v3 gnu 3.16.0a1 freethreaded 20261021"),
        NameRow(filename: "cpython-3.13.9+20261021-i686-unknown-linux-gnu-debug-install_only.tar.gz", arch: "x86",
                expected: "linux i686 gnu 3.13.9 debug 20261021"),
        NameRow(filename: "cpython-3.14.9+20261021-x86_64-pc-windows-msvc-install_only.tar.gz", platform: "windows", expected: nil),
        NameRow(filename: "cpython-3.10.0-x86_64-unknown-linux-gnu-install_only-20211017T1616.tar.gz", expected: nil),
        NameRow(filename: "cpython-3.14.9+20261021-x86_64-unknown-linux-gnu-install_only.tar.gz", freeThreaded: true, expected: nil),
        NameRow(filename: "pypy3.11-v8.0.1-linux64.tar.gz", implementation: "pypy", expected: "linux x86_64 gnu 3.14.9 - 8.0.1"),
        NameRow(filename: "pypy3.11-v8.0.1-linux32.tar.gz", implementation: "pypy", arch: "x86",
                expected: "linux i686 gnu 3.14.9 - 8.0.1"),
        NameRow(filename: "pypy3.11-v8.0.1-macos_arm64.tar.gz", implementation: "pypy", platform: "macos", arch: "aarch64",
                expected: "darwin aarch64 none 3.14.9 - 8.0.1"),
        NameRow(filename: "pypy3.11-v8.0.1-win64.zip", implementation: "pypy", platform: "windows", expected: nil),
    ])
    func fileNames(_ row: NameRow) {
        let file = PBSInstallerFile(
            implementation: row.implementation, major: 3, minor: 14, micro: 9, freeThreaded: row.freeThreaded,
            platform: row.platform, arch: row.arch, filename: row.filename, url: "https://example.com/" + row.filename,
            sha256: nil)
        let dist = PBSInstallerMetadata.distribution(file)
        let text = dist.map {
            "\($0.os) \($0.archFamily)\($0.archVariant.map { "/" + $0 } ?? "") \($0.libc) \($0.version) \($0.variant ?? "-") \($0.build)"
        }
        #expect(text == row.expected)
    }

    @Test("a malformed digest names its place in versions.json")
    func badDigest() throws {
        let files = [File(version: (3, 14, 9), filename: "x.tar.gz", sha256: "nothex")]
        #expect(throws: IndexError.invalidValue(file: "versions.json", keyPath: "[0].files[0].sha256", expected: "64 hex digits or null")) {
            try InstallerMetadata.parse(files)
        }
        #expect(throws: IndexError.self) { try PBSInstallerMetadata.parse(Data("{}".utf8), file: "versions.json") }
    }

    @Test("the change summary lists versions added and removed per host, in feed order")
    func changeSummary() throws {
        let before = try IndexGenerator.render(metadata: HandMadeMetadata.json(), file: "meta.json", triples: [x64])
        let files = [File(version: (3, 15, 0), filename: "cpython-3.15.0+20261021-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz",
                          sha256: HandMadeMetadata.digest(62))]
        let after = try IndexGenerator.render(
            metadata: HandMadeMetadata.json(), file: "meta.json",
            installer: IndexGenerator.Input(data: InstallerMetadata.json(files), file: "versions.json"), triples: [x64])
        var old: [String: Data] = [:]
        for page in before[0].pages { old[page.name] = Data(page.text.utf8) }
        let changes = IndexGenerator.changes(before: old, after: after)
        #expect(changes.map(\.description) == [
            "linux-x86_64-gnu: added PythonCore/3.15.0-64; removed PythonCore/3.15.0a2-64"
        ])
        #expect(IndexGenerator.changes(before: old, after: before).map(\.description) == ["linux-x86_64-gnu: unchanged"])
        // Nothing written before: everything is new.
        #expect(IndexGenerator.changes(before: [:], after: before)[0].added.count == before[0].pages.map(\.entries).reduce(0, +))
    }

    @Test("compressed metadata is read as it was before compression")
    func compressedInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pymanager-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("versions.json")
        try InstallerMetadata.json([File(version: (3, 14, 9), filename: "a.tar.gz", sha256: nil)]).write(to: plain)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-k", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(try IndexGenerator.Input(reading: dir.appendingPathComponent("versions.json.gz")).data == Data(contentsOf: plain))
        // A file that says .xz but is not: an error naming it.
        let fake = dir.appendingPathComponent("fake.json.xz")
        try Data("{}".utf8).write(to: fake)
        #expect(throws: IndexError.self) { try IndexGenerator.Input(reading: fake) }
    }
}
