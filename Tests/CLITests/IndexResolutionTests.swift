import Foundation
import PyManagerCore
import TestSupport
import Testing

/// Resolution over the committed feeds in `Index/` through the CLI (issue #5 point 5):
/// `py list --online --one` shows what `py install` would install.
@Suite("Index resolution through py")
struct IndexResolutionTests {
    static let x64 = "Index/index-linux-x86_64-gnu.json"
    static let arm = "Index/index-linux-aarch64-gnu.json"

    struct Row: CustomTestStringConvertible, Sendable {
        var feed: String
        var platform: String
        var tag: String
        /// The id and display name chosen, or nil when nothing matches.
        var id: String?
        var name: String?
        var testDescription: String { "\(feed.dropFirst(6)) \(tag) → \(id ?? "nothing")" }
    }

    static let rows: [Row] = [
        Row(feed: x64, platform: "-64", tag: "3", id: "pythoncore-3.14-64", name: "Python 3.14.7"),
        Row(feed: x64, platform: "-64", tag: "default", id: "pythoncore-3.14-64", name: "Python 3.14.7"),
        Row(feed: x64, platform: "-64", tag: "3.13", id: "pythoncore-3.13-64", name: "Python 3.13.15"),
        Row(feed: x64, platform: "-64", tag: "3.13.3", id: "pythoncore-3.13-64", name: "Python 3.13.3"),
        Row(feed: x64, platform: "-64", tag: "3.14t", id: "pythoncore-3.14t-64", name: "Python 3.14.7 (free-threaded)"),
        Row(feed: x64, platform: "-64", tag: "3t", id: "pythoncore-3.14t-64", name: "Python 3.14.7 (free-threaded)"),
        Row(feed: x64, platform: "-64", tag: "3.15", id: "pythoncore-3.15-64", name: "Python 3.15.0rc1"),
        Row(feed: x64, platform: "-64", tag: "PyPy/3.11", id: "pypy-3.11-64", name: nil),
        Row(feed: x64, platform: "-64", tag: "pypy/", id: "pypy-3.11-64", name: nil),
        Row(feed: x64, platform: "-64", tag: "PyPy/3.9", id: "pypy-3.9-64", name: nil),
        Row(feed: x64, platform: "-64", tag: "3.8", id: "pythoncore-3.8-64", name: "Python 3.8.20"),
        Row(feed: x64, platform: "-64", tag: "3.12-arm64", id: nil, name: nil),
        Row(feed: x64, platform: "-64", tag: "3.99", id: nil, name: nil),
        Row(feed: arm, platform: "-arm64", tag: "3", id: "pythoncore-3.14-arm64", name: "Python 3.14.7"),
        Row(feed: arm, platform: "-arm64", tag: "3.13", id: "pythoncore-3.13-arm64", name: "Python 3.13.15"),
        Row(feed: arm, platform: "-arm64", tag: "3.14t", id: "pythoncore-3.14t-arm64", name: "Python 3.14.7 (free-threaded)"),
        Row(feed: arm, platform: "-arm64", tag: "3.15", id: "pythoncore-3.15-arm64", name: "Python 3.15.0rc1"),
        Row(feed: arm, platform: "-arm64", tag: "PyPy/3.11", id: "pypy-3.11-arm64", name: nil),
        Row(feed: arm, platform: "-arm64", tag: "pypy/", id: "pypy-3.11-arm64", name: nil),
        Row(feed: arm, platform: "-arm64", tag: "3.12-64", id: nil, name: nil),
    ]

