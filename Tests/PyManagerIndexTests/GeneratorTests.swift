import Foundation
import Testing

@testable import PyManagerIndex

/// A hand-made metadata file in python-build-standalone's format. Each row is
/// one build; the comments say what the generator must do with it.
enum HandMadeMetadata {
    struct Build {
        var key: String
        var name = "cpython"
        var version: (Int, Int, Int, String)
        var os = "linux"
        var arch = "x86_64"
        var archVariant: String? = nil
        var libc = "gnu"
        var variant: String? = nil
        var url: String
        var sha256: String? = nil
        var build = "20260101"
    }

    static let pbs = "https://github.com/astral-sh/python-build-standalone/releases/download/20260101/"

    static func digest(_ n: Int) -> String {
        String(repeating: String(format: "%02x", n), count: 32)
    }

    static let builds: [Build] = [
        // Stable CPython, both archive flavours: the stripped one is chosen.
        Build(key: "cpython-3.14.2-linux-x86_64-gnu", version: (3, 14, 2, ""),
              url: pbs + "cpython-3.14.2%2B20260101-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz",
              sha256: digest(1)),
        Build(key: "cpython-3.14.2-linux-x86_64-gnu-unstripped", version: (3, 14, 2, ""),
              url: pbs + "cpython-3.14.2%2B20260101-x86_64-unknown-linux-gnu-install_only.tar.gz",
              sha256: digest(2)),
        // Older patch of the same minor line: legacy page.
        Build(key: "cpython-3.14.1-linux-x86_64-gnu", version: (3, 14, 1, ""),
              url: pbs + "cpython-3.14.1%2B20251201-x86_64-unknown-linux-gnu-install_only.tar.gz",
              sha256: digest(3)),
        // A prerelease newer than the line's final release: left out.
        Build(key: "cpython-3.14.3rc1-linux-x86_64-gnu", version: (3, 14, 3, "rc1"),
              url: pbs + "cpython-3.14.3rc1%2B20260101-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz",
              sha256: digest(4)),
        // Prerelease-only minor line: listed with a -dev tag.
        Build(key: "cpython-3.15.0a2-linux-x86_64-gnu", version: (3, 15, 0, "a2"),
              url: pbs + "cpython-3.15.0a2%2B20260101-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz",
              sha256: digest(5)),
        Build(key: "cpython-3.15.0a1-linux-x86_64-gnu", version: (3, 15, 0, "a1"),
              url: pbs + "cpython-3.15.0a1%2B20251201-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz",
              sha256: digest(6)),
        // Free-threaded build: the t tag.
        Build(key: "cpython-3.14.2+freethreaded-linux-x86_64-gnu", version: (3, 14, 2, ""), variant: "freethreaded",
              url: pbs + "cpython-3.14.2%2B20260101-x86_64-unknown-linux-gnu-freethreaded-install_only_stripped.tar.gz",
              sha256: digest(7)),
        // Newer free-threaded build, but only as a `full` archive: left out.
        Build(key: "cpython-3.14.3+freethreaded-linux-x86_64-gnu", version: (3, 14, 3, ""), variant: "freethreaded",
              url: pbs + "cpython-3.14.3%2B20260101-x86_64-unknown-linux-gnu-freethreaded%2Bpgo%2Blto-full.tar.zst",
              sha256: digest(8)),
        // Debug builds: left out, even as the newest stripped install_only archive of their line.
        Build(key: "cpython-3.13.10+debug-linux-x86_64-gnu", version: (3, 13, 10, ""), variant: "debug",
              url: pbs + "cpython-3.13.10%2B20260101-x86_64-unknown-linux-gnu-debug-install_only_stripped.tar.gz",
              sha256: digest(9)),
        Build(key: "cpython-3.13.9+freethreaded+debug-linux-x86_64-gnu", version: (3, 13, 9, ""),
              variant: "freethreaded+debug",
              url: pbs + "cpython-3.13.9%2B20260101-x86_64-unknown-linux-gnu-freethreaded%2Bdebug-full.tar.zst",
              sha256: digest(10)),
        // Only an unstripped install_only archive: used.
        Build(key: "cpython-3.13.9-linux-x86_64-gnu", version: (3, 13, 9, ""),
              url: pbs + "cpython-3.13.9%2B20260101-x86_64-unknown-linux-gnu-install_only.tar.gz",
              sha256: digest(11)),
        // No published hash: left out.
        Build(key: "cpython-3.12.1-linux-x86_64-gnu", version: (3, 12, 1, ""),
              url: pbs + "cpython-3.12.1%2B20260101-x86_64-unknown-linux-gnu-install_only.tar.gz"),
        // PyPy and GraalPy.
        Build(key: "pypy-3.11.13-linux-x86_64-gnu", name: "pypy", version: (3, 11, 13, ""),
              url: "https://downloads.python.org/pypy/pypy3.11-v7.3.20-linux64.tar.bz2",
              sha256: digest(12), build: "7.3.20"),
        Build(key: "graalpy-3.12.0-linux-x86_64-gnu", name: "graalpy", version: (3, 12, 0, ""),
              url: "https://github.com/oracle/graalpython/releases/download/graal-25.0.1/graalpy-25.0.1-linux-amd64.tar.gz",
              sha256: digest(13), build: "25.0.1"),
        // Other platforms: ignored for linux-x86_64-gnu. Each is newer than
        // anything above, so it would show up if the platform check slipped.
        Build(key: "cpython-3.14.5-linux-riscv64-gnu", version: (3, 14, 5, ""), arch: "riscv64",
              url: pbs + "cpython-3.14.5%2B20260101-riscv64-unknown-linux-gnu-install_only_stripped.tar.gz",
              sha256: digest(14)),
        Build(key: "cpython-3.14.4-linux-x86_64_v3-gnu", version: (3, 14, 4, ""), archVariant: "v3",
              url: pbs + "cpython-3.14.4%2B20260101-x86_64_v3-unknown-linux-gnu-install_only_stripped.tar.gz",
              sha256: digest(15)),
        Build(key: "cpython-3.14.6-windows-x86_64-none", version: (3, 14, 6, ""), os: "windows", libc: "none",
              url: pbs + "cpython-3.14.6%2B20260101-x86_64-pc-windows-msvc-install_only_stripped.tar.gz",
              sha256: digest(16)),
        Build(key: "cpython-3.14.8-linux-x86_64-musl", version: (3, 14, 8, ""), libc: "musl",
              url: pbs + "cpython-3.14.8%2B20260101-x86_64-unknown-linux-musl-install_only_stripped.tar.gz",
              sha256: digest(19)),
        // An unknown implementation: ignored.
        Build(key: "jython-3.14.2-linux-x86_64-gnu", name: "jython", version: (3, 14, 2, ""),
              url: "https://example.com/jython.tar.gz", sha256: digest(17)),
        // The same minor line on aarch64, for the platform suffix.
        Build(key: "cpython-3.14.2-linux-aarch64-gnu", version: (3, 14, 2, ""), arch: "aarch64",
              url: pbs + "cpython-3.14.2%2B20260101-aarch64-unknown-linux-gnu-install_only_stripped.tar.gz",
              sha256: digest(18)),
    ]

