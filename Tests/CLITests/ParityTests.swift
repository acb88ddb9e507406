import Foundation
import PyManagerCore
import TestSupport
import Testing

/// Issue 8, through the built `py`: the launch, list and shebang decisions that
/// pymanager makes and `py` used to make differently.
@Suite("Parity with pymanager: the word default")
struct DefaultKeywordCLITests {
    @Test("py -V:default is the default runtime: default_tag, or the active virtual environment")
    func launchDefault() throws {
        let fixture = try CLIFixture()
        for word in ["default", "DEFAULT", "Default"] {
            let plain = try fixture.dryRun(["-V:" + word, "-c", "pass"])
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(CLIDryRunExecutable(plain.stdout) == fixture.prefix("pythoncore-3.14-64") + "/bin/python3.14")
        }
        let configured = try fixture.dryRun(["-V:default", "-c", "pass"], env: ["PYTHON_MANAGER_DEFAULT": "3.13"])
        #expect(CLIDryRunExecutable(configured.stdout) == fixture.prefix("pythoncore-3.13-64") + "/bin/python3.13")
        let venv = try fixture.makeVirtualEnvironment()
        let inVenv = try fixture.dryRun(["-V:default", "-c", "pass"], env: ["VIRTUAL_ENV": venv, "PYTHON_MANAGER_DEFAULT": "3.13"])
        #expect(CLIDryRunExecutable(inVenv.stdout) == venv + "/bin/python", "\(inVenv.stderr)")
        // A real launch, not only the plan.
        let real = try fixture.py(["-V:default", "-c", "pass"])
        #expect(real.status == 0)
        #expect(real.stdout.hasPrefix("Python 3.14.2\n"), "\(real.stdout)")
    }

    @Test("py -V:default with no default installed is 103, like py with no tag")
    func launchDefaultMissing() throws {
        let fixture = try CLIFixture()
        let result = try fixture.dryRun(["-V:default", "-c", "pass"], env: ["PYTHON_MANAGER_DEFAULT": "3.99", "PYTHON_MANAGER_AUTOMATIC_INSTALL": "0"])
        #expect(result.status == 103, "\(result.stderr)")
        #expect(!result.stderr.contains("not a valid tag"), "\(result.stderr)")
    }

    @Test("py list default lists default_tag's runtimes, or only the active virtual environment")
    func listDefault() throws {
        let fixture = try CLIFixture()
        let byTag = try fixture.py(["list", "-f", "id", "default"], env: ["PYTHON_MANAGER_DEFAULT": "3.13"])
        #expect(byTag.status == 0, "\(byTag.stderr)")
        #expect(byTag.stdout == "pythoncore-3.13-64\n")
        let pypy = try fixture.py(["list", "-f", "id", "DEFAULT"], env: ["PYTHON_MANAGER_DEFAULT": "PyPy/"])
        #expect(pypy.stdout == "pypy-3.11-64\n")

        let venv = try fixture.makeVirtualEnvironment()
        let inVenv = try fixture.py(["list", "-f", "json", "default"], env: ["VIRTUAL_ENV": venv, "PYTHON_MANAGER_DEFAULT": "3.13"])
        let rows = try CLIFixture.versions(inVenv.stdout)
        #expect(rows.count == 1, "\(inVenv.stdout)")
        #expect(rows.first?["default"] == .bool(true))
        #expect(rows.first?["executable"]?.stringValue == venv + "/bin/python")
        // Together with another filter, either matches.
        let both = try fixture.py(["list", "-f", "exe", "default", "3.12"], env: ["VIRTUAL_ENV": venv])
        #expect(CLILines(both.stdout) == [venv + "/bin/python", fixture.prefix("pythoncore-3.12-64") + "/bin/python3.12"])
    }

    @Test("py list --one default is what py -V:default launches")
    func listOneDefault() throws {
        let fixture = try CLIFixture()
        let env = ["PYTHON_MANAGER_DEFAULT": "3.12"]
        let one = try fixture.py(["list", "--one", "-f", "exe", "default"], env: env)
        #expect(one.stdout == fixture.prefix("pythoncore-3.12-64") + "/bin/python3.12\n", "\(one.stderr)")
        let venv = try fixture.makeVirtualEnvironment()
        let inVenv = try fixture.py(["list", "-1", "-f", "exe", "default"], env: env.merging(["VIRTUAL_ENV": venv]) { $1 })
        #expect(inVenv.stdout == venv + "/bin/python\n", "\(inVenv.stderr)")
    }

    @Test("py list --online --one default is what py install default installs (install.default_install_tag)")
    func onlineDefault() throws {
        let fixture = try CLIFixture([])
        let feed = CLIBinary.packageRoot + "/Index/index-linux-x86_64-gnu.json"
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64", "PYTHON_MANAGER_DEFAULT": "3.13"]
        let byDefaultTag = try fixture.py(["list", "--online", "--one", "-f", "id", "-s", feed, "default"], env: env)
        #expect(byDefaultTag.stdout == "pythoncore-3.13-64\n", "\(byDefaultTag.stderr)")
        try fixture.writeUserConfig(#"{"install": {"default_install_tag": "3.12"}}"#)
        for args in [["default"], []] {
            let list = try fixture.py(["list", "--online", "--one", "-f", "id", "-s", feed] + args, env: env)
            #expect(list.stdout == "pythoncore-3.12-64\n", "\(args): \(list.stderr)")
            let install = try fixture.py(["install", "--dry-run", "-s", feed] + args, env: env)
            #expect(install.status == 0, "\(install.stderr)")
            #expect(install.stdout.contains("(pythoncore-3.12-64)"), "\(args): \(install.stdout)")
        }
    }

    @Test("py install default installs default_tag; py uninstall default removes what -V:default runs")
    func installDefault() throws {
        let world = try InstallWorld(label: "install-default")
        let feed = try world.publish([InstallRelease("3.14.2"), InstallRelease("3.13.5")])
        let env = ["PYTHON_MANAGER_SOURCE_URL": feed, "PYTHON_MANAGER_DEFAULT": "3.13"]
        world.expectSuccess(try world.py(["install", "default", "3.14"], env: env))
        #expect(world.installFolders == ["pythoncore-3.13-64", "pythoncore-3.14-64"])
        let run = try world.py(["-V:default", "hi"], env: env)
        #expect(run.stdout.hasPrefix("Python 3.13.5\n"), "\(run.stderr)")
        world.expectSuccess(try world.py(["uninstall", "-y", "default"], env: env))
        #expect(world.installFolders == ["pythoncore-3.14-64"])
    }
}

@Suite("Parity with pymanager: list --online --one with ranges")
struct OnlineRangeCLITests {
    static let x64 = "Index/index-linux-x86_64-gnu.json"

