import Foundation
import Glibc
import Testing
import TestSupport

/// `py`, `py-manage` and the shared libraries they load from outside `/lib` and `/usr/lib` (a
/// debug build's Swift runtime), copied into `<root>/bin` with everything on the way readable by
/// all: the build or the toolchain may live where other users cannot reach (CI builds under /root).
struct PublicPy {
    let py: String
    let libraryPath: String

    init(root: TempRoot) throws {
        let fileManager = FileManager.default
        let bin = root.path + "/bin"
        let lib = bin + "/lib"
        try fileManager.createDirectory(atPath: lib, withIntermediateDirectories: true)
        let built = InstallFixtures.pyPath
        let programs = [built, (built as NSString).deletingLastPathComponent + "/py-manage"]
        var libraries: Set<String> = []
        for program in programs {
            try fileManager.copyItem(atPath: program, toPath: bin + "/" + (program as NSString).lastPathComponent)
            let ldd = try runProcess("/usr/bin/ldd", [program])
            for line in ldd.stdout.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let arrow = words.firstIndex(of: "=>"), arrow + 1 < words.count else { continue }
                let path = String(words[arrow + 1])
                if path.hasPrefix("/") && !path.hasPrefix("/lib") && !path.hasPrefix("/usr/lib") { libraries.insert(path) }
            }
        }
        for library in libraries {
            try fileManager.copyItem(atPath: library, toPath: lib + "/" + (library as NSString).lastPathComponent)
        }
        for folder in [root.path, bin, lib] { chmod(folder, 0o755) }
        py = bin + "/py"
        libraryPath = lib
    }
}

/// A Linux account made for one test (`useradd`) with its home in the test's temp root;
/// `remove()` deletes it again (`userdel`), and must run even when the test fails.
final class ThrowawayUser: @unchecked Sendable {
    let name: String
    let home: String
    private let root: TempRoot
    private let program: PublicPy

    init(root: TempRoot, program: PublicPy, suffix: String) throws {
        self.root = root
        self.program = program
        name = "pymt" + String(UInt32.random(in: 0...UInt32.max), radix: 16) + suffix
        home = root.path + "/users/" + name
        for folder in [home, home + "/tmp"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        chmod(root.path + "/users", 0o755)
        let add = try runProcess("/usr/sbin/useradd", ["--no-create-home", "--home-dir", home, "--shell", "/bin/sh", "--user-group", name])
        guard add.status == 0 else { throw TestSupportError("useradd \(name) failed: \(add.stderr)") }
        let own = try runProcess("/bin/chown", ["-R", "\(name):\(name)", home])
        guard own.status == 0 else {
            remove()
            throw TestSupportError("chown \(home) failed: \(own.stderr)")
        }
    }

    /// Deletes the account and its group (the home folder goes with the temp root).
    func remove() {
        _ = try? runProcess("/usr/sbin/userdel", [name])
        _ = try? runProcess("/usr/sbin/groupdel", [name])
    }

    /// The user's environment: their own HOME and XDG folders, the temp root's system store.
    var environment: [String: String] {
        [
            "HOME": home, "XDG_DATA_HOME": home + "/.local/share", "XDG_CONFIG_HOME": home + "/.config",
            "XDG_CACHE_HOME": home + "/.cache", "XDG_STATE_HOME": home + "/.local/state", "TMPDIR": home + "/tmp",
            "USER": name, "LOGNAME": name, "LD_LIBRARY_PATH": program.libraryPath,
        ]
    }

    var installDir: String { home + "/.local/share/pymanager" }

    /// Runs the built `py` as this user (`setpriv`, no supplementary groups).
    func py(_ arguments: [String], env: [String: String] = [:]) throws -> ProcessResult {
        try root.run(
            "/usr/bin/setpriv", ["--reuid", name, "--regid", name, "--clear-groups", "--", program.py] + arguments,
            env: environment.merging(env) { $1 }, cwd: home, timeout: 120)
    }
}

/// Two real users on one machine with the system store (DESIGN.md "Shared machines"):
/// root installs for everyone, both users launch it, neither can change it, a private install
/// stays private, and launches keep working while root reinstalls. Needs root for `useradd`.
@Suite("Shared machines: real users", .serialized)
struct RealUserTests {
    static let isRoot = getuid() == 0