    @Test("list --online --one -f id --source Index/<feed> TAG", arguments: rows)
    func resolves(_ row: Row) throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": row.platform]
        let id = try fixture.py(["list", "--online", "--one", "-f", "id", "--source", row.feed, row.tag], env: env, cwd: CLIBinary.packageRoot)
        #expect(id.status == 0, "\(id.stderr)")
        #expect(id.stderr == "", "feed warnings: \(id.stderr)")
        #expect(id.stdout == (row.id.map { $0 + "\n" } ?? ""))
        if let name = row.name {
            let json = try fixture.py(["list", "--one", "-f=json", "--source=" + row.feed, row.tag], env: env, cwd: CLIBinary.packageRoot)
            let versions = try CLIFixture.versions(json.stdout)
            #expect(versions.first?["display-name"] == .string(name))
            #expect(versions.first?["url"]?.stringValue?.hasPrefix("https://github.com/") == true)
        }
    }

    @Test("3 is the newest stable CPython 3.x of the whole chain, including the legacy page")
    func newestStable() throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64"]
        let all = try fixture.py(["list", "-f", "json", "--source", Self.x64, "PythonCore/"], env: env, cwd: CLIBinary.packageRoot)
        let versions = try CLIFixture.versions(all.stdout)
        #expect(versions.count > 50, "the legacy page is read too")
        let stable = versions.filter { ($0["tag"]?.stringValue?.contains("t") == false) }
            .compactMap { $0["sort-version"]?.stringValue }.compactMap { try? Version(parsing: $0) }.filter { !$0.isPrerelease }
        let one = try fixture.py(["list", "-1", "-f", "json", "-s", Self.x64, "3"], env: env, cwd: CLIBinary.packageRoot)
        let chosen = try #require(try CLIFixture.versions(one.stdout).first?["sort-version"]?.stringValue)
        #expect(try Version(parsing: chosen) == stable.max())
        // 3.13 versions from both pages are listed.
        let thirteen = try fixture.py(["list", "-f", "json", "-s", Self.x64, "3.13"], env: env, cwd: CLIBinary.packageRoot)
        let versions13 = Set(try CLIFixture.versions(thirteen.stdout).compactMap { $0["sort-version"]?.stringValue })
        #expect(versions13.isSuperset(of: ["3.13.15", "3.13.14", "3.13.0"]))
    }

    @Test("3.15 is the prerelease only while no stable 3.15 exists")
    func prereleaseUntilStable() throws {
        let fixture = try CLIFixture([])
        // GIVEN a copy of the x86_64 feed with a stable 3.15.0 added in front.
        let feedText = try String(contentsOfFile: CLIBinary.packageRoot + "/" + Self.x64, encoding: .utf8)
        var feed = try #require(try JSONValue(parsing: feedText).objectValue)
        var versions = try #require(feed["versions"]?.arrayValue)
        var stable = try #require(versions.first?.objectValue)
        stable["sort-version"] = .string("3.15.0")
        stable["tag"] = .string("3.15-64")
        stable["install-for"] = .array([.string("3.15.0-64"), .string("3.15-64"), .string("3-64")])
        stable["display-name"] = .string("Python 3.15.0")
        versions.insert(.object(stable), at: 0)
        feed["versions"] = .array(versions)
        feed["next"] = nil
        let path = try fixture.root.write(JSONValue.object(feed).prettyText(), to: "work/index.json")
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64"]
        // WHEN/THEN 3.15 picks the stable build, and so does 3.
        let chosen = try fixture.py(["list", "--one", "-f", "json", "--source", path, "3.15"], env: env)
        #expect(try CLIFixture.versions(chosen.stdout).first?["sort-version"] == .string("3.15.0"))
        let three = try fixture.py(["list", "--one", "-f", "json", "--source", path, "3"], env: env)
        #expect(try CLIFixture.versions(three.stdout).first?["sort-version"] == .string("3.15.0"))
        // AND the real feed still offers the prerelease for 3.15.
        let real = try fixture.py(["list", "--one", "-f", "json", "--source", Self.x64, "3.15"], env: env, cwd: CLIBinary.packageRoot)
        #expect(try CLIFixture.versions(real.stdout).first?["sort-version"] == .string("3.15.0rc1"))
    }

    @Test("PYTHON_MANAGER_SOURCE_URL is the --online feed; a relative path is from the working directory")
    func sourceFromEnvironment() throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64", "PYTHON_MANAGER_SOURCE_URL": Self.x64]
        let result = try fixture.py(["list", "--online", "--one", "-f", "id", "3.13"], env: env, cwd: CLIBinary.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "pythoncore-3.13-64\n")
    }

    @Test("list --online --one with a range is a usage error naming it, since ranges cannot be installed")
    func onlineOneRange() throws {
        let fixture = try CLIFixture([])
        let result = try fixture.py(["list", "--online", "--one", "--source", Self.x64, ">=3.12"], env: [:], cwd: CLIBinary.packageRoot)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("'>=3.12'"), "\(result.stderr)")
    }

    @Test("with no source configured, --online uses the feed bundled for the host")
    func bundledFeedByDefault() throws {
        let fixture = try CLIFixture([])
        fixture.root.environment["PYTHON_MANAGER_SOURCE_URL"] = nil
        let result = try fixture.py(["list", "--online", "--one", "-f", "url", "3.13"], env: ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("https://"), "\(result.stdout)")
        #expect(result.stdout.contains("cpython-3.13."), "\(result.stdout)")
    }

    @Test("install.source in the user config is the --online feed")
    func sourceFromConfig() throws {
        let fixture = try CLIFixture([])
        fixture.root.environment["PYTHON_MANAGER_SOURCE_URL"] = nil
        try fixture.writeUserConfig(JSONValue.object(JSONObject([("install", .object(JSONObject([("source", .string(CLIBinary.packageRoot + "/" + Self.arm))])))])).compactText)
        let result = try fixture.py(["list", "--online", "-1", "-f", "id"], env: ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-arm64"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "pythoncore-3.14-arm64\n")
    }

    @Test("py install of a tag the feed lacks: a clear message and a non-zero exit, nothing installed")
    func installMissingPlatform() throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64"]
        let result = try fixture.py(["install", "--source", Self.x64, "3.12-arm64"], env: env, cwd: CLIBinary.packageRoot)
        #expect(result.status != 0)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("'3.12-arm64'"), "\(result.stderr)")
        #expect(result.stderr.contains("index-linux-x86_64-gnu.json"))
        // One line of error, then the log's path.
        #expect(CLILines(result.stderr).count == 2, "\(result.stderr)")
        #expect(CLILines(result.stderr).last?.hasPrefix("Log file: ") == true, "\(result.stderr)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: fixture.installDir)) ?? []
        #expect(left.filter { !$0.hasPrefix(".") }.isEmpty, "\(left)")
    }

    @Test("list --online --one shows what install --dry-run would install", arguments: ["3", "3.13", "3.14t", "PyPy/3.11", "3.15", "3.10.4"])
    func listMatchesInstall(_ tag: String) throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64"]
        let list = try fixture.py(["list", "--online", "-1", "-f", "json", "-s", Self.x64, tag], env: env, cwd: CLIBinary.packageRoot)
        let entry = try #require(try CLIFixture.versions(list.stdout).first)
        let install = try fixture.py(["install", "--dry-run", "-s", Self.x64, tag], env: env, cwd: CLIBinary.packageRoot)
        #expect(install.status == 0, "\(install.stderr)")
        let id = try #require(entry["id"]?.stringValue)
        let name = try #require(entry["display-name"]?.stringValue)
        #expect(install.stdout.contains("\(name) (\(id))"), "\(install.stdout)")
    }
}
