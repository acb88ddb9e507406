import Foundation
import PyManagerCore
import TestSupport
import Testing

/// `py list`: formats, filters, legacy spellings and where runtimes come from.
@Suite("py list")
struct ListTests {
    /// Ids in the order `py list` shows the standard runtimes: stable first, newest first,
    /// core before other companies, prereleases last.
    static let standardOrder = [
        "pythoncore-3.14-64", "pythoncore-3.14t-64", "pythoncore-3.13-64", "pythoncore-3.12-64", "pypy-3.11-64",
        "pythoncore-3.15-64",
    ]

    @Test("the table lists every runtime and marks the default with *")
    func table() throws {
        let fixture = try CLIFixture()
        let result = try fixture.py(["list"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let lines = CLILines(result.stdout)
        #expect(lines.first?.hasPrefix("Tag") == true)
        #expect(lines.first?.contains("Version") == true)
        #expect(lines.count == 1 + Self.standardOrder.count)
        let starred = lines.filter { $0.contains(" * ") }
        #expect(starred.count == 1)
        #expect(starred.first?.hasPrefix("3.14[-64] ") == true, "\(starred)")
        #expect(lines.contains { $0.hasPrefix("PyPy\\3.11[-64]") && $0.contains("3.11.13") })
        #expect(lines.contains { $0.hasPrefix("3.15-dev[-64]") && $0.contains("3.15.0a3") })
        // Rows follow the sort order: 3.14 before 3.13 before the prerelease.
        let order = ["3.14[-64]", "3.13[-64]", "3.12[-64]", "3.15-dev[-64]"].map { tag in lines.firstIndex { $0.hasPrefix(tag + " ") } }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    }

    @Test("with nothing installed the table says how to install")
    func emptyTable() throws {
        let fixture = try CLIFixture([])
        let result = try fixture.py(["list"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("py install"))
    }

    @Test("json is {\"versions\": [...]} with the install fields, default only where true")
    func json() throws {
        let fixture = try CLIFixture()
        let result = try fixture.py(["list", "-f", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("}\n"))
        let versions = try CLIFixture.versions(result.stdout)
        #expect(versions.map { $0["id"]?.stringValue ?? "?" } == Self.standardOrder)
        let first = try #require(versions.first)
        #expect(first["company"] == .string("PythonCore"))
        #expect(first["tag"] == .string("3.14-64"))
        #expect(first["sort-version"] == .string("3.14.2"))
        #expect(first["display-name"] == .string("Python 3.14.2"))
        #expect(first["prefix"] == .string(fixture.prefix("pythoncore-3.14-64")))
        #expect(first["executable"] == .string(fixture.prefix("pythoncore-3.14-64") + "/bin/python3.14"))
        #expect(first["default"] == .bool(true))
        for other in versions.dropFirst() {
            #expect(other["default"] == nil, "\(other["id"]?.stringValue ?? "")")
        }
        #expect(versions.allSatisfy { $0["unmanaged"] == nil })
    }

    @Test("jsonl is one JSON object per line, the same objects as json")
    func jsonl() throws {
        let fixture = try CLIFixture()
        let json = try CLIFixture.versions(try fixture.py(["list", "--format=json"]).stdout)
        let result = try fixture.py(["list", "--format=jsonl"])
        #expect(result.status == 0)
        let lines = CLILines(result.stdout)
        #expect(lines.count == json.count)
        #expect(try lines.map { try JSONValue(parsing: $0) } == json.map { JSONValue.object($0) })
    }

    @Test("csv has a header row and one row per runtime plus run-for and alias rows")
    func csv() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5"), CLIRuntime(version: "3.12.10")])
        let result = try fixture.py(["list", "-f", "csv"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\r\n"))
        let rows = result.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = try #require(rows.first).split(separator: ",").map(String.init)
        for column in ["id", "sort-version", "company", "tag", "display-name", "prefix", "run-for.tag", "run-for.target", "alias.name"] {
            #expect(header.contains(column), "missing column \(column) in \(header)")
        }
        #expect(!header.contains("executable"))
        #expect(!header.contains("install-for"))
        let idColumn = try #require(header.firstIndex(of: "id"))
        let ids = rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .compactMap { $0.count > idColumn ? $0[idColumn] : nil }.filter { !$0.isEmpty }
        #expect(ids == ["pythoncore-3.13-64", "pythoncore-3.12-64"])
        // 1 header + per runtime: its row, 6 run-for rows and 1 alias row.
        #expect(rows.count == 1 + 2 * (1 + 6 + 1))
    }

    @Test("exe, prefix, id and url print one field per line")
    func fieldFormats() throws {
        let runtimes = [CLIRuntime(version: "3.13.5"), CLIRuntime(version: "3.12.10")]
        let fixture = try CLIFixture(runtimes)
        let exe = try fixture.py(["list", "-f", "exe"])
        #expect(exe.stdout == runtimes.map { fixture.executable($0) + "\n" }.joined())
        let prefix = try fixture.py(["list", "-f", "prefix"])
        #expect(prefix.stdout == runtimes.map { fixture.prefix($0.id) + "\n" }.joined())
        let id = try fixture.py(["list", "-f", "id"])
        #expect(id.stdout == "pythoncore-3.13-64\npythoncore-3.12-64\n")
        let url = try fixture.py(["list", "-f", "url"])
        #expect(url.stdout == "https://example.invalid/pythoncore-3.13-64.tar.gz\nhttps://example.invalid/pythoncore-3.12-64.tar.gz\n")
    }

    @Test("option values may be spelt -f json, -f=json, -f:json, --format=json, --format json",
        arguments: [["-f", "id"], ["-f=id"], ["-f:id"], ["--format=id"], ["--format", "id"], ["--format:id"], ["/f:id"], ["-F", "ID"]])
    func optionSpellings(_ options: [String]) throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5")])
        let result = try fixture.py(["list"] + options)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "pythoncore-3.13-64\n")
    }

    @Test("--one shows only the default runtime")
    func one() throws {
        let fixture = try CLIFixture()
        for option in ["--one", "-1"] {
            let result = try fixture.py(["list", option, "-f", "id"])
            #expect(result.status == 0)
            #expect(result.stdout == "pythoncore-3.14-64\n", "\(option)")
        }
        let json = try CLIFixture.versions(try fixture.py(["list", "-1", "-f", "json"]).stdout)
        #expect(json.count == 1)
        #expect(json.first?["default"] == .bool(true))
    }

    struct FilterRow: CustomTestStringConvertible, Sendable {
        var filters: [String]
        var expected: [String]
        var testDescription: String { filters.joined(separator: " ") }
    }

    static let filterRows: [FilterRow] = [
        FilterRow(filters: ["3.12"], expected: ["pythoncore-3.12-64"]),
        FilterRow(filters: ["3.14"], expected: ["pythoncore-3.14-64"]),
        FilterRow(filters: ["3.14t"], expected: ["pythoncore-3.14t-64"]),
        FilterRow(filters: ["3.14.2"], expected: ["pythoncore-3.14-64"]),
        FilterRow(filters: ["3.1"], expected: []),
        FilterRow(filters: ["3.12", "3.13"], expected: ["pythoncore-3.13-64", "pythoncore-3.12-64"]),
        FilterRow(filters: [">=3.13"], expected: ["pythoncore-3.14-64", "pythoncore-3.13-64", "pythoncore-3.15-64"]),
        FilterRow(filters: ["<3.13"], expected: ["pythoncore-3.12-64", "pypy-3.11-64"]),
        FilterRow(filters: [">3.12,<3.14"], expected: ["pythoncore-3.13-64"]),
        FilterRow(filters: ["PythonCore/"], expected: [
            "pythoncore-3.14-64", "pythoncore-3.14t-64", "pythoncore-3.13-64", "pythoncore-3.12-64", "pythoncore-3.15-64",
        ]),
        FilterRow(filters: ["PythonCore/3.13"], expected: ["pythoncore-3.13-64"]),
        FilterRow(filters: ["PyPy/"], expected: ["pypy-3.11-64"]),
        FilterRow(filters: ["pypy/3.11"], expected: ["pypy-3.11-64"]),
        FilterRow(filters: ["3.15"], expected: ["pythoncore-3.15-64"]),
        FilterRow(filters: ["3.13-64"], expected: ["pythoncore-3.13-64"]),
        FilterRow(filters: ["3.13-arm64"], expected: []),
        FilterRow(filters: ["3.99"], expected: []),
    ]

    @Test("tag and range filters", arguments: filterRows)
    func filters(_ row: FilterRow) throws {
        let fixture = try CLIFixture()
        let result = try fixture.py(["list", "-f", "id"] + row.filters)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(CLILines(result.stdout) == row.expected)
    }

    @Test("legacy -0 and --list show -V: tags with the default starred")
    func legacyList() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5"), CLIRuntime(version: "3.12.10"), CLIRuntime(company: "PyPy", version: "3.11.13")])
        for spelling in ["-0", "--list"] {
            let result = try fixture.py([spelling])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = CLILines(result.stdout)
            #expect(lines.count == 3)
            #expect(lines[0].hasPrefix(" -V:3.13[-64] *"))
            #expect(lines[0].hasSuffix(" Python 3.13.5"))
            #expect(lines[1].hasPrefix(" -V:3.12[-64] "))
            #expect(!lines[1].contains("*"))
            #expect(lines[2].hasPrefix(" -V:PyPy\\3.11[-64]"))
        }
    }

    @Test("legacy -0p and --list-paths show executables")
    func legacyPaths() throws {
        let runtime = CLIRuntime(version: "3.13.5")
        let fixture = try CLIFixture([runtime])
        for spelling in ["-0p", "--list-paths"] {
            let result = try fixture.py([spelling])
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix(" -V:3.13[-64] *"))
            #expect(result.stdout.hasSuffix(" " + fixture.executable(runtime) + "\n"))
        }
    }

    @Test("legacy list options take no other arguments")
    func legacyExtraArguments() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5")])
        let result = try fixture.py(["-0", "3.13"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("py list"))
    }

    @Test("list.format in the user config sets the default format")
    func formatFromConfig() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5")])
        try fixture.writeUserConfig(#"{"list": {"format": "id"}}"#)
        #expect(try fixture.py(["list"]).stdout == "pythoncore-3.13-64\n")
        // The option still wins.
        #expect(try fixture.py(["list", "-f", "exe"]).stdout.hasSuffix("/bin/python3.13\n"))
    }

    @Test("PYTHON_MANAGER_LIST_FORMAT sets the default format")
    func formatFromEnvironment() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5")])
        #expect(try fixture.py(["list"], env: ["PYTHON_MANAGER_LIST_FORMAT": "id"]).stdout == "pythoncore-3.13-64\n")
        #expect(try fixture.py(["list", "--format=prefix"], env: ["PYTHON_MANAGER_LIST_FORMAT": "id"]).stdout == fixture.prefix("pythoncore-3.13-64") + "\n")
    }

