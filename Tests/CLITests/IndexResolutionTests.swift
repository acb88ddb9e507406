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
        Row(feed: x64, platform: "-64", tag: "3", id: "pythoncore-3.15-64", name: "Python 3.15.1"),
        Row(feed: x64, platform: "-64", tag: "default", id: "pythoncore-3.15-64", name: "Python 3.15.1"),
        Row(feed: x64, platform: "-64", tag: "3.13", id: "pythoncore-3.13-64", name: "Python 3.13.17"),
        Row(feed: x64, platform: "-64", tag: "3.13.3", id: "pythoncore-3.13-64", name: "Python 3.13.3"),
        Row(feed: x64, platform: "-64", tag: "3.14t", id: "pythoncore-3.14t-64", name: "Python 3.14.9 (free-threaded)"),
        Row(feed: x64, platform: "-64", tag: "3t", id: "pythoncore-3.15t-64", name: "Python 3.15.1 (free-threaded)"),
        Row(feed: x64, platform: "-64", tag: "3.15", id: "pythoncore-3.15-64", name: "Python 3.15.1"),
        Row(feed: x64, platform: "-64", tag: "3.15.0", id: "pythoncore-3.15-64", name: "Python 3.15.0"),
        Row(feed: x64, platform: "-64", tag: "PyPy/3.11", id: "pypy-3.11-64", name: "PyPy 8.0.1 (Python 3.11.17)"),
        Row(feed: x64, platform: "-64", tag: "pypy/", id: "pypy-3.12-64", name: "PyPy 8.0.1 (Python 3.12.15)"),
        Row(feed: x64, platform: "-64", tag: "PyPy/3.9", id: "pypy-3.9-64", name: nil),
        Row(feed: x64, platform: "-64", tag: "GraalPy/", id: "graalpy-3.12-64", name: nil),
        Row(feed: x64, platform: "-64", tag: "3.8", id: "pythoncore-3.8-64", name: "Python 3.8.20"),
        Row(feed: x64, platform: "-64", tag: "3.12-arm64", id: nil, name: nil),
        Row(feed: x64, platform: "-64", tag: "3.99", id: nil, name: nil),
        Row(feed: arm, platform: "-arm64", tag: "3", id: "pythoncore-3.15-arm64", name: "Python 3.15.1"),
        Row(feed: arm, platform: "-arm64", tag: "3.13", id: "pythoncore-3.13-arm64", name: "Python 3.13.17"),
        Row(feed: arm, platform: "-arm64", tag: "3.14t", id: "pythoncore-3.14t-arm64", name: "Python 3.14.9 (free-threaded)"),
        Row(feed: arm, platform: "-arm64", tag: "3.15", id: "pythoncore-3.15-arm64", name: "Python 3.15.1"),
        Row(feed: arm, platform: "-arm64", tag: "PyPy/3.11", id: "pypy-3.11-arm64", name: nil),
        Row(feed: arm, platform: "-arm64", tag: "pypy/", id: "pypy-3.12-arm64", name: nil),
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
            let host = row.tag.lowercased().hasPrefix("pypy") ? "https://downloads.python.org/pypy/" : "https://github.com/"
            #expect(versions.first?["url"]?.stringValue?.hasPrefix(host) == true)
        }
    }

    /// Every host's first feed page and the platform a user on that host has.
    static let hostFeeds: [(String, String)] = [
        ("Index/index-linux-x86_64-gnu.json", "-64"), ("Index/index-linux-aarch64-gnu.json", "-arm64"),
        ("Index/index-linux-i686-gnu.json", "-32"), ("Index/index-linux-x86_64-musl.json", "-64"),
        ("Index/index-linux-aarch64-musl.json", "-arm64"), ("Index/index-darwin-x86_64.json", "-64"),
        ("Index/index-darwin-aarch64.json", "-arm64"),
    ]

    @Test("3 is the newest stable CPython 3.x of the whole chain, including the legacy page", arguments: hostFeeds)
    func newestStable(_ feed: String, platform: String) throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": platform]
        let all = try fixture.py(["list", "-f", "json", "--source", feed, "PythonCore/"], env: env, cwd: CLIBinary.packageRoot)
        let versions = try CLIFixture.versions(all.stdout)
        #expect(versions.count > 20, "the legacy page is read too")
        let stable = versions.filter { ($0["tag"]?.stringValue?.contains("t") == false) }
            .compactMap { $0["sort-version"]?.stringValue }.compactMap { try? Version(parsing: $0) }.filter { !$0.isPrerelease }
        let one = try fixture.py(["list", "-1", "-f", "json", "-s", feed, "3"], env: env, cwd: CLIBinary.packageRoot)
        let chosen = try #require(try CLIFixture.versions(one.stdout).first?["sort-version"]?.stringValue)
        #expect(try Version(parsing: chosen) == stable.max())
    }

    @Test("a minor line is listed from both pages")
    func bothPages() throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64"]
        let thirteen = try fixture.py(["list", "-f", "json", "-s", Self.x64, "3.13"], env: env, cwd: CLIBinary.packageRoot)
        let versions13 = Set(try CLIFixture.versions(thirteen.stdout).compactMap { $0["sort-version"]?.stringValue })
        #expect(versions13.isSuperset(of: ["3.13.17", "3.13.16", "3.13.15", "3.13.0"]))
    }

    @Test("a new minor line is the prerelease only while no stable release of it exists")
    func prereleaseUntilStable() throws {
        let fixture = try CLIFixture([])
        // GIVEN a copy of the x86_64 feed with a 3.16.0a1 prerelease added in front.
        let feedText = try String(contentsOfFile: CLIBinary.packageRoot + "/" + Self.x64, encoding: .utf8)
        var feed = try #require(try JSONValue(parsing: feedText).objectValue)
        var versions = try #require(feed["versions"]?.arrayValue)
        var alpha = try #require(versions.first?.objectValue)
        alpha["id"] = .string("pythoncore-3.16-64")
        alpha["sort-version"] = .string("3.16.0a1")
        alpha["tag"] = .string("3.16-dev-64")
        alpha["install-for"] = .array(["3.16.0a1-64", "3.16-64", "3-64", "3.16-dev-64", "3-dev-64"].map { .string($0) })
        alpha["display-name"] = .string("Python 3.16.0a1")
        versions.insert(.object(alpha), at: 0)
        feed["versions"] = .array(versions)
        feed["next"] = nil
        let path = try fixture.root.write(JSONValue.object(feed).prettyText(), to: "work/index.json")
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64"]
        // WHEN/THEN 3.16 and 3-dev pick the prerelease, but 3 stays on the stable 3.15.
        for (tag, expected) in [("3.16", "3.16.0a1"), ("3-dev", "3.16.0a1"), ("3", "3.15.1"), ("default", "3.15.1")] {
            let chosen = try fixture.py(["list", "--one", "-f", "json", "--source", path, tag], env: env)
            #expect(try CLIFixture.versions(chosen.stdout).first?["sort-version"] == .string(expected), "\(tag)")
        }
    }

    @Test("PYTHON_MANAGER_SOURCE_URL is the --online feed; a relative path is from the working directory")
    func sourceFromEnvironment() throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64", "PYTHON_MANAGER_SOURCE_URL": Self.x64]
        let result = try fixture.py(["list", "--online", "--one", "-f", "id", "3.13"], env: env, cwd: CLIBinary.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "pythoncore-3.13-64\n")
    }

    @Test("list --online --one with a range shows the best entry in it (issue 8; py install still refuses ranges)")
    func onlineOneRange() throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64"]
        let result = try fixture.py(["list", "--online", "--one", "-f", "id", "--source", Self.x64, ">=3.12"], env: env, cwd: CLIBinary.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "pythoncore-3.15-64\n")
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
        #expect(result.stdout == "pythoncore-3.15-arm64\n")
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
