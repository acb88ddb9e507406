import Foundation
import Testing
import TestSupport

/// End-to-end tests of how `py script` chooses its runtime (issue #4):
/// shebang → PEP 723 → virtual environment → `.python-version` → default,
/// through the built binary with `PYLAUNCHER_DRYRUN`, plus real launches.
@Suite("Script launching")
struct ScriptLaunchTests {
    /// A `CLIFixture` with managed fake runtimes 3.12.4, 3.13.1, 3.14.0, a 3.15.0a1
    /// prerelease (each also aliased `python3`) and PyPy 3.11, and script helpers.
    final class ScriptWorld: @unchecked Sendable {
        let fixture: CLIFixture
        var root: TempRoot { fixture.root }
        let py = CLIBinary.py

        init() throws {
            let core = ["3.12.4", "3.13.1", "3.14.0", "3.15.0a1"].map { CLIRuntime(version: $0, extraAliases: ["python3"]) }
            fixture = try CLIFixture(core + [CLIRuntime(company: "PyPy", version: "3.11.13", extraAliases: ["pypy3"])], label: "scripts")
        }

        func exe(_ id: String, _ name: String) -> String { fixture.prefix(id) + "/bin/" + name }

        /// Writes a script into `work/` and returns its path.
        @discardableResult
        func script(_ name: String, _ text: String) throws -> String {
            try root.write(text, to: "work/" + name)
        }

        /// The dry-run command line for `py args…`, as words.
        func dryRun(_ args: [String], env: [String: String] = [:], cwd: String? = nil) throws -> (words: [String], result: ProcessResult) {
            let result = try root.run(py, args, env: env.merging(["PYLAUNCHER_DRYRUN": "1"]) { $1 }, cwd: cwd)
            let words = result.stdout.trimmingCharacters(in: .newlines).split(separator: " ").map(String.init)
            return (words, result)
        }
    }

    struct ShebangRow: CustomStringConvertible, Sendable {
        var name: String
        var firstLine: String
        /// Expected argv as (install id, executable name) for argv[0], then the words before the script.
        var id: String
        var executable: String
        var before: [String]
        var description: String { name }
    }

    static let shebangRows: [ShebangRow] = [
        ShebangRow(name: "env python3.12", firstLine: "#!/usr/bin/env python3.12", id: "pythoncore-3.12-64", executable: "python3.12", before: []),
        ShebangRow(name: "/usr/bin/python3.13 with -u", firstLine: "#!/usr/bin/python3.13 -u", id: "pythoncore-3.13-64", executable: "python3.13", before: ["-u"]),
        ShebangRow(name: "/usr/local/bin/pypy3.11", firstLine: "#!/usr/local/bin/pypy3.11", id: "pypy-3.11-64", executable: "pypy3.11", before: []),
        ShebangRow(name: "bare python3 is the default", firstLine: "#! python3", id: "pythoncore-3.14-64", executable: "python3.14", before: []),
        ShebangRow(name: "env -S with arguments", firstLine: "#!/usr/bin/env -S python3.12 -X dev", id: "pythoncore-3.12-64", executable: "python3.12", before: ["-X", "dev"]),
        ShebangRow(name: "case-insensitive alias", firstLine: "#!/usr/bin/env PyPy3.11", id: "pypy-3.11-64", executable: "pypy3.11", before: []),
        ShebangRow(name: "python3.15 prerelease by tag", firstLine: "#!/usr/bin/env python3.15", id: "pythoncore-3.15-64", executable: "python3.15", before: []),
        ShebangRow(name: "CRLF line end", firstLine: "#!/usr/bin/env python3.13\r", id: "pythoncore-3.13-64", executable: "python3.13", before: []),
        ShebangRow(name: "BOM", firstLine: "\u{FEFF}#!/usr/bin/python3.12", id: "pythoncore-3.12-64", executable: "python3.12", before: []),
        ShebangRow(name: "a name that is no runtime falls back to the default", firstLine: "#!/usr/bin/envpython3", id: "pythoncore-3.14-64", executable: "python3.14", before: []),
    ]