    static func object(_ build: Build) -> [String: Any] {
        [
            "name": build.name,
            "arch": ["family": build.arch, "variant": build.archVariant as Any? ?? NSNull()],
            "os": build.os, "libc": build.libc,
            "major": build.version.0, "minor": build.version.1, "patch": build.version.2,
            "prerelease": build.version.3,
            "url": build.url, "sha256": build.sha256 as Any? ?? NSNull(),
            "variant": build.variant as Any? ?? NSNull(), "build": build.build,
        ]
    }

    static func json(_ builds: [Build] = builds) throws -> Data {
        var top: [String: Any] = [:]
        for build in builds { top[build.key] = object(build) }
        return try JSONSerialization.data(withJSONObject: top, options: [.sortedKeys])
    }

    static func json(editing key: String, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        var top: [String: Any] = [:]
        for build in builds { top[build.key] = object(build) }
        var entry = try #require(top[key] as? [String: Any])
        edit(&entry)
        top[key] = entry
        return try JSONSerialization.data(withJSONObject: top, options: [.sortedKeys])
    }
}

let x64 = HostTriple(os: "linux", arch: "x86_64", libc: "gnu")
let arm64 = HostTriple(os: "linux", arch: "aarch64", libc: "gnu")

func pages(_ data: Data, triple: HostTriple = x64) throws -> [FeedPage] {
    let distributions = try PBSMetadata.parse(data, file: "meta.json")
    return try FeedBuilder.pages(for: triple, from: distributions, file: "meta.json")
}

