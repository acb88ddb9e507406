import Foundation
import Testing
import TestSupport

/// `scripts/install.sh`: installs into a temporary prefix, then the installed `py`
/// installs and launches a runtime from a loopback index, and a second run upgrades in place.
@Suite(.serialized) struct InstallScriptTests {
    static let script = CLIBinary.packageRoot + "/scripts/install.sh"
    static let releaseVariable = "PYMANAGER_TEST_RELEASE_INSTALL"

    /// Runs the script with `arguments` in a world whose HOME is the temp root's.
    func runScript(_ world: InstallWorld, _ arguments: [String], timeout: Double = 300) throws -> ProcessResult {
        // The Swift toolchain must stay on PATH for the release build.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return try world.root.run("/bin/bash", [Self.script] + arguments, env: ["PATH": path], timeout: timeout)
    }

    /// The checks after an install into `prefix`: every file in place, and the installed `py`
    /// (not the build's) finds its bundled feed, installs from a loopback index and launches.
    func checkInstalled(_ world: InstallWorld, prefix: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fm = FileManager.default
        for program in ["py", "py-manage", "py-shim"] {
            #expect(fm.isExecutableFile(atPath: prefix + "/bin/" + program), "\(program)", sourceLocation: sourceLocation)
        }
        #expect(try fm.destinationOfSymbolicLink(atPath: prefix + "/bin/pymanager") == "py", sourceLocation: sourceLocation)
        let feeds = try fm.contentsOfDirectory(atPath: prefix + "/share/pymanager")
        let shipped = try fm.contentsOfDirectory(atPath: CLIBinary.packageRoot + "/Index").filter { $0.hasSuffix(".json") }
        #expect(Set(feeds) == Set(shipped), sourceLocation: sourceLocation)
        let py = prefix + "/bin/py"
        for (shell, file) in [("bash", "bash-completion/completions/py"), ("zsh", "zsh/site-functions/_py"), ("fish", "fish/vendor_completions.d/py.fish")] {
            let installed = try String(contentsOfFile: prefix + "/share/" + file, encoding: .utf8)
            #expect(installed == (try world.root.run(py, ["completion", shell])).stdout, "\(file)", sourceLocation: sourceLocation)
        }
        // The bundled feed is found beside the installed binary (../share/pymanager), not in the source tree.
        let tags = try world.root.run(py, ["completion", "--list-tags=index"])
        #expect(!tags.stdout.isEmpty, "no tags from \(prefix)/share/pymanager", sourceLocation: sourceLocation)
        let help = try world.root.run(prefix + "/bin/pymanager", [])
        #expect(help.status == 0 && help.stdout.contains("Commands:"), sourceLocation: sourceLocation)

        let feed = try world.publish([InstallRelease("3.13.5")])
        let install = try world.root.run(py, ["install", "--source", feed, "--format=json", "3.13"])
        #expect(install.status == 0, "\(install.stderr)", sourceLocation: sourceLocation)
        #expect(install.stdout.contains("\"installed\"") || install.stdout.contains("\"already-installed\""), sourceLocation: sourceLocation)
        let launch = try world.root.run(py, ["-V:3.13", "-c", "pass"])
        #expect(launch.status == 0 && launch.stdout.hasPrefix("Python 3.13.5\n"), "\(launch.stderr)", sourceLocation: sourceLocation)
        #expect(try fm.contentsOfDirectory(atPath: prefix + "/bin").filter { $0.hasPrefix(".") }.isEmpty, "no temporary files left")
    }

    @Test func installsBuiltBinariesIntoAPrefixAndUpgradesInPlace() throws {
        let world = try InstallWorld(label: "install-script")
        let prefix = world.root.path + "/opt/py"
        let built = (CLIBinary.py as NSString).deletingLastPathComponent

        let first = try runScript(world, ["--prefix", prefix, "--bin-dir", built])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("not on PATH"))
        try checkInstalled(world, prefix: prefix)

        // GIVEN an install made with the installed py, and an obsolete feed file,
        // WHEN the script runs again THEN it replaces everything and keeps the runtime.
        try "{}".write(toFile: prefix + "/share/pymanager/index-linux-obsolete.json", atomically: true, encoding: .utf8)
        let inode = try FileManager.default.attributesOfItem(atPath: prefix + "/bin/py")[.systemFileNumber] as? Int
        let second = try runScript(world, ["--prefix=" + prefix, "--bin-dir=" + built])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: prefix + "/bin/py")[.systemFileNumber] as? Int != inode,
                "py is replaced by a rename, not rewritten in place")
        #expect(!FileManager.default.fileExists(atPath: prefix + "/share/pymanager/index-linux-obsolete.json"))
        try checkInstalled(world, prefix: prefix)
        #expect(try world.listedIDs() == ["pythoncore-3.13-64"])
    }

    @Test func badArgumentsAreRefused() throws {
        let world = try InstallWorld(label: "install-script-args")
        let unknown = try runScript(world, ["--frobnicate"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--frobnicate"))
        let missing = try runScript(world, ["--prefix"])
        #expect(missing.status == 2 && missing.stderr.contains("--prefix"))
        let noBinaries = try runScript(world, ["--prefix", world.root.path + "/p", "--bin-dir", world.root.path])
        #expect(noBinaries.status == 1 && noBinaries.stderr.contains("missing"))
        #expect(!FileManager.default.fileExists(atPath: world.root.path + "/p/bin/py"))
    }

    /// The script's own release build (minutes on a small machine), so only on request.
    @Test(.enabled(
        if: ProcessInfo.processInfo.environment[releaseVariable] == "1",
        "the release build takes minutes: set PYMANAGER_TEST_RELEASE_INSTALL=1 to run scripts/install.sh as a user would"))
    func buildsAndInstallsTheReleaseBinaries() throws {
        let world = try InstallWorld(label: "install-script-release")
        let prefix = world.root.path + "/local"
        let result = try runScript(world, ["--prefix", prefix], timeout: 3600)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        try checkInstalled(world, prefix: prefix)
        // The release launcher is the static one (DESIGN.md: py links no libcurl/libarchive).
        let ldd = try world.root.run("/usr/bin/ldd", [prefix + "/bin/py"])
        #expect(!ldd.stdout.contains("libcurl") && !ldd.stdout.contains("libarchive"), "\(ldd.stdout)")
    }
}