    @Test(
        "the best entry in the range, as for installed runtimes",
        arguments: [
            (">=3.13", "-64", "pythoncore-3.15-64"), ("<3.13,!=3.12", "-64", "pythoncore-3.11-64"),
            ("<3.13 !=3.12", "-64", "pythoncore-3.11-64"), (">3.13,<3.15", "-64", "pythoncore-3.14-64"),
            (">=3.15", "-64", "pythoncore-3.15-64"), ("<3.13", "-arm64", "pythoncore-3.12-64"),
            ("<2", "-64", ""),
        ])
    func ranges(_ range: String, _ platform: String, _ id: String) throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": platform]
        let result = try fixture.py(["list", "--online", "--one", "-f", "id", "--source", Self.x64, range], env: env, cwd: CLIBinary.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (id.isEmpty ? "" : id + "\n"))
    }

    @Test("the range's entry is the newest of the range in the whole feed chain")
    func agreesWithFilter() throws {
        let fixture = try CLIFixture([])
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64"]
        let all = try fixture.py(["list", "--online", "-f", "json", "--source", Self.x64, "<3.13,!=3.12"], env: env, cwd: CLIBinary.packageRoot)
        let stable = try CLIFixture.versions(all.stdout).filter { $0["company"] == .string("PythonCore") }
            .compactMap { $0["sort-version"]?.stringValue }.compactMap { try? Version(parsing: $0) }.filter { !$0.isPrerelease }
        let one = try fixture.py(["list", "--online", "-1", "-f", "json", "--source", Self.x64, "<3.13,!=3.12"], env: env, cwd: CLIBinary.packageRoot)
        let chosen = try #require(try CLIFixture.versions(one.stdout).first?["sort-version"]?.stringValue)
        #expect(try Version(parsing: chosen) == stable.max())
    }

    @Test("py install still refuses a range, with a one-line error naming it")
    func installRefusesRanges() throws {
        let fixture = try CLIFixture([])
        let result = try fixture.py(["install", "--dry-run", "--source", Self.x64, ">=3.13"], env: [:], cwd: CLIBinary.packageRoot)
        #expect(result.status != 0)
        #expect(result.stderr.contains("'>=3.13'"), "\(result.stderr)")
        #expect(CLIErrorLines(result.stderr).count == 1, "\(result.stderr)")
    }
}

@Suite("Parity with pymanager: feed order when the preferred platform has no build")
struct FeedOrderCLITests {
    /// A local feed listing Python 2.7.18 builds in `platforms` order (no archives: only listed).
    static func feed(_ fixture: CLIFixture, platforms: [String]) throws -> String {
        let entries = platforms.map { p in
            """
            {"schema": 1, "id": "pythoncore-2.7\(p)", "sort-version": "2.7.18", "company": "PythonCore", "tag": "2.7\(p)",
             "install-for": ["2.7.18\(p)", "2.7\(p)", "2\(p)"], "run-for": [{"tag": "2.7\(p)", "target": "python.exe"}],
             "display-name": "Python 2.7.18 (\(p))", "executable": "python.exe",
             "url": "https://example.invalid/python-2.7.18\(p).zip", "hash": {"sha256": "\(String(repeating: "0", count: 64))"}}
            """
        }
        return try fixture.root.write("{\"versions\": [\n" + entries.joined(separator: ",\n") + "\n]}\n", to: "work/index-\(platforms.joined()).json")
    }

    @Test(
        "list --online --one and install --dry-run take the first build in feed order",
        arguments: [
            (["-32", "-64"], "-arm64", "pythoncore-2.7-32"), (["-64", "-32"], "-arm64", "pythoncore-2.7-64"),
            (["-32", "-64"], "-riscv64", "pythoncore-2.7-32"), (["-32", "-64"], "-64", "pythoncore-2.7-64"),
            (["-32", "-64", "-arm64"], "-arm64", "pythoncore-2.7-arm64"),
        ])
    func firstInFeedOrder(_ platforms: [String], _ preferred: String, _ id: String) throws {
        let fixture = try CLIFixture([])
        let path = try Self.feed(fixture, platforms: platforms)
        let env = ["PYTHON_MANAGER_DEFAULT_PLATFORM": preferred]
        let list = try fixture.py(["list", "--online", "--one", "-f", "id", "--source", path, "2.7"], env: env)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout == id + "\n")
        let install = try fixture.py(["install", "--dry-run", "--source", path, "2.7"], env: env)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout.contains("(\(id))"), "\(install.stdout)")
    }
}
