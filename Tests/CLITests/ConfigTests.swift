import Foundation
import PyManagerCore
import TestSupport
import Testing

/// Configuration files and environment variables as `py` reads them (seed 4.1.8, 4.1.11).
@Suite("py configuration")
struct CLIConfigTests {
    @Test("the user config at $XDG_CONFIG_HOME/pymanager/pymanager.json applies")
    func userConfig() throws {
        let fixture = try CLIFixture()
        try fixture.writeUserConfig(#"{"default_tag": "3.13", "list": {"format": "id"}}"#)
        #expect(try fixture.py(["list", "-1"]).stdout == "pythoncore-3.13-64\n")
        #expect(CLIDryRunExecutable(try fixture.dryRun([]).stdout).hasSuffix("/pythoncore-3.13-64/bin/python3.13"))
    }

    @Test("PYTHON_MANAGER_CONFIG and --config add a file after the user config; --config wins over the variable")
    func additionalConfig() throws {
        let fixture = try CLIFixture()
        try fixture.writeUserConfig(#"{"default_tag": "3.13", "list": {"format": "id"}}"#)
        try fixture.root.write(#"{"default_tag": "3.12"}"#, to: "work/env.json")
        try fixture.root.write(#"{"default_tag": "PyPy/"}"#, to: "work/cli.json")
        #expect(try fixture.py(["list", "-1"], env: ["PYTHON_MANAGER_CONFIG": "env.json"]).stdout == "pythoncore-3.12-64\n")
        #expect(CLIDryRunExecutable(try fixture.dryRun([], env: ["PYTHON_MANAGER_CONFIG": fixture.root.work + "/env.json"]).stdout)
            .hasSuffix("/pythoncore-3.12-64/bin/python3.12"))
        for option in [["--config=cli.json"], ["--config", "cli.json"], ["--config:cli.json"]] {
            let result = try fixture.py(["list", "-1"] + option, env: ["PYTHON_MANAGER_CONFIG": "env.json"])
            #expect(result.stdout == "pypy-3.11-64\n", "\(option): \(result.stderr)")
        }
    }

    @Test("%VAR% and ${VAR} expand, and relative paths resolve against the config file's folder")
    func expansionAndPaths() throws {
        // GIVEN runtimes in a custom install_dir, not the default one.
        let fixture = try CLIFixture([])
        let other = fixture.root.path + "/elsewhere/runtimes"
        let runtime = CLIRuntime(version: "3.13.5")
        try CLIWriteExecutable(CLIFakeExecutableScript(version: runtime.version), at: other + "/" + runtime.id + "/bin/python3.13")
        try runtime.record().write(toFile: other + "/" + runtime.id + "/__install__.json", atomically: true, encoding: .utf8)
        for value in ["%MY_ROOT%/elsewhere/runtimes", "${MY_ROOT}/elsewhere/runtimes", "../../../elsewhere/runtimes"] {
            try fixture.writeUserConfig(JSONValue.object(JSONObject([("install_dir", .string(value))])).compactText)
            let result = try fixture.py(["list", "-f", "exe"], env: ["MY_ROOT": fixture.root.path])
            #expect(result.stdout == other + "/pythoncore-3.13-64/bin/python3.13\n", "\(value): \(result.stderr)")
        }
    }

    @Test("an empty value or one that expands to nothing counts as unset")
    func emptyIsUnset() throws {
        let fixture = try CLIFixture()
        try fixture.writeUserConfig(#"{"default_tag": "", "install_dir": "${NOT_SET}", "list": {"format": "%NOT_SET%"}}"#)
        let result = try fixture.py(["list", "-1", "-f", "id"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "pythoncore-3.14-64\n")
        #expect(try fixture.py(["list"]).stdout.hasPrefix("Tag"))
    }

    @Test("invalid JSON in a config file: a warning naming the file and line, and the command carries on")
    func invalidJSON() throws {
        let fixture = try CLIFixture()
        try fixture.writeUserConfig("{\n  \"default_tag\": \"3.13\"\n  \"confirm\": false\n}\n")
        let list = try fixture.py(["list", "-f", "id", "3.12"])
        #expect(list.status == 0)
        #expect(list.stdout == "pythoncore-3.12-64\n")
        #expect(list.stderr.contains(fixture.userConfig), "\(list.stderr)")
        #expect(list.stderr.contains("line 3"))
        #expect(CLILines(list.stderr).count == 1)
        let launch = try fixture.py(["-V:3.12", "-c", "pass"])
        #expect(launch.status == 0)
        #expect(launch.stdout.hasPrefix("Python 3.12.10\n"))
        #expect(launch.stderr.contains(fixture.userConfig))
    }

    @Test("a value of the wrong type is an error naming file, key and value, with a non-zero exit", arguments: [
        (#"{"confirm": "maybe"}"#, "confirm", "maybe"),
        (#"{"include_unmanaged": []}"#, "include_unmanaged", "[]"),
        (#"{"log_level": "loud"}"#, "log_level", "loud"),
    ])
    func wrongType(_ json: String, key: String, value: String) throws {
        let fixture = try CLIFixture()
        try fixture.writeUserConfig(json)
        for arguments in [["list"], ["-c", "pass"], ["install", "--dry-run", "3"]] {
            let result = try fixture.py(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr.contains(fixture.userConfig), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("\"\(key)\""))
            #expect(result.stderr.contains("'\(value)'"))
        }
    }

    @Test("a wrong-typed environment variable names the variable", arguments: [
        ("PYTHON_MANAGER_CONFIRM", "maybe"), ("PYTHON_MANAGER_INCLUDE_UNMANAGED", "sometimes"), ("PYTHON_MANAGER_AUTOMATIC_INSTALL", "2"),
    ])
    func wrongTypeInEnvironment(_ variable: String, value: String) throws {
        let fixture = try CLIFixture()
        let result = try fixture.py(["list"], env: [variable: value])
        #expect(result.status != 0)
        #expect(result.stderr.contains(variable), "\(result.stderr)")
        #expect(result.stderr.contains("'\(value)'"))
    }

    @Test("base_config is ignored in the user config but honoured in pymanager.json beside the binary")
    func baseConfig() throws {
        let fixture = try CLIFixture()
        try fixture.root.write(#"{"default_tag": "3.12"}"#, to: "admin/base.json")
        try fixture.writeUserConfig(JSONValue.object(JSONObject([("base_config", .string(fixture.root.path + "/admin/base.json"))])).compactText)
        #expect(try fixture.py(["list", "-1", "-f", "id"]).stdout == "pythoncore-3.14-64\n")
        // GIVEN a copy of py with a built-in pymanager.json naming the same base_config.
        let py = try Self.copyOfPy(in: fixture, builtIn: #"{"base_config": "../../admin/base.json"}"#)
        try fixture.writeUserConfig("{}")
        #expect(try fixture.root.run(py, ["list", "-1", "-f", "id"]).stdout == "pythoncore-3.12-64\n")
        // The user config is read after base_config, so it may still change the value.
        try fixture.writeUserConfig(#"{"default_tag": "3.13"}"#)
        #expect(try fixture.root.run(py, ["list", "-1", "-f", "id"]).stdout == "pythoncore-3.13-64\n")
    }

    @Test("the policy file named by the built-in pymanager.json has the last word")
    func policyFile() throws {
        let fixture = try CLIFixture()
        try fixture.root.write(#"{"default_tag": "3.12", "list": {"format": "id"}}"#, to: "admin/policy.json")
        let py = try Self.copyOfPy(in: fixture, builtIn: #"{"policy_file": "../../admin/policy.json"}"#)
        try fixture.writeUserConfig(#"{"default_tag": "3.13"}"#)
        let result = try fixture.root.run(py, ["list", "-1"], env: ["PYTHON_MANAGER_DEFAULT": "3.14", "PYTHON_MANAGER_CONFIG": ""])
        #expect(result.stdout == "pythoncore-3.12-64\n", "\(result.stderr)")
        // A policy_file key in the user config is ignored.
        try fixture.writeUserConfig(JSONValue.object(JSONObject([("policy_file", .string(fixture.root.path + "/admin/policy.json"))])).compactText)
        #expect(try fixture.py(["list", "-1", "-f", "id"]).stdout == "pythoncore-3.14-64\n")
    }

    @Test("PYMANAGER_DEBUG and PYMANAGER_VERBOSE add output on stderr only")
    func verbosity() throws {
        let fixture = try CLIFixture()
        let quiet = try fixture.py(["list", "-f", "id", "3.12"])
        #expect(quiet.stderr == "")
        let debug = try fixture.py(["list", "-f", "id", "3.12"], env: ["PYMANAGER_DEBUG": "1"])
        #expect(debug.stdout == quiet.stdout)
        #expect(debug.stderr.contains("Configuration files read"), "\(debug.stderr)")
        let verbose = try fixture.dryRun(["-V:3.12"], env: ["PYMANAGER_VERBOSE": "1"])
        #expect(verbose.status == 0)
        #expect(verbose.stderr.contains("Launching " + fixture.prefix("pythoncore-3.12-64")), "\(verbose.stderr)")
        #expect(try fixture.dryRun(["-V:3.12"], env: ["PYMANAGER_VERBOSE": "0"]).stderr == "")
    }

    @Test("PYTHON_MANAGER_AUTOMATIC_INSTALL=0: with nothing installed py does not try to install")
    func automaticInstall() throws {
        let fixture = try CLIFixture([])
        let off = try fixture.py(["-c", "pass"], env: ["PYTHON_MANAGER_AUTOMATIC_INSTALL": "0"])
        #expect(off.status == 103)
        #expect(!off.stderr.contains("no-such-index.json"), "\(off.stderr)")
        // With it on (the default) py tries, and fails on the fixture's missing index.
        let on = try fixture.py(["-c", "pass"])
        #expect(on.status != 0)
        #expect(on.stderr.contains("no-such-index.json"), "\(on.stderr)")
    }

    /// A copy of the py binary in `<root>/opt/bin/` with `builtIn` as its pymanager.json.
    static func copyOfPy(in fixture: CLIFixture, builtIn: String) throws -> String {
        let dir = fixture.root.path + "/opt/bin"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLIBinary.py, toPath: dir + "/py")
        try builtIn.write(toFile: dir + "/pymanager.json", atomically: true, encoding: .utf8)
        return dir + "/py"
    }
}
