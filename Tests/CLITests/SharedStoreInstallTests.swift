import Foundation
import Glibc
import Testing
import TestSupport

/// `py install --system` / `py uninstall --system` and what a user command does about the
/// system store, run as the test's own user (the system store is a folder in the temp root).
/// `RealUserTests` repeats the part that needs two real accounts.
@Suite("Shared machines: installing for every user")
struct SharedStoreInstallTests {
    static func mode(_ path: String) -> Int {
        var st = stat()
        return lstat(path, &st) == 0 ? Int(st.st_mode & 0o7777) : -1
    }

    /// A release whose archive asks for private modes (0700 folders, 0600 files).
    static func privateRelease(_ version: String) -> InstallRelease {
        var release = InstallRelease(version)
        release.entries = [
            .directory("python", mode: 0o700),
            .directory("python/bin", mode: 0o700),
            .file("python/bin/python3.12", "#!/bin/sh\necho \"Python \(version)\"\necho \"exe=$0\"\n", mode: 0o700),
            .directory("python/lib", mode: 0o700),
            .file("python/lib/os.py", "# stdlib\n", mode: 0o600),
            .file("python/lib/tool", "#!/bin/sh\n", mode: 0o4750),
        ]
        return release
    }

    @Test("root's install is readable by everyone and writable by root alone, whatever the umask and the archive")
    func permissions() throws {
        let world = try InstallWorld(label: "system-install")
        let feed = try world.publish([Self.privateRelease("3.12.9")])
        // GIVEN umask 077
        let result = try world.root.run(
            "/bin/sh", ["-c", "umask 077; exec \"$0\" \"$@\"", InstallFixtures.pyPath, "install", "--system", "--source", feed, "3.12"])
        world.expectSuccess(result)
        let prefix = world.root.systemInstallDir + "/pythoncore-3.12-64"
        let expected: [(String, Int)] = [
            (world.root.systemInstallDir, 0o755), (prefix, 0o755), (prefix + "/bin", 0o755), (prefix + "/bin/python3.12", 0o755),
            (prefix + "/lib", 0o755), (prefix + "/lib/os.py", 0o644), (prefix + "/lib/tool", 0o755),
            (prefix + "/__install__.json", 0o644),
        ]
        for (path, mode) in expected {
            #expect(String(Self.mode(path), radix: 8) == String(mode, radix: 8), "\(path)")
        }
        // The system alias points into the system store; the user's store and aliases are untouched.
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: world.root.systemGlobalDir + "/python3.12")) == prefix + "/bin/python3.12")
        #expect(world.installFolders.isEmpty)
        #expect(world.aliasTarget("python3.12") == nil)
    }

    @Test("a user's install of a runtime every user has says so, downloads nothing, and --force makes a private copy that wins")
    func userInstallOverSystem() throws {
        let world = try InstallWorld(label: "system-user")
        let release = InstallRelease("3.12.9")
        let feed = try world.publish([release])
        world.expectSuccess(try world.py(["install", "--system", "--source", feed, "3.12"]))
        let downloads = world.archiveRequests(release).count

        // WHEN the user installs the same runtime
        let again = try world.py(["install", "--source", feed, "3.12"])
        // THEN it says it is there for all users, exits 0 and downloads nothing
        world.expectSuccess(again)
        #expect(again.stderr.contains("already installed for all users"), "\(again.stderr)")
        #expect(world.archiveRequests(release).count == downloads)
        #expect(world.installFolders.isEmpty)
        let system = world.root.systemInstallDir + "/pythoncore-3.12-64/bin/python3.12"
        let shared = try world.py(["-V:3.12"])
        #expect(shared.stdout.contains(system), "\(shared.stdout)")

        // --force installs a private copy, which launches from then on.
        let force = try world.py(["install", "--force", "--source", feed, "3.12"])
        world.expectSuccess(force)
        #expect(world.installFolders == ["pythoncore-3.12-64"])
        let launch = try world.py(["-V:3.12"], env: ["PYLAUNCHER_DRYRUN": "1"])
        #expect(launch.stdout.hasPrefix(world.installDir + "/pythoncore-3.12-64/bin/python3.12"), "\(launch.stdout)")
    }

    @Test("a user cannot uninstall a system runtime: one line naming the sudo command")
    func userUninstallOfSystem() throws {
        let world = try InstallWorld(label: "system-uninstall")
        let feed = try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5")])
        world.expectSuccess(try world.py(["install", "--system", "--source", feed, "3.12"]))
        world.expectSuccess(try world.py(["install", "--source", feed, "3.13"]))

        let refused = try world.py(["uninstall", "-y", "3.12"])
        world.expectFailure(refused)
        #expect(CLIErrorLines(refused.stderr).count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("sudo py uninstall --system 3.12"), "\(refused.stderr)")
        #expect(world.exists(world.root.systemInstallDir + "/pythoncore-3.12-64/__install__.json"))

        // The user's --purge leaves the system store alone.
        world.expectSuccess(try world.py(["uninstall", "-y", "--purge"]))
        #expect(world.installFolders.isEmpty)
        #expect(world.exists(world.root.systemInstallDir + "/pythoncore-3.12-64/__install__.json"))
    }

    @Test("uninstall --system and --system --purge empty the system store and its aliases, not the user's")
    func systemUninstall() throws {
        let world = try InstallWorld(label: "system-purge")
        let feed = try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5")])
        world.expectSuccess(try world.py(["install", "--system", "--source", feed, "3.12", "3.13"]))
        world.expectSuccess(try world.py(["install", "--force", "--source", feed, "3.13"]))
        let systemAliases = { world.names(in: world.root.systemGlobalDir) }
        #expect(systemAliases().contains("python3.12"))

        world.expectSuccess(try world.py(["uninstall", "--system", "-y", "3.12"]))
        #expect(!world.exists(world.root.systemInstallDir + "/pythoncore-3.12-64"))
        #expect(!systemAliases().contains("python3.12"))

        world.expectSuccess(try world.py(["uninstall", "--system", "-y", "--purge"]))
        #expect(world.names(in: world.root.systemInstallDir).filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(systemAliases().isEmpty)
        #expect(world.installFolders == ["pythoncore-3.13-64"])
        #expect(world.aliasTarget("python3.13") != nil)
    }

    @Test("--system cannot be combined with --target or --download")
    func systemWithTarget() throws {
        let world = try InstallWorld(label: "system-target")
        let result = try world.py(["install", "--system", "--target", world.root.work + "/t", "3.12"])
        #expect(result.status == 2, "\(result.stderr)")
    }

    @Test("without write access to the system store: one line, nothing changed", .enabled(if: getuid() != 0, "root may write anywhere; RealUserTests covers this as a real user"))
    func noWriteAccess() throws {
        let world = try InstallWorld(label: "system-denied")
        let feed = try world.publish([InstallRelease("3.12.9")])
        let parent = world.root.path + "/system"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        chmod(parent, 0o555)
        defer { chmod(parent, 0o755) }
        let result = try world.py(["install", "--system", "--source", feed, "3.12"])
        world.expectFailure(result)
        #expect(CLILines(result.stderr) == [
            "py install --system needs write access to \(world.root.systemInstallDir); run it as root: sudo py install --system --source \(feed) 3.12"
        ])
        #expect(world.archiveRequests(InstallRelease("3.12.9")).isEmpty)
        #expect(world.names(in: parent).isEmpty)
    }

    @Test("launches keep working while the administrator reinstalls the runtime (--force)")
    func liveReplacement() throws {
        let world = try InstallWorld(label: "system-live")
        let log = try world.launchesDuringSystemReinstall([{ try? world.py(["-V:3.12", "-c", "pass"]) }])
        #expect(log.count > 0)
        #expect(log.failures.isEmpty, "\(log.failures.prefix(3))")
        #expect(world.leftovers.isEmpty)
    }
}

