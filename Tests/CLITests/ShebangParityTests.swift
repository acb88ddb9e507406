import Foundation
import PyManagerCore
import TestSupport
import Testing

/// Issue 8, points 2 and 3, through the built `py`: a shebang that names a runtime
/// gets it or says why not; bare commands are looked up on `PATH`.
@Suite("Parity with pymanager: shebangs")
struct ShebangParityTests {
    /// The standard `CLIFixture` runtimes (3.15a, 3.14, 3.14t, 3.13, 3.12, PyPy 3.11) and a script.
    static func world(_ firstLine: String) throws -> (CLIFixture, String) {
        let fixture = try CLIFixture(label: "shebang-parity")
        let script = try fixture.root.write(firstLine + "\nprint(1)\n", to: "work/s.py")
        return (fixture, script)
    }

    static var defaultExecutable: (CLIFixture) -> String { { $0.prefix("pythoncore-3.14-64") + "/bin/python3.14" } }

    @Test(
        "a shebang naming a missing runtime fails like py -V:<TAG>: exit 103, one line naming script, shebang and remedy",
        arguments: [
            ("#!/usr/bin/python3.9", "3.9"), ("#!/usr/bin/env python3.12t", "3.12t"), ("#!python2", "2"),
            ("#!/usr/bin/python3-arm64", "3-arm64"), ("#!/usr/local/bin/python3.11 -E", "3.11"), ("#! /usr/bin/env -S python3.10", "3.10"),
        ])
    func missingRuntime(_ line: String, _ tag: String) throws {
        let (fixture, script) = try Self.world(line)
        let result = try fixture.dryRun([script, "arg"])
        #expect(result.status == 103, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout == "")
        let lines = CLILines(result.stderr)
        #expect(lines.count == 1, "\(result.stderr)")
        let text = lines.first ?? ""
        let shebang = "#!" + line.dropFirst(2).trimmingCharacters(in: .whitespaces)
        #expect(text.contains(script) && text.contains("'\(shebang)'"), "\(text)")
        #expect(text.contains("'\(tag)'") && text.contains("\"py install \(tag)\""), "\(text)")
        // The same request on the command line fails the same way.
        let explicit = try fixture.dryRun(["-V:PythonCore/" + tag, script])
        #expect(explicit.status == 103)
        // Unlike before, nothing runs the script with the default runtime.
        #expect(!result.stderr.contains("default runtime"))
    }

    @Test("a name that is no runtime and no file warns and uses the default runtime")
    func notARuntime() throws {
        for line in ["#!/usr/bin/envpython3", "#!/usr/bin/no-such-command-here -x", "#!/usr/local/bin/pythonfoo"] {
            let (fixture, script) = try Self.world(line)
            let result = try fixture.dryRun([script])
            #expect(result.status == 0, "\(line): \(result.stderr)")
            #expect(CLIDryRunExecutable(result.stdout) == Self.defaultExecutable(fixture), "\(line)")
            #expect(result.stdout.hasSuffix(" " + script + "\n"), "\(line): shebang arguments are dropped: \(result.stdout)")
            #expect(result.stderr.contains("could not be matched to an installed runtime"), "\(line): \(result.stderr)")
        }
    }