@Suite("Feed generator on hand-made metadata")
struct GeneratorTests {
    @Test("page 1 has one entry per minor line, implementation and variant, newest line first")
    func mainPageIDs() throws {
        let result = try pages(HandMadeMetadata.json())
        #expect(result.map(\.fileName) == ["index-linux-x86_64-gnu.json", "index-linux-x86_64-gnu-legacy.json"])
        let main = try #require(result.first)
        #expect(main.entries.map(\.id) == [
            "pythoncore-3.15-64",
            "pythoncore-3.14-64", "pythoncore-3.14t-64",
            "pythoncore-3.13-64",
            "graalpy-3.12-64",
            "pypy-3.11-64",
        ])
        #expect(main.next == "index-linux-x86_64-gnu-legacy.json")
    }

    @Test("a stable release gets python.org's id, tag, install-for, run-for, alias and executable")
    func stableEntry() throws {
        let entry = try #require(try pages(HandMadeMetadata.json())[0].entries.first { $0.id == "pythoncore-3.14-64" })
        #expect(entry.sortVersion == "3.14.2")
        #expect(entry.company == "PythonCore")
        #expect(entry.tag == "3.14-64")
        #expect(entry.installFor == ["3.14.2-64", "3.14-64", "3-64"])
        #expect(entry.runFor.map(\.tag) == ["3.14.2-64", "3.14-64", "3-64", "3.14.2", "3.14", "3"])
        #expect(entry.runFor.allSatisfy { $0.target == "bin/python3.14" })
        #expect(entry.alias == [.init(name: "python3.14", target: "bin/python3.14"),
                                .init(name: "python3", target: "bin/python3.14")])
        #expect(entry.executable == "bin/python3.14")
        #expect(entry.displayName == "Python 3.14.2")
    }

    @Test("the stripped install_only archive is preferred over install_only")
    func strippedPreferred() throws {
        let main = try pages(HandMadeMetadata.json())[0]
        let entry = try #require(main.entries.first { $0.id == "pythoncore-3.14-64" })
        #expect(entry.url.hasSuffix("-install_only_stripped.tar.gz"))
        #expect(entry.sha256 == HandMadeMetadata.digest(1))
    }

    @Test("install_only is used when no stripped archive exists")
    func unstrippedFallback() throws {
        let entry = try #require(try pages(HandMadeMetadata.json())[0].entries.first { $0.id == "pythoncore-3.13-64" })
        #expect(entry.url.hasSuffix("-install_only.tar.gz"))
        #expect(entry.sortVersion == "3.13.9")
    }

    @Test("an older patch release goes to the legacy page, not page 1")
    func olderPatchPaged() throws {
        let result = try pages(HandMadeMetadata.json())
        #expect(!result[0].entries.contains { $0.sortVersion == "3.14.1" })
        let legacy = try #require(result.last)
        #expect(legacy.entries.map(\.sortVersion) == ["3.14.1"])
        #expect(legacy.entries.first?.id == "pythoncore-3.14-64")
        #expect(legacy.next == nil)
    }

    @Test("without older patches there is no legacy page and no next")
    func noLegacyPage() throws {
        let builds = HandMadeMetadata.builds.filter { $0.key != "cpython-3.14.1-linux-x86_64-gnu" }
        let result = try pages(HandMadeMetadata.json(builds))
        #expect(result.count == 1)
        #expect(result[0].next == nil)
        #expect(FeedJSON.render(result[0]).contains("\"next\"") == false)
    }

    @Test("a prerelease is tagged -dev, sorted by its full version, and older prereleases are dropped")
    func prerelease() throws {
        let result = try pages(HandMadeMetadata.json())
        let entry = try #require(result[0].entries.first { $0.id == "pythoncore-3.15-64" })
        #expect(entry.tag == "3.15-dev-64")
        #expect(entry.sortVersion == "3.15.0a2")
        #expect(entry.installFor == ["3.15.0a2-64", "3.15-64", "3-64", "3.15-dev-64", "3-dev-64"])
        #expect(entry.runFor.map(\.tag).contains("3.15-dev"))
        #expect(entry.displayName == "Python 3.15.0a2")
        let all = result.flatMap(\.entries).map(\.sortVersion)
        #expect(!all.contains("3.15.0a1"))
        #expect(!all.contains("3.14.3rc1"))
    }

    @Test("a free-threaded build uses the t suffix everywhere")
    func freeThreaded() throws {
        let entry = try #require(try pages(HandMadeMetadata.json())[0].entries.first { $0.id == "pythoncore-3.14t-64" })
        #expect(entry.tag == "3.14t-64")
        #expect(entry.sortVersion == "3.14.2")  // 3.14.3t exists only as a full archive
        #expect(entry.installFor == ["3.14.2t-64", "3.14t-64", "3t-64"])
        #expect(entry.runFor.map(\.tag) == ["3.14.2t-64", "3.14t-64", "3t-64", "3.14.2t", "3.14t", "3t"])
        #expect(entry.alias.map(\.name) == ["python3.14t", "python3t"])
        #expect(entry.executable == "bin/python3.14t")
        #expect(entry.displayName == "Python 3.14.2 (free-threaded)")
    }

    @Test("debug builds, full archives, hashless builds and other platforms are left out")
    func exclusions() throws {
        let urls = try pages(HandMadeMetadata.json()).flatMap(\.entries).map(\.url)
        #expect(!urls.contains { $0.contains("debug") })
        #expect(!urls.contains { $0.contains("-full.") })
        #expect(!urls.contains { $0.contains("3.12.1") })
        #expect(!urls.contains { $0.contains("riscv64") || $0.contains("x86_64_v3") || $0.contains("windows") })
        #expect(!urls.contains { $0.contains("musl") })
        #expect(!urls.contains { $0.contains("jython") })
    }

    @Test("PyPy is its own company with pypy aliases")
    func pypy() throws {
        let entry = try #require(try pages(HandMadeMetadata.json())[0].entries.first { $0.company == "PyPy" })
        #expect(entry.id == "pypy-3.11-64")
        #expect(entry.tag == "3.11-64")
        #expect(entry.sortVersion == "3.11.13")
        #expect(entry.installFor == ["3.11.13-64", "3.11-64", "3-64"])
        #expect(entry.alias.map(\.name) == ["pypy3.11", "pypy3"])
        #expect(entry.executable == "bin/pypy3.11")
        #expect(entry.displayName == "PyPy 7.3.20 (Python 3.11.13)")
    }

    @Test("GraalPy is its own company with graalpy aliases")
    func graalpy() throws {
        let entry = try #require(try pages(HandMadeMetadata.json())[0].entries.first { $0.company == "GraalPy" })
        #expect(entry.id == "graalpy-3.12-64")
        #expect(entry.tag == "3.12-64")
        #expect(entry.alias.map(\.name) == ["graalpy3.12", "graalpy"])
        #expect(entry.alias.allSatisfy { $0.target == "bin/graalpy" })
        #expect(entry.executable == "bin/graalpy")
        #expect(entry.displayName == "GraalPy 25.0.1 (Python 3.12.0)")
    }

    @Test("the aarch64 feed uses the -arm64 suffix and only aarch64 builds")
    func arm64Suffix() throws {
        let result = try pages(HandMadeMetadata.json(), triple: arm64)
        #expect(result.count == 1)
        let entry = try #require(result[0].entries.first)
        #expect(result[0].entries.count == 1)
        #expect(entry.id == "pythoncore-3.14-arm64")
        #expect(entry.tag == "3.14-arm64")
        #expect(entry.installFor == ["3.14.2-arm64", "3.14-arm64", "3-arm64"])
        #expect(entry.url.contains("aarch64"))
    }

    @Test("an entry renders on one line with python.org's key order")
    func renderedEntry() throws {
        let main = try pages(HandMadeMetadata.json())[0]
        let entry = try #require(main.entries.first { $0.id == "pypy-3.11-64" })
        let expected = """
            {"schema": 1, "id": "pypy-3.11-64", "sort-version": "3.11.13", "company": "PyPy", "tag": "3.11-64", \
            "install-for": ["3.11.13-64", "3.11-64", "3-64"], \
            "run-for": [{"tag": "3.11.13-64", "target": "bin/pypy3.11"}, {"tag": "3.11-64", "target": "bin/pypy3.11"}, \
            {"tag": "3-64", "target": "bin/pypy3.11"}, {"tag": "3.11.13", "target": "bin/pypy3.11"}, \
            {"tag": "3.11", "target": "bin/pypy3.11"}, {"tag": "3", "target": "bin/pypy3.11"}], \
            "alias": [{"name": "pypy3.11", "target": "bin/pypy3.11"}, {"name": "pypy3", "target": "bin/pypy3.11"}], \
            "display-name": "PyPy 7.3.20 (Python 3.11.13)", "executable": "bin/pypy3.11", \
            "url": "https://downloads.python.org/pypy/pypy3.11-v7.3.20-linux64.tar.bz2", \
            "hash": {"sha256": "\(HandMadeMetadata.digest(12))"}}
            """
        #expect(FeedJSON.render(entry) == expected)
        let page = FeedJSON.render(main)
        #expect(page.hasPrefix("{\n  \"versions\": [\n    {\"schema\": 1, \"id\": \"pythoncore-3.15-64\""))
        #expect(page.hasSuffix("}}\n  ],\n  \"next\": \"index-linux-x86_64-gnu-legacy.json\"\n}\n"))
        // Valid JSON, with the same number of entries.
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(page.utf8)) as? [String: Any])
        #expect((parsed["versions"] as? [Any])?.count == main.entries.count)
    }

    @Test("the same metadata in a different key order gives the same bytes")
    func deterministic() throws {
        let forward = try HandMadeMetadata.json(HandMadeMetadata.builds)
        let backward = try HandMadeMetadata.json(HandMadeMetadata.builds.reversed())
        let a = try pages(forward).map(FeedJSON.render)
        let b = try pages(backward).map(FeedJSON.render)
        #expect(a == b)
    }

    @Test("strings are escaped as JSON")
    func quoting() {
        #expect(FeedJSON.quote("a\"b\\c\n\u{1}é/") == "\"a\\\"b\\\\c\\n\\u0001é/\"")
    }
}