extension InstallWorld {
    /// Installs a 2 MB 3.12 into the system store, then reinstalls it three times with `--force`
    /// while each of `launchers` runs in a loop on its own thread. Returns what the launches did.
    func launchesDuringSystemReinstall(_ launchers: [@Sendable () -> ProcessResult?]) throws -> LaunchLog {
        var release = InstallRelease("3.12.9")
        release.paddingBytes = 2_000_000
        let feed = try publish([release])
        expectSuccess(try py(["install", "--system", "--source", feed, "3.12"]))
        let log = LaunchLog()
        let threads = launchers.map { launch in
            Thread {
                while !log.isStopped { log.record(launch()) }
            }
        }
        for thread in threads { thread.start() }
        for _ in 0..<3 {
            expectSuccess(try py(["install", "--system", "--force", "--source", feed, "3.12"]))
        }
        log.stop()
        while threads.contains(where: { !$0.isFinished }) { usleep(10_000) }
        return log
    }
}

/// Results of launches made on other threads, and the flag that stops them.
final class LaunchLog: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [(status: Int32, stderr: String)] = []
    private var stopped = false

    /// Records one launch (`nil`: it could not be started).
    func record(_ result: ProcessResult?) {
        lock.withLock { results.append((result?.status ?? -1, result?.stderr ?? "could not be started")) }
    }

    func stop() { lock.withLock { stopped = true } }
    var isStopped: Bool { lock.withLock { stopped } }
    var count: Int { lock.withLock { results.count } }
    /// `status: stderr` of each launch that failed.
    var failures: [String] { lock.withLock { results.filter { $0.status != 0 }.map { "\($0.status): \($0.stderr)" } } }
}