    /// Runs `body` with two fresh users, removing them afterwards whatever happens (and first any
    /// left by a test run that was killed: their homes, in deleted temp roots, are gone).
    static func withTwoUsers(_ world: InstallWorld, _ body: (ThrowawayUser, ThrowawayUser) throws -> Void) throws {
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? ""
        for line in passwd.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > 5, fields[0].hasPrefix("pymt"), fields[5].contains("/pymanager-real-users"),
                !FileManager.default.fileExists(atPath: fields[5])
            else { continue }
            _ = try? runProcess("/usr/sbin/userdel", [fields[0]])
            _ = try? runProcess("/usr/sbin/groupdel", [fields[0]])
        }
        let program = try PublicPy(root: world.root)
        let ann = try ThrowawayUser(root: world.root, program: program, suffix: "a")
        defer { ann.remove() }
        let bob = try ThrowawayUser(root: world.root, program: program, suffix: "b")
        defer { bob.remove() }
        try body(ann, bob)
    }

    @Test("root installs for everyone; both users launch it, neither can remove or replace it; a private install stays private",
        .enabled(if: isRoot, "needs root to create throwaway users (useradd); CI runs as root"))
    func twoUsers() throws {
        let world = try InstallWorld(label: "real-users")
        let feed = try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5")])
        let system = world.root.systemInstallDir
        world.expectSuccess(try world.py(["install", "--system", "--source", feed, "3.12"]))

        try Self.withTwoUsers(world) { ann, bob in
            // Both launch the system runtime.
            for user in [ann, bob] {
                let launch = try user.py(["-V:3.12", "-c", "pass"])
                #expect(launch.status == 0, "\(user.name): \(launch.stderr)")
                #expect(launch.stdout.contains(system + "/pythoncore-3.12-64/bin/python3.12"), "\(launch.stdout)")
            }
            // Neither can remove it, with or without --system.
            let withSystem = try ann.py(["uninstall", "-y", "--system", "3.12"])
            #expect(withSystem.status == 1)
            #expect(CLILines(withSystem.stderr) == ["py uninstall --system needs write access to \(system); run it as root: sudo py uninstall -y --system 3.12"])
            let plain = try bob.py(["uninstall", "-y", "3.12"])
            #expect(plain.status == 1)
            #expect(CLIErrorLines(plain.stderr).count == 1 && plain.stderr.contains("sudo py uninstall --system 3.12"), "\(plain.stderr)")
            #expect(world.exists(system + "/pythoncore-3.12-64/bin/python3.12"))
            // Nor add to it.
            let add = try ann.py(["install", "--system", "--source", feed, "3.13"])
            #expect(add.status == 1)
            #expect(add.stderr.contains("needs write access to \(system)"), "\(add.stderr)")
            #expect(!world.exists(system + "/pythoncore-3.13-64"))
            // Installing what everyone has is a no-op.
            let same = try ann.py(["install", "--source", feed, "3.12"])
            #expect(same.status == 0, "\(same.stderr)")
            #expect(same.stderr.contains("already installed for all users"), "\(same.stderr)")
            #expect(!world.exists(ann.installDir + "/pythoncore-3.12-64"))

            // Ann's private 3.13 is hers alone.
            let mine = try ann.py(["install", "--source", feed, "3.13"])
            #expect(mine.status == 0, "\(mine.stderr)")
            #expect(try ann.py(["-V:3.13", "-c", "pass"]).stdout.contains(ann.installDir + "/pythoncore-3.13-64"))
            let theirs = try bob.py(["-V:3.13", "-c", "pass"])
            #expect(theirs.status == 103, "\(theirs.stdout)\(theirs.stderr)")
            let bobsList = try bob.py(["list", "-f", "json"])
            #expect(try InstallFixtures.ids(inListJSON: bobsList.stdout) == ["pythoncore-3.12-64"])
        }
    }

    @Test("a user's launches keep succeeding while root reinstalls the runtime with --force",
        .enabled(if: isRoot, "needs root to create throwaway users (useradd); CI runs as root"))
    func launchesDuringReinstall() throws {
        let world = try InstallWorld(label: "real-users-live")
        try Self.withTwoUsers(world) { ann, bob in
            let log = try world.launchesDuringSystemReinstall([ann, bob].map { user in { try? user.py(["-V:3.12", "-c", "pass"]) } })
            #expect(log.count > 0)
            #expect(log.failures.isEmpty, "\(log.failures.prefix(3))")
        }
    }
}