@Suite("Bad metadata gives one-line errors naming the file and key")
struct MetadataErrorTests {
    @Test("not JSON")
    func notJSON() {
        #expect {
            try PBSMetadata.parse(Data("{nope".utf8), file: "meta.json")
        } throws: { error in
            guard case .notJSON(file: "meta.json", reason: _)? = error as? IndexError else { return false }
            return true
        }
    }

    @Test("top level is not an object")
    func topLevelArray() {
        #expect {
            try PBSMetadata.parse(Data("[]".utf8), file: "meta.json")
        } throws: { error in
            guard case .notJSON(file: "meta.json", reason: let reason)? = error as? IndexError else { return false }
            return reason.contains("object")
        }
    }

    @Test("a field of the wrong type names the build key and field")
    func wrongType() throws {
        let data = try HandMadeMetadata.json(editing: "cpython-3.14.2-linux-x86_64-gnu") { $0["major"] = "3" }
        #expect(throws: IndexError.invalidValue(
            file: "meta.json", keyPath: "\"cpython-3.14.2-linux-x86_64-gnu\".major", expected: "an integer")
        ) {
            try PBSMetadata.parse(data, file: "meta.json")
        }
    }

    @Test("a missing field names the build key and field")
    func missingKey() throws {
        let data = try HandMadeMetadata.json(editing: "pypy-3.11.13-linux-x86_64-gnu") { $0["url"] = nil }
        #expect(throws: IndexError.invalidValue(
            file: "meta.json", keyPath: "\"pypy-3.11.13-linux-x86_64-gnu\".url",
            expected: "a value (the key is missing)")
        ) {
            try PBSMetadata.parse(data, file: "meta.json")
        }
    }

    @Test("a nested field of the wrong type names the whole path")
    func nestedWrongType() throws {
        let data = try HandMadeMetadata.json(editing: "cpython-3.14.2-linux-x86_64-gnu") { $0["arch"] = ["family": 7] }
        #expect(throws: IndexError.invalidValue(
            file: "meta.json", keyPath: "\"cpython-3.14.2-linux-x86_64-gnu\".arch.family", expected: "a string")
        ) {
            try PBSMetadata.parse(data, file: "meta.json")
        }
    }

    @Test("an unknown prerelease form is rejected")
    func badPrerelease() throws {
        let data = try HandMadeMetadata.json(editing: "cpython-3.15.0a2-linux-x86_64-gnu") { $0["prerelease"] = "dev1" }
        #expect(throws: IndexError.invalidValue(
            file: "meta.json", keyPath: "\"cpython-3.15.0a2-linux-x86_64-gnu\".prerelease",
            expected: "\"\", aN, bN or rcN, found \"dev1\"")
        ) {
            try PBSMetadata.parse(data, file: "meta.json")
        }
    }

    @Test("a malformed sha256 is rejected")
    func badDigest() throws {
        let data = try HandMadeMetadata.json(editing: "cpython-3.14.2-linux-x86_64-gnu") { $0["sha256"] = "abc" }
        #expect(throws: IndexError.invalidValue(
            file: "meta.json", keyPath: "\"cpython-3.14.2-linux-x86_64-gnu\".sha256", expected: "64 hex digits or null")
        ) {
            try PBSMetadata.parse(data, file: "meta.json")
        }
    }

    @Test("a selected build with a non-https URL is rejected")
    func plainHTTP() throws {
        let data = try HandMadeMetadata.json(editing: "pypy-3.11.13-linux-x86_64-gnu") {
            $0["url"] = "http://downloads.python.org/pypy/pypy3.11-v7.3.20-linux64.tar.bz2"
        }
        #expect(throws: IndexError.invalidValue(
            file: "meta.json", keyPath: "\"pypy-3.11.13-linux-x86_64-gnu\".url", expected: "an https:// URL")
        ) {
            try pages(data)
        }
    }

    @Test("a triple with nothing installable is an error")
    func emptyTriple() throws {
        let i686 = HostTriple(os: "linux", arch: "i686", libc: "gnu")
        #expect(throws: IndexError.noEntries(triple: "linux-i686-gnu", file: "meta.json")) {
            try pages(HandMadeMetadata.json(), triple: i686)
        }
    }

    @Test("Windows builds (libc none) never land in a darwin feed")
    func windowsIsNotDarwin() throws {
        let darwin = HostTriple(os: "darwin", arch: "x86_64", libc: "none")
        #expect(throws: IndexError.noEntries(triple: "darwin-x86_64", file: "meta.json")) {
            try pages(HandMadeMetadata.json(), triple: darwin)
        }
    }

    @Test("messages are one line and name the file and key")
    func messageShape() {
        let message = IndexError.invalidValue(
            file: "meta.json", keyPath: "\"cpython-3.14.2-linux-x86_64-gnu\".major", expected: "an integer"
        ).description
        #expect(message == "Invalid metadata in meta.json at \"cpython-3.14.2-linux-x86_64-gnu\".major: expected an integer.")
        #expect(!message.contains("\n"))
    }

    @Test("an unreadable metadata file names the file")
    func unreadable() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).json")
        #expect {
            try IndexGenerator.generate(metadataURL: missing, outputDirectory: FileManager.default.temporaryDirectory)
        } throws: { error in
            guard case .unreadable(file: missing.path, reason: _)? = error as? IndexError else { return false }
            return true
        }
    }
}