    @Test("shebang forms choose the runtime and put their arguments before the script", arguments: shebangRows)
    func shebangs(row: ShebangRow) throws {
        let world = try ScriptWorld()
        let script = try world.script("s.py", row.firstLine + "\nprint(1)\n")
        let (words, result) = try world.dryRun([script, "arg"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(words == [world.exe(row.id, row.executable)] + row.before + [script, "arg"], "\(result.stdout)")
    }

    @Test("a shebang naming a runtime that is not installed fails like py -V:<TAG> (issue 8)")
    func unknownShebangFails() throws {
        let world = try ScriptWorld()
        let script = try world.script("s.py", "#!/usr/bin/env python3.99\n")
        let (words, result) = try world.dryRun([script])
        #expect(result.status == 103)
        #expect(words.isEmpty)
        #expect(result.stderr.contains("3.99") && result.stderr.contains("not installed"), "\(result.stderr)")
    }

    @Test("/usr/bin/env <command> searches PATH, and shebang_can_run_anything=false refuses it")
    func envCommand() throws {
        let world = try ScriptWorld()
        let tools = world.root.path + "/tools"
        try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: true)
        let tool = tools + "/mytool"
        try "#!/bin/sh\necho tool \"$@\"\n".write(toFile: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool)
        let path = tools + ":" + (world.root.environment["PATH"] ?? "/usr/bin:/bin")
        let script = try world.script("s.sh", "#!/usr/bin/env mytool --flag\n")

        let (words, allowed) = try world.dryRun([script, "x"], env: ["PATH": path])
        #expect(words == [tool, "--flag", script, "x"], "\(allowed.stdout) \(allowed.stderr)")
        #expect(allowed.stderr.contains("arbitrary command"))

        let (refusedWords, refused) = try world.dryRun([script, "x"], env: ["PATH": path, "PYTHON_MANAGER_SHEBANG_CAN_RUN_ANYTHING": "false"])
        #expect(refusedWords == [world.exe("pythoncore-3.14-64", "python3.14"), script, "x"])
        #expect(refused.stderr.contains("shebang_can_run_anything"))

        let (_, silent) = try world.dryRun([script], env: ["PATH": path, "PYTHON_MANAGER_SHEBANG_CAN_RUN_ANYTHING_SILENTLY": "1"])
        #expect(!silent.stderr.contains("arbitrary"))

        let (noSearchWords, noSearch) = try world.dryRun([script], env: ["PATH": path, "PYLAUNCHER_NO_SEARCH_PATH": "1"])
        #expect(noSearchWords == [world.exe("pythoncore-3.14-64", "python3.14"), script])
        #expect(noSearch.stderr.contains("PYLAUNCHER_NO_SEARCH_PATH"))
    }

    @Test("a relative shebang path resolves against the script's folder")
    func relativeExecutable() throws {
        let world = try ScriptWorld()
        let dir = world.root.work + "/proj"
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        let tool = dir + "/bin/run"
        try "#!/bin/sh\necho run\n".write(toFile: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool)
        let script = try world.script("proj/s.py", "#!bin/run -q\n")
        let (words, result) = try world.dryRun([script])
        #expect(words == [tool, "-q", script], "\(result.stdout) \(result.stderr)")
    }

    @Test("shebang_templates map a shebang to py -V:<TAG>")
    func templates() throws {
        let world = try ScriptWorld()
        try world.root.write(#"{"shebang_templates": {"/opt/custom/python": "py -V:3.13"}}"#, to: "home/.config/pymanager/pymanager.json")
        let script = try world.script("s.py", "#!/opt/custom/python\n")
        let (words, result) = try world.dryRun([script])
        #expect(words == [world.exe("pythoncore-3.13-64", "python3.13"), script], "\(result.stderr)")
    }

    @Test("PEP 723 requires-python picks the newest satisfying runtime, after the shebang")
    func inlineMetadata() throws {
        let world = try ScriptWorld()
        let block = "# /// script\n# requires-python = \">=3.12,<3.14\"\n# dependencies = []\n# ///\n"
        let plain = try world.script("a.py", "import sys\n" + block)
        #expect(try world.dryRun([plain]).words.first == world.exe("pythoncore-3.13-64", "python3.13"))
        // A generic shebang names no runtime, so the metadata still decides.
        let generic = try world.script("b.py", "#!/usr/bin/env python3\n" + block)
        #expect(try world.dryRun([generic]).words.first == world.exe("pythoncore-3.13-64", "python3.13"))
        // A specific shebang comes first.
        let specific = try world.script("c.py", "#!/usr/bin/env python3.12\n" + block)
        #expect(try world.dryRun([specific]).words.first == world.exe("pythoncore-3.12-64", "python3.12"))
        // -V: comes before everything.
        #expect(try world.dryRun(["-V:3.14", specific]).words.first == world.exe("pythoncore-3.14-64", "python3.14"))
    }

    @Test("requires-python that nothing satisfies is an error naming the script; a malformed block is a warning")
    func inlineMetadataFailures() throws {
        let world = try ScriptWorld()
        let none = try world.script("a.py", "# /// script\n# requires-python = \">=3.20\"\n# ///\n")
        let (_, result) = try world.dryRun([none])
        #expect(result.status == 103)
        #expect(result.stderr.contains(">=3.20") && result.stderr.contains("a.py"))

        let twice = try world.script("b.py", "# /// script\n# requires-python = \">=3.12\"\n# ///\n# /// script\n# ///\n")
        let (words, warned) = try world.dryRun([twice])
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("b.py"))
        #expect(words.first == world.exe("pythoncore-3.14-64", "python3.14"))
    }

    @Test("the virtual environment comes before .python-version, which comes before default_tag")
    func environmentAndVersionFile() throws {
        let world = try ScriptWorld()
        let project = world.root.work + "/project/sub"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        try "# pinned\n\nsystem\n3.12\n3.13\n".write(toFile: world.root.work + "/project/.python-version", atomically: true, encoding: .utf8)
        let script = try world.script("plain.py", "print(1)\n")

        #expect(try world.dryRun([script], cwd: project).words.first == world.exe("pythoncore-3.12-64", "python3.12"))
        #expect(try world.dryRun([script], env: ["PYTHON_MANAGER_PYTHON_VERSION_FILE": "0"], cwd: project).words.first
            == world.exe("pythoncore-3.14-64", "python3.14"))
        #expect(try world.dryRun([script], env: ["PYTHON_MANAGER_DEFAULT": "3.13"]).words.first
            == world.exe("pythoncore-3.13-64", "python3.13"))