    @Test("a /usr/bin/<name> that exists on disk runs as a command")
    func usrBinOnDisk() throws {
        let (fixture, script) = try Self.world("#!/usr/bin/true -q")
        let result = try fixture.dryRun([script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "/usr/bin/true -q \(script)\n")
    }

    @Test("automatic installs: py exec installs the shebang's runtime, and so does any launch when nothing is installed")
    func automaticInstall() throws {
        let world = try InstallWorld(label: "shebang-auto")
        let feed = try world.publish([InstallRelease("3.9.13"), InstallRelease("3.14.2")])
        let env = ["PYTHON_MANAGER_SOURCE_URL": feed]
        let script = try world.root.write("#!/usr/bin/env python3.9 -E\n", to: "work/s.py")

        // Nothing installed: a plain launch installs 3.9 and runs the script with it.
        let first = try world.py([script, "a"], env: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(CLILines(first.stdout).prefix(1) == ["Python 3.9.13"], "\(first.stdout)")
        #expect(CLILines(first.stdout).suffix(3) == ["-E", script, "a"])
        #expect(world.installFolders == ["pythoncore-3.9-64"])

        // Something installed but not the runtime asked for: 103, nothing installed...
        let other = try world.root.write("#!/usr/bin/python3.14\n", to: "work/t.py")
        let missing = try world.py([other], env: env)
        #expect(missing.status == 103, "\(missing.stderr)")
        #expect(missing.stderr.contains("py install 3.14"), "\(missing.stderr)")
        #expect(world.installFolders == ["pythoncore-3.9-64"])

        // ...also for py exec when automatic_install is off...
        let off = try world.py(["exec", other], env: env.merging(["PYTHON_MANAGER_AUTOMATIC_INSTALL": "0"]) { $1 })
        #expect(off.status == 103, "\(off.stderr)")
        #expect(world.installFolders == ["pythoncore-3.9-64"])

        // ...while py exec installs it.
        let exec = try world.py(["exec", other], env: env)
        world.expectSuccess(exec)
        #expect(exec.stdout.hasPrefix("Python 3.14.2\n"), "\(exec.stdout)")
        #expect(world.installFolders == ["pythoncore-3.14-64", "pythoncore-3.9-64"])
    }

    /// An executable `name` in a PATH folder of the fixture; returns (its path, the PATH value).
    static func tool(in fixture: CLIFixture, named name: String = "mytool") throws -> (String, String) {
        let tools = fixture.root.path + "/tools"
        let tool = tools + "/" + name
        try CLIWriteExecutable("#!/bin/sh\necho \"tool $*\"\n", at: tool)
        return (tool, tools + ":/usr/bin:/bin")
    }

    @Test("a bare command is searched on PATH after the alias lookup, with pymanager's warning")
    func bareCommand() throws {
        let (fixture, script) = try Self.world("#!mytool --flag")
        let (tool, path) = try Self.tool(in: fixture)
        let dry = try fixture.dryRun([script, "x"], env: ["PATH": path])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "\(tool) --flag \(script) x\n")
        #expect(dry.stderr.contains("'mytool --flag'") && dry.stderr.contains("arbitrary command"), "\(dry.stderr)")

        let real = try fixture.py([script, "x"], env: ["PATH": path])
        #expect(real.status == 0, "\(real.stderr)")
        #expect(real.stdout == "tool --flag \(script) x\n")

        // shebang_can_run_anything=false: the default runtime, with the warning.
        let refused = try fixture.dryRun([script], env: ["PATH": path, "PYTHON_MANAGER_SHEBANG_CAN_RUN_ANYTHING": "false"])
        #expect(CLIDryRunExecutable(refused.stdout) == Self.defaultExecutable(fixture))
        #expect(refused.stderr.contains("shebang_can_run_anything"))

        // PYLAUNCHER_NO_SEARCH_PATH stops the search, as for /usr/bin/env.
        let noSearch = try fixture.dryRun([script], env: ["PATH": path, "PYLAUNCHER_NO_SEARCH_PATH": "1"])
        #expect(CLIDryRunExecutable(noSearch.stdout) == Self.defaultExecutable(fixture))

        // Not on PATH: the same error as /usr/bin/env <cmd>.
        let missing = try fixture.dryRun([script], env: ["PATH": "/usr/bin:/bin"])
        #expect(missing.status == 101, "\(missing.stderr)")
        #expect(missing.stderr.contains("'mytool'") && missing.stderr.contains("PATH"), "\(missing.stderr)")
    }

    @Test(
        "an installed alias wins over PATH; an unknown python-like name after /usr/bin/env is searched on PATH, as pymanager does",
        arguments: [("#!pypy3.11 -O", "pypy3.11", false), ("#!/usr/bin/env pypy3.9", "pypy3.9", true)])
    func pythonLikeNames(_ line: String, _ name: String, _ fromPath: Bool) throws {
        let (fixture, script) = try Self.world(line)
        let (tool, path) = try Self.tool(in: fixture, named: name)
        let result = try fixture.dryRun([script], env: ["PATH": path])
        let installed = fixture.prefix("pypy-3.11-64") + "/bin/pypy3.11 -O"
        #expect(result.stdout == (fromPath ? tool : installed) + " \(script)\n", "\(result.stderr)")
    }
}