@Suite("Triples and versions")
struct TripleAndVersionTests {
    @Test("triples parse to their canonical spelling and suffix", arguments: [
        ("linux-x86_64-gnu", "linux-x86_64-gnu", "-64"),
        ("linux-aarch64-musl", "linux-aarch64-musl", "-arm64"),
        ("linux-i686-gnu", "linux-i686-gnu", "-32"),
        ("darwin-aarch64", "darwin-aarch64", "-arm64"),
        ("darwin-x86_64-none", "darwin-x86_64", "-64"),
    ])
    func parses(text: String, canonical: String, suffix: String) throws {
        let triple = try HostTriple(parsing: text)
        #expect(triple.description == canonical)
        #expect(triple.platformSuffix == suffix)
        #expect(try HostTriple(parsing: triple.description) == triple)
        #expect(triple.feedFileName == "index-\(canonical).json")
    }

    @Test("bad triples are rejected", arguments: [
        "linux", "linux-x86_64-glibc", "linux-riscv64-gnu", "linux-x86_64_v3-gnu", "windows-x86_64-none",
        "darwin-aarch64-gnu", "linux--gnu", "linux-x86_64-gnu-extra",
    ])
    func rejects(text: String) {
        #expect {
            try HostTriple(parsing: text)
        } throws: { error in
            guard case .invalidTriple(text, reason: _)? = error as? IndexError else { return false }
            return true
        }
    }

    @Test("versions sort in release order")
    func versionOrder() throws {
        let texts = [("3.9.25", 3, 9, 25, ""), ("3.15.0a1", 3, 15, 0, "a1"), ("3.15.0a2", 3, 15, 0, "a2"),
                     ("3.15.0b1", 3, 15, 0, "b1"), ("3.15.0rc1", 3, 15, 0, "rc1"), ("3.15.0", 3, 15, 0, ""),
                     ("3.15.1", 3, 15, 1, "")]
        let versions = try texts.map { text, major, minor, patch, pre in
            let v = try #require(RuntimeVersion(major: major, minor: minor, patch: patch, prereleaseText: pre))
            #expect(v.description == text)
            return v
        }
        #expect(versions == versions.sorted())
        #expect(versions.map(\.isPrerelease) == [false, true, true, true, true, false, false])
        #expect(RuntimeVersion(major: 3, minor: 15, patch: 0, prereleaseText: "dev1") == nil)
        #expect(RuntimeVersion(major: 3, minor: 15, patch: 0, prereleaseText: "rc") == nil)
    }
}
