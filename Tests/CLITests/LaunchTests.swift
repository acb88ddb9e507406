import Foundation
import PyManagerCore
import TestSupport
import Testing

/// Launching: which runtime `py` starts, and that it starts it faithfully.
@Suite("py launch")
struct LaunchTests {
    @Test("PYLAUNCHER_DRYRUN prints one shell-quoted line and exits 0")
    func dryRun() throws {
        let fixture = try CLIFixture()
        let result = try fixture.dryRun(["-V:3.12", "-c", "print('hi there')"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let exe = fixture.prefix("pythoncore-3.12-64") + "/bin/python3.12"
        #expect(result.stdout == exe + #" -c 'print('\''hi there'\'')'"# + "\n")
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var env: [String: String] = [:]
        var expected: String
        var testDescription: String { (env.map { "\($0)=\($1) " }.sorted().joined()) + "py " + arguments.joined(separator: " ") }
    }

    static let rows: [Row] = [
        Row(arguments: [], expected: "pythoncore-3.14-64"),
        Row(arguments: ["-c", "pass"], expected: "pythoncore-3.14-64"),
        Row(arguments: ["-V:3"], expected: "pythoncore-3.14-64"),
        Row(arguments: ["-3"], expected: "pythoncore-3.14-64"),
        Row(arguments: ["-3.12"], expected: "pythoncore-3.12-64"),
        Row(arguments: ["-V:3.12"], expected: "pythoncore-3.12-64"),
        Row(arguments: ["-v:3.12"], expected: "pythoncore-3.12-64"),
        Row(arguments: ["-3.13-64"], expected: "pythoncore-3.13-64"),
        Row(arguments: ["-V:3.14t"], expected: "pythoncore-3.14t-64"),
        Row(arguments: ["-3.14t"], expected: "pythoncore-3.14t-64"),
        Row(arguments: ["-3t"], expected: "pythoncore-3.14t-64"),
        Row(arguments: ["-V:3.15"], expected: "pythoncore-3.15-64"),
        Row(arguments: ["-V:PythonCore/3.13"], expected: "pythoncore-3.13-64"),
        Row(arguments: ["-V:PyPy/3.11"], expected: "pypy-3.11-64"),
        Row(arguments: ["-V:pypy/"], expected: "pypy-3.11-64"),
        Row(arguments: ["-V:PyP/"], expected: "pypy-3.11-64"),
        Row(arguments: ["-V:3.11"], expected: "pypy-3.11-64"),
        Row(arguments: ["-V:>=3.13,<3.14"], expected: "pythoncore-3.13-64"),
        Row(arguments: [], env: ["PYTHON_MANAGER_DEFAULT": "3.13"], expected: "pythoncore-3.13-64"),
        Row(arguments: [], env: ["PYTHON_MANAGER_DEFAULT": "PyPy/"], expected: "pypy-3.11-64"),
        Row(arguments: ["-V:3.12"], env: ["PYTHON_MANAGER_DEFAULT": "3.13"], expected: "pythoncore-3.12-64"),
    ]

    @Test("chooses the runtime", arguments: rows)
    func chooses(_ row: Row) throws {
        let fixture = try CLIFixture()
        let result = try fixture.dryRun(row.arguments, env: row.env)
        #expect(result.status == 0, "\(result.stderr)")
        let exe = CLIDryRunExecutable(result.stdout)
        #expect(exe.hasPrefix(fixture.prefix(row.expected) + "/bin/"), "launched \(exe)")
        // The tag option is consumed; every other argument is passed on.
        let tagOption = row.arguments.first.map { $0.hasPrefix("-V:") || $0.hasPrefix("-v:") || $0.hasPrefix("-3") } ?? false
        let rest = tagOption ? Array(row.arguments.dropFirst()) : row.arguments
        #expect(result.stdout == ([exe] + rest.map(shellQuote)).joined(separator: " ") + "\n")
    }

    @Test("a prerelease is the default only when nothing stable is installed")
    func prereleaseDefault() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.15.0a3")])
        #expect(CLIDryRunExecutable(try fixture.dryRun([]).stdout) == fixture.prefix("pythoncore-3.15-64") + "/bin/python3.15")
        try fixture.add(CLIRuntime(version: "3.12.10"))
        #expect(CLIDryRunExecutable(try fixture.dryRun([]).stdout) == fixture.prefix("pythoncore-3.12-64") + "/bin/python3.12")
    }

    @Test("default_tag in the user config, and the environment variable it replaces")
    func defaultTagConfig() throws {
        let fixture = try CLIFixture()
        try fixture.writeUserConfig(#"{"default_tag": "3.12"}"#)
        #expect(CLIDryRunExecutable(try fixture.dryRun([]).stdout).hasSuffix("/pythoncore-3.12-64/bin/python3.12"))
        // A value in the file replaces the %PYTHON_MANAGER_DEFAULT% reference.
        let env = try fixture.dryRun([], env: ["PYTHON_MANAGER_DEFAULT": "3.13"])
        #expect(CLIDryRunExecutable(env.stdout).hasSuffix("/pythoncore-3.12-64/bin/python3.12"))
    }

    @Test("default_platform prefers that platform's build of a tag")
    func defaultPlatform() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.14.2"), CLIRuntime(version: "3.14.2", platform: "-arm64"), CLIRuntime(version: "3.13.5", platform: "-arm64")])
        let x64 = fixture.prefix("pythoncore-3.14-64") + "/bin/python3.14"
        let arm = fixture.prefix("pythoncore-3.14-arm64") + "/bin/python3.14"
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.14"]).stdout) == x64)
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.14"], env: ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-arm64"]).stdout) == arm)
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.14-arm64"]).stdout) == arm)
        // Only an arm64 3.13 exists: it is used although the default platform is -64.
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-3.13"]).stdout) == fixture.prefix("pythoncore-3.13-arm64") + "/bin/python3.13")
        try fixture.writeUserConfig(#"{"default_platform": "-arm64"}"#)
        #expect(CLIDryRunExecutable(try fixture.dryRun([]).stdout) == arm)
    }

    @Test("the active virtual environment is the default when no tag is given")
    func virtualEnvironment() throws {
        let fixture = try CLIFixture()
        let venv = try fixture.makeVirtualEnvironment()
        let env = ["VIRTUAL_ENV": venv]
        #expect(CLIDryRunExecutable(try fixture.dryRun([], env: env).stdout) == venv + "/bin/python")
        #expect(CLIDryRunExecutable(try fixture.dryRun(["script.py"], env: env).stdout) == venv + "/bin/python")
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.13"], env: env).stdout).hasSuffix("/pythoncore-3.13-64/bin/python3.13"))
        // It beats default_tag, as in pymanager.
        let withDefault = try fixture.dryRun([], env: env.merging(["PYTHON_MANAGER_DEFAULT": "3.12"]) { $1 })
        #expect(CLIDryRunExecutable(withDefault.stdout) == venv + "/bin/python")
        // py list shows it and marks it the default.
        let list = try CLIFixture.versions(try fixture.py(["list", "-f", "json"], env: env).stdout)
        #expect(list.first?["prefix"] == .string(venv))
        #expect(list.first?["default"] == .bool(true))
        #expect(list.dropFirst().allSatisfy { $0["default"] == nil })
        // A real launch runs its python.
        let run = try fixture.py(["-c", "pass"], env: env)
        #expect(run.stdout == "Python 3.12.3\nexe=\(venv)/bin/python\narg=-c\narg=pass\n")
    }

    @Test("VIRTUAL_ENV without pyvenv.cfg is ignored with a warning")
    func brokenVirtualEnvironment() throws {
        let fixture = try CLIFixture()
        let folder = fixture.root.work + "/not-a-venv"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let result = try fixture.dryRun([], env: ["VIRTUAL_ENV": folder])
        #expect(result.status == 0)
        #expect(CLIDryRunExecutable(result.stdout).hasSuffix("/pythoncore-3.14-64/bin/python3.14"))
        #expect(result.stderr.contains(folder))
    }

    @Test("a real launch passes arguments untouched and the exit status through")
    func realLaunch() throws {
        let fixture = try CLIFixture()
        let arguments = ["-c", "x = 'a b'", "", "--", "-V:3.12", "$HOME", "*", "tab\tand\nnewline", "é"]
        let result = try fixture.py(["-V:3.13"] + arguments, env: ["CLI_FAKE_EXIT": "7"])
        #expect(result.status == 7)
        let exe = fixture.prefix("pythoncore-3.13-64") + "/bin/python3.13"
        let expected = ["Python 3.13.5", "exe=" + exe] + arguments.map { "arg=" + $0 }
        #expect(result.stdout == expected.joined(separator: "\n") + "\n")
        #expect(result.stderr == "")
        #expect(try fixture.py(["-V:3.13"], env: ["CLI_FAKE_EXIT": "0"]).status == 0)
        #expect(try fixture.py([], env: ["CLI_FAKE_EXIT": "42"]).status == 42)
    }

    @Test("stdin reaches the runtime")
    func standardInput() throws {
        let fixture = try CLIFixture()
        let result = try fixture.py(["-3.12", "-"], env: ["CLI_FAKE_STDIN": "1"], stdin: "print('from stdin')\nsecond line\n")
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("arg=-\nstdin=print('from stdin')\nsecond line\n"), "\(result.stdout)")
    }

    @Test("no matching runtime: exit 103 and one line naming the tag and py install", arguments: [
        (["-V:3.99"], "3.99"), (["-V:3.99", "-c", "pass"], "3.99"), (["-3.99"], "3.99"), (["-V:Acme/"], "Acme/"),
    ])
    func noMatch(_ arguments: [String], tag: String) throws {
        let fixture = try CLIFixture()
        for env in [[:], ["PYLAUNCHER_DRYRUN": "1"]] {
            let result = try fixture.py(arguments, env: env)
            #expect(result.status == 103)
            #expect(result.stdout == "")
            let lines = CLILines(result.stderr)
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(result.stderr.contains(tag))
            #expect(result.stderr.contains("py install "))
        }
    }

    @Test("an explicit PythonCore/ tag never launches another company's runtime")
    func explicitCore() throws {
        let fixture = try CLIFixture([CLIRuntime(company: "PyPy", version: "3.11.13")])
        #expect(try fixture.dryRun(["-V:PythonCore/3.11"]).status == 103)
        #expect(try fixture.dryRun(["-3.11"]).status == 103)
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.11"]).stdout).hasSuffix("/pypy-3.11-64/bin/pypy3.11"))
    }

    @Test("with nothing installed and automatic install off, py says how to install")
    func nothingInstalled() throws {
        let fixture = try CLIFixture([])
        let result = try fixture.dryRun([], env: ["PYTHON_MANAGER_AUTOMATIC_INSTALL": "0"])
        #expect(result.status == 103)
        #expect(result.stderr.contains("py install"))
    }

    @Test("a corrupt __install__.json: a warning naming the folder, the other runtimes still launch")
    func corruptRecord() throws {
        let fixture = try CLIFixture()
        let broken = fixture.prefix("pythoncore-3.14-64")
        try "{ nope".write(toFile: broken + "/__install__.json", atomically: true, encoding: .utf8)
        let result = try fixture.py(["-c", "pass"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Python 3.13.5\n"), "\(result.stdout)")
        #expect(CLILines(result.stderr).count == 1)
        #expect(result.stderr.contains(broken))
        #expect(try fixture.py(["-V:3.12"]).status == 0)
    }

    @Test("pymanager with no arguments prints help instead of launching")
    func pymanagerHelp() throws {
        let fixture = try CLIFixture()
        let link = fixture.root.path + "/bin-link/pymanager"
        let copy = fixture.root.path + "/bin-copy/pymanager"
        try FileManager.default.createDirectory(atPath: fixture.root.path + "/bin-link", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: fixture.root.path + "/bin-copy", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: CLIBinary.py)
        try FileManager.default.copyItem(atPath: CLIBinary.py, toPath: copy)
        for binary in [link, copy] {
            let result = try fixture.root.run(binary, [])
            #expect(result.status == 0)
            #expect(result.stdout.contains("py -V:<TAG>"), "\(binary)")
            #expect(result.stdout.contains("Commands:"))
            #expect(!result.stdout.contains("exe="))
            // pymanager exec launches, as py does.
            let exec = try fixture.root.run(binary, ["exec", "-V:3.12", "-c", "pass"], env: ["PYLAUNCHER_DRYRUN": "1"])
            #expect(CLIDryRunExecutable(exec.stdout).hasSuffix("/pythoncore-3.12-64/bin/python3.12"))
            // The list works the same under either name.
            #expect(try fixture.root.run(binary, ["list", "-f", "id", "3.12"]).stdout == "pythoncore-3.12-64\n")
        }
        // py itself launches the default with no arguments.
        #expect(try fixture.py([]).stdout.hasPrefix("Python 3.14.2\n"))
    }
}

/// `py list --one <TAG>` must show exactly what `py -V:<TAG>` launches (seed 4.1.4).
@Suite("py list --one agrees with the launcher")
struct ListOneAgreesWithLaunchTests {
    static let tags: [String] = [
        "", "3", "3.14", "3.14.2", "3.14t", "3t", "3.13", "3.13-64", "3.12", "3.11", "3.10", "3.15", "3-dev", "3-64", "3-arm64",
        "3.14-arm64", "3.13-arm64", "PythonCore/", "PythonCore/3.13", "PythonCore/3.11", "CPython/3", "PyPy/", "pypy/3.11", "PyP/",
        ">=3.13", "<3.13", "<3.12", ">3.12,<3.14", "!=3.14", "3.99", "Acme/", "==3.12", "default", "DEFAULT",
    ]

    enum Setup: String, CaseIterable, Sendable {
        case managed
        case mixed
        case venv
    }

    /// `mixed`: adds an arm64 build, unmanaged CPython 3.11 and 3.10 on PATH (which
    /// compete with PyPy 3.11 and with nothing), with unmanaged runtimes included.
    static func fixture(_ setup: Setup) throws -> (CLIFixture, [String: String]) {
        let fixture = try CLIFixture()
        var env: [String: String] = [:]
        switch setup {
        case .managed:
            break
        case .mixed:
            try fixture.add(CLIRuntime(version: "3.13.4", platform: "-arm64"))
            let bin = fixture.root.path + "/system/bin"
            try CLIWriteExecutable(CLIFakeExecutableScript(version: "3.11.2"), at: bin + "/python3.11")
            try CLIWriteExecutable(CLIFakeExecutableScript(version: "3.10.12"), at: bin + "/python3.10")
            env = ["PYTHON_MANAGER_INCLUDE_UNMANAGED": "1", "PATH": bin + ":/usr/bin:/bin", "PYENV_ROOT": fixture.root.path + "/no-pyenv"]
        case .venv:
            env = ["VIRTUAL_ENV": try fixture.makeVirtualEnvironment()]
        }
        return (fixture, env)
    }

    @Test("list --one -f exe TAG equals the dry-run executable", arguments: Setup.allCases)
    func agrees(_ setup: Setup) throws {
        let (fixture, env) = try Self.fixture(setup)
        for tag in Self.tags {
            let list = try fixture.py(["list", "--one", "-f", "exe"] + (tag.isEmpty ? [] : [tag]), env: env)
            let launch = try fixture.dryRun(tag.isEmpty ? ["-c", "pass"] : ["-V:" + tag, "-c", "pass"], env: env)
            #expect(list.status == 0, "\(setup) list \(tag): \(list.stderr)")
            if launch.status == 0 {
                #expect(list.stdout == CLIDryRunExecutable(launch.stdout) + "\n", "\(setup) \(tag)")
            } else {
                #expect(launch.status == 103, "\(setup) \(tag): \(launch.stderr)")
                #expect(list.stdout == "", "\(setup) \(tag): list shows what py cannot launch")
            }
        }
    }
}