        let venv = try world.fixture.makeVirtualEnvironment("venv", version: "3.13.1")
        #expect(try world.dryRun([script], env: ["VIRTUAL_ENV": venv], cwd: project).words.first == venv + "/bin/python")
        // A shebang naming a runtime still beats the virtual environment.
        let pinned = try world.script("pinned.py", "#!/usr/bin/python3.14\n")
        #expect(try world.dryRun([pinned], env: ["VIRTUAL_ENV": venv], cwd: project).words.first
            == world.exe("pythoncore-3.14-64", "python3.14"))

        // py list --one agrees with the launcher, and -v says why.
        let one = try world.root.run(world.py, ["list", "--one", "-f", "exe", "-v"], cwd: project)
        #expect(one.stdout == world.exe("pythoncore-3.12-64", "python3.12") + "\n")
        #expect(one.stderr.contains(".python-version"))
    }

    @Test("a PyPy .python-version value selects PyPy")
    func versionFileCompany() throws {
        let world = try ScriptWorld()
        try "pypy3.11\n".write(toFile: world.root.work + "/.python-version", atomically: true, encoding: .utf8)
        #expect(try world.dryRun(["-c", "pass"]).words.first == world.exe("pypy-3.11-64", "pypy3.11"))
    }

    @Test("a script that cannot be read launches with the default runtime")
    func unreadableScript() throws {
        let world = try ScriptWorld()
        let (words, result) = try world.dryRun(["missing.py"])
        #expect(result.status == 0)
        #expect(words == [world.exe("pythoncore-3.14-64", "python3.14"), "missing.py"])
    }

    @Test("a real launch passes the shebang's arguments, the script and its arguments to the runtime")
    func realLaunch() throws {
        let world = try ScriptWorld()
        let script = try world.script("s.py", "#!/usr/bin/env python3.13 -E -s\n")
        let result = try world.root.run(world.py, [script, "one", "two words"], env: ["CLI_FAKE_EXIT": "5"])
        #expect(result.status == 5)
        #expect(CLILines(result.stdout) == [
            "Python 3.13.1", "exe=" + world.exe("pythoncore-3.13-64", "python3.13"),
            "arg=-E", "arg=-s", "arg=" + script, "arg=one", "arg=two words",
        ])
    }

    @Test("shim aliases start their runtime and pass the exit status through")
    func shimAliases() throws {
        let world = try ScriptWorld()
        let refresh = try world.root.run(world.py, ["install", "--refresh"], env: ["PYTHON_MANAGER_ALIAS_KIND": "shim"])
        #expect(refresh.status == 0, "\(refresh.stderr)")
        let alias = world.root.home + "/.local/bin/python3.13"
        let sidecar = try String(contentsOfFile: alias + ".__target__", encoding: .utf8)
        #expect(sidecar == world.exe("pythoncore-3.13-64", "python3.13") + "\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: alias)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        let run = try world.root.run(alias, ["a", "b"], env: ["CLI_FAKE_EXIT": "3"])
        #expect(run.status == 3)
        #expect(CLILines(run.stdout) == ["Python 3.13.1", "exe=" + world.exe("pythoncore-3.13-64", "python3.13"), "arg=a", "arg=b"])
        // The newest stable install owns the shared name only when unversioned aliases are on.
        #expect(!FileManager.default.fileExists(atPath: world.root.home + "/.local/bin/python3"))

        // Back to symlinks: the shim and its sidecar are replaced.
        let back = try world.root.run(world.py, ["install", "--refresh"], env: ["PYTHON_MANAGER_UNVERSIONED_ALIASES": "1"])
        #expect(back.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: alias) == world.exe("pythoncore-3.13-64", "python3.13"))
        #expect(!FileManager.default.fileExists(atPath: alias + ".__target__"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: world.root.home + "/.local/bin/python3")
            == world.exe("pythoncore-3.14-64", "python3.14"))
    }

    @Test("a shim whose sidecar is missing says how to repair it")
    func shimWithoutSidecar() throws {
        let root = try TempRoot(label: "shim")
        let copy = root.path + "/python3.99"
        try FileManager.default.copyItem(atPath: BuiltProducts.path(of: "py-shim"), toPath: copy)
        let result = try root.run(copy, [])
        #expect(result.status == 103)
        #expect(result.stderr.contains("python3.99.__target__") && result.stderr.contains("py install --refresh"))
    }
}