    @Test("an invalid format is an error listing the valid ones", arguments: [["-f", "yaml"], [], ["--format=Tabel"]])
    func invalidFormat(_ options: [String]) throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5")])
        let env = options.isEmpty ? ["PYTHON_MANAGER_LIST_FORMAT": "yaml"] : [:]
        let result = try fixture.py(["list"] + options, env: env)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        for name in ["table", "csv", "json", "jsonl", "exe", "prefix", "id", "url"] {
            #expect(result.stderr.contains(name), "\(name) missing from: \(result.stderr)")
        }
        #expect(!result.stderr.contains("legacy-paths"))
    }

    @Test("a corrupt __install__.json is a warning naming the folder; the others are still listed")
    func corruptRecord() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5"), CLIRuntime(version: "3.12.10")])
        let broken = fixture.prefix("pythoncore-3.13-64")
        try "{\"schema\": 1, \"id\": ".write(toFile: broken + "/__install__.json", atomically: true, encoding: .utf8)
        let result = try fixture.py(["list", "-f", "id"])
        #expect(result.status == 0)
        #expect(result.stdout == "pythoncore-3.12-64\n")
        #expect(result.stderr.contains(broken))
        #expect(CLILines(result.stderr).count == 1, "\(result.stderr)")
    }

    @Test("folders without __install__.json and leftovers of interrupted installs are not listed")
    func leftovers() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5")])
        try fixture.root.write("{}", to: "home/.local/share/pymanager/.staging-1/__install__.json")
        try fixture.root.write("x", to: "home/.local/share/pymanager/empty-folder/readme")
        let result = try fixture.py(["list", "-f", "id"])
        #expect(result.stdout == "pythoncore-3.13-64\n")
        #expect(result.stderr == "")
    }

    @Test("global options after the subcommand: -v adds output on stderr, -q hides warnings")
    func globalOptions() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5"), CLIRuntime(version: "3.12.10")])
        try "not json".write(toFile: fixture.prefix("pythoncore-3.12-64") + "/__install__.json", atomically: true, encoding: .utf8)
        let normal = try fixture.py(["list", "-f", "id"])
        #expect(normal.stderr.contains("pythoncore-3.12-64"))
        let quiet = try fixture.py(["list", "-f", "id", "-qq"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout == "pythoncore-3.13-64\n")
        #expect(quiet.stderr == "")
        let verbose = try fixture.py(["list", "-vv", "-f", "id"])
        #expect(verbose.status == 0)
        #expect(verbose.stdout == "pythoncore-3.13-64\n")
        #expect(verbose.stderr.count > normal.stderr.count)
        let unknown = try fixture.py(["list", "--frobnicate"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--frobnicate"))
    }
}

/// Unmanaged runtimes: found on PATH and in `$PYENV_ROOT/versions`, listed after managed ones.
@Suite("py list: unmanaged runtimes")
struct ListUnmanagedTests {
    /// A fixture with one managed 3.13, a fake `python3.11` in two PATH folders (the
    /// second a symlink to the first), and pyenv's 3.10.14.
    static func fixture() throws -> (CLIFixture, [String: String]) {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5")])
        let base = fixture.root.path
        try CLIWriteExecutable(CLIFakeExecutableScript(version: "3.11.4"), at: base + "/path1/python3.11")
        try FileManager.default.createDirectory(atPath: base + "/path2", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: base + "/path2/python3.11", withDestinationPath: base + "/path1/python3.11")
        try CLIWriteExecutable(CLIFakeExecutableScript(version: "3.10.14"), at: base + "/pyenv/versions/3.10.14/bin/python3.10")
        // Newer than the managed runtime, yet listed after it.
        try CLIWriteExecutable(CLIFakeExecutableScript(version: "3.14.1"), at: base + "/pyenv/versions/3.14.1/bin/python3.14")
        // Not interpreters: wrong names, and a non-executable file.
        try CLIWriteExecutable("#!/bin/sh\n", at: base + "/path1/python3.11-config")
        try fixture.root.write("", to: "path1/python3.9")
        let env = [
            "PYTHON_MANAGER_INCLUDE_UNMANAGED": "1", "PATH": base + "/path1:" + base + "/path2:/usr/bin:/bin",
            "PYENV_ROOT": base + "/pyenv",
        ]
        return (fixture, env)
    }

    /// Entries whose prefix lies in the fixture (the machine's own /usr/bin pythons may appear too).
    static func ours(_ versions: [JSONObject], _ fixture: CLIFixture) -> [JSONObject] {
        versions.filter { $0["prefix"]?.stringValue?.hasPrefix(fixture.root.path) == true }
    }

    @Test("PATH and pyenv interpreters are listed once each, after managed ones, marked unmanaged")
    func listed() throws {
        let (fixture, env) = try Self.fixture()
        let result = try fixture.py(["list", "-f", "json"], env: env)
        #expect(result.status == 0, "\(result.stderr)")
        let all = try CLIFixture.versions(result.stdout)
        let versions = Self.ours(all, fixture)
        #expect(versions.map { $0["executable"]?.stringValue ?? "?" } == [
            fixture.prefix("pythoncore-3.13-64") + "/bin/python3.13",
            fixture.root.path + "/pyenv/versions/3.14.1/bin/python3.14",
            fixture.root.path + "/path1/python3.11",
            fixture.root.path + "/pyenv/versions/3.10.14/bin/python3.10",
        ])
        #expect(all.first?["id"] == .string("pythoncore-3.13-64"))
        #expect(versions[0]["unmanaged"] == nil)
        #expect(versions.dropFirst().allSatisfy { $0["unmanaged"] == .int(1) })
        #expect(versions[3]["sort-version"] == .string("3.10.14"))
        #expect(versions[2]["tag"] == .string("3.11"))
        #expect(all.first?["default"] == .bool(true))
        // Every unmanaged runtime sorts after every managed one.
        let firstUnmanaged = all.firstIndex { $0["unmanaged"] != nil } ?? all.count
        #expect(all[firstUnmanaged...].allSatisfy { $0["unmanaged"] != nil })
    }

    @Test("--only-managed hides unmanaged runtimes")
    func onlyManaged() throws {
        let (fixture, env) = try Self.fixture()
        let result = try fixture.py(["list", "--only-managed", "-f", "exe"], env: env)
        #expect(result.stdout == fixture.prefix("pythoncore-3.13-64") + "/bin/python3.13\n")
        let json = try CLIFixture.versions(try fixture.py(["list", "--only-managed", "-f", "json"], env: env).stdout)
        #expect(json.allSatisfy { $0["unmanaged"] == nil })
    }

    @Test("PYTHON_MANAGER_INCLUDE_UNMANAGED=0 hides them too")
    func excluded() throws {
        let (fixture, env) = try Self.fixture()
        let result = try fixture.py(["list", "-f", "exe"], env: env.merging(["PYTHON_MANAGER_INCLUDE_UNMANAGED": "0"]) { $1 })
        #expect(result.stdout == fixture.prefix("pythoncore-3.13-64") + "/bin/python3.13\n")
    }

    @Test("the table shows unmanaged runtimes in their own section")
    func tableSection() throws {
        let (fixture, env) = try Self.fixture()
        let result = try fixture.py(["list"], env: env)
        let lines = CLILines(result.stdout)
        let section = try #require(lines.firstIndex { $0.contains("cannot be updated or uninstalled") })
        let managed = try #require(lines.firstIndex { $0.hasPrefix("3.13[-64]") })
        let pyenv = try #require(lines.firstIndex { $0.hasPrefix("3.10 ") })
        #expect(managed < section)
        #expect(section < pyenv)
    }

    @Test("a bare tag prefers unmanaged CPython to another company's managed runtime")
    func unmanagedBeatsOtherCompany() throws {
        let (fixture, env) = try Self.fixture()
        try fixture.add(CLIRuntime(company: "PyPy", version: "3.11.13"))
        let exe = fixture.root.path + "/path1/python3.11"
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.11"], env: env).stdout) == exe)
        #expect(try fixture.py(["list", "--one", "-f", "exe", "3.11"], env: env).stdout == exe + "\n")
        // Without unmanaged runtimes, PyPy is the fallback; with its company named, it is chosen.
        let managedOnly = env.merging(["PYTHON_MANAGER_INCLUDE_UNMANAGED": "0"]) { $1 }
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.11"], env: managedOnly).stdout).hasSuffix("/pypy-3.11-64/bin/pypy3.11"))
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:PyPy/3.11"], env: env).stdout).hasSuffix("/pypy-3.11-64/bin/pypy3.11"))
    }

    @Test("an unmanaged runtime can be chosen when no managed one matches")
    func launchUnmanaged() throws {
        let (fixture, env) = try Self.fixture()
        let dry = try fixture.dryRun(["-V:3.10", "-c", "pass"], env: env)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(CLIDryRunExecutable(dry.stdout) == fixture.root.path + "/pyenv/versions/3.10.14/bin/python3.10")
        let one = try fixture.py(["list", "--one", "-f", "exe", "3.10"], env: env)
        #expect(one.stdout == fixture.root.path + "/pyenv/versions/3.10.14/bin/python3.10\n")
        // A bare 3.11 finds the unmanaged CPython (no managed 3.11 exists).
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.11"], env: env).stdout) == fixture.root.path + "/path1/python3.11")
        // The default is still the managed runtime, although an unmanaged 3.14 is newer.
        #expect(CLIDryRunExecutable(try fixture.dryRun([], env: env).stdout) == fixture.prefix("pythoncore-3.13-64") + "/bin/python3.13")
    }
}
