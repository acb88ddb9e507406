import Foundation
import Testing
import TestSupport

/// The integrity rule (DESIGN.md "Integrity"): when any system call of an install or an update
/// fails, the run either completes with a byte-identical runtime or fails with a one-line error,
/// leaving no install and no staging folder, and the runtime an update was replacing as it was.
///
/// Faults are injected with strace (`-e inject=<calls>:error=<errno>:when=<n>`) into a real
/// `py install` of a real archive served on 127.0.0.1. The moments are spread over the whole run:
/// a clean traced run counts each call per thread first (strace counts per thread too).
@Suite(.enabled(if: FaultInjection.straceWorks, "strace is missing or cannot trace here (install Debian's strace)"))
struct FaultInjectionTests {
    @Test("a fault in a fresh install: installed intact or refused cleanly", arguments: FaultInjection.groups.indices)
    func freshInstall(_ index: Int) throws {
        let group = FaultInjection.groups[index]
        let world = try InstallWorld(label: "inject-\(group.label)")
        let release = FaultInjection.release("3.13.5")
        let feed = try world.publish([release])
        let reference = try FaultInjection.reference(for: release, in: world)
        try FaultInjection.scenario(
            "fresh install", group, world, ["install", "--source", feed, "3.13"], before: { FaultInjection.reset(world) },
            completed: { what in
                #expect(TreeSnapshot(of: world.installDir + "/" + release.id, excluding: ["__install__.json"]) == reference,
                        "\(what): reported installed but the tree differs")
                #expect(world.installedVersion(release.id) == release.version, "\(what)")
            },
            refused: { what in
                #expect(world.installFolders.isEmpty, "\(what): a failed install left \(world.installFolders)")
            })
    }

    @Test("a fault in an update: the new runtime intact, or the old one untouched", arguments: FaultInjection.groups.indices)
    func update(_ index: Int) throws {
        let group = FaultInjection.groups[index]
        let world = try InstallWorld(label: "inject-update-\(group.label)")
        let old = FaultInjection.release("3.13.5")
        let new = FaultInjection.release("3.13.6")
        try world.publish([old], feed: "old.json")
        let feed = try world.publish([new, old])
        let oldReference = try FaultInjection.reference(for: old, in: world)
        let newReference = try FaultInjection.reference(for: new, in: world)
        let installed = { TreeSnapshot(of: world.installDir + "/" + new.id, excluding: ["__install__.json"]) }
        try FaultInjection.scenario(
            "update", group, world, ["install", "--source", feed, "--update", "3.13"],
            before: { try FaultInjection.installFresh(world, feed: world.feedURL("old.json")) },
            completed: { what in
                #expect(installed() == newReference, "\(what): reported updated but the tree differs")
                #expect(world.installedVersion(new.id) == new.version, "\(what)")
            },
            refused: { what in
                let tree = installed()
                #expect(tree == oldReference, "\(what): the previous runtime was changed: \(tree.differences(from: oldReference).prefix(5))")
                #expect(world.installedVersion(old.id) == old.version, "\(what)")
            })
    }

    @Test("a fault in an uninstall: the runtime gone, or left whole", arguments: FaultInjection.groups.indices)
    func uninstall(_ index: Int) throws {
        let group = FaultInjection.groups[index]
        let world = try InstallWorld(label: "inject-uninstall-\(group.label)")
        let release = FaultInjection.release("3.13.5")
        let feed = try world.publish([release])
        let reference = try FaultInjection.reference(for: release, in: world)
        try FaultInjection.scenario(
            "uninstall", group, world, ["uninstall", "-y", "3.13"],
            before: { try FaultInjection.installFresh(world, feed: feed) },
            completed: { what in
                #expect(world.installFolders.isEmpty, "\(what): reported removed but \(world.installFolders) remain")
                #expect(world.aliasTarget("python3.13") == nil, "\(what): the alias remains")
            },
            refused: { what in
                let left = TreeSnapshot(of: world.installDir + "/" + release.id, excluding: ["__install__.json"])
                #expect(left == reference, "\(what): a failed uninstall changed the runtime: \(left.differences(from: reference).prefix(5))")
            })
    }
}

enum FaultInjection {
    /// A family of system calls (the libc wrappers reach them under several names) and the errno
    /// a real failure of them gives.
    struct Group: Sendable {
        var label: String
        var calls: String
        var errno: String
    }

    static let groups: [Group] = [
        Group(label: "write-ENOSPC", calls: "write,pwrite64,writev", errno: "ENOSPC"),
        Group(label: "write-EIO", calls: "write,pwrite64,writev", errno: "EIO"),
        Group(label: "write-EDQUOT", calls: "write,pwrite64,writev", errno: "EDQUOT"),
        Group(label: "openat", calls: "open,openat", errno: "ENOSPC"),
        Group(label: "mkdir", calls: "mkdir,mkdirat", errno: "ENOSPC"),
        Group(label: "rename", calls: "rename,renameat,renameat2", errno: "EIO"),
        Group(label: "fsync", calls: "fsync,fdatasync", errno: "EIO"),
        Group(label: "symlink", calls: "symlink,symlinkat", errno: "ENOSPC"),
        Group(label: "fchmod", calls: "chmod,fchmod,fchmodat", errno: "EPERM"),
        Group(label: "utimensat", calls: "utimensat,utimes,futimesat", errno: "EPERM"),
        Group(label: "read", calls: "read,pread64,readv", errno: "EIO"),
        Group(label: "close", calls: "close", errno: "EIO"),
        Group(label: "linkat", calls: "link,linkat", errno: "EMLINK"),
        Group(label: "unlink", calls: "unlink,unlinkat,rmdir", errno: "EBUSY"),
    ]

    struct Tally: CustomStringConvertible {
        var intact = 0
        var refused = 0
        /// For an uninstall, "intact" means removed completely.
        var description: String { "\(intact) completed intact, \(refused) refused cleanly" }
    }

    static let straceWorks: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace") else { return false }
        return (try? runProcess("/usr/bin/strace", ["-f", "-qq", "-o", "/dev/null", "/bin/true"]))?.status == 0
    }()

    /// A runtime with enough of everything that each call happens many times: 40 modules, a large
    /// incompressible library (many write blocks), folders, symlinks, a hard link and a read-only file.
    static func release(_ version: String) -> InstallRelease {
        var release = InstallRelease(version)
        var entries: [ArchiveEntry] = [
            .directory("python"), .directory("python/bin"),
            .file("python/bin/python3.13", "#!/bin/sh\necho Python \(version)\n", mode: 0o755),
            .symlink("python/bin/python3", to: "python3.13"),
            .directory("python/lib"), .directory("python/lib/python3.13"), .directory("python/include"),
            .file("python/lib/libpython3.13.so.1.0", bytes: pseudoRandomBytes(700_000, seed: version.unicodeScalars.reduce(7) { $0 &* 31 &+ $1.value }), mode: 0o755),
            .hardlink("python/lib/libpython3.13.so", to: "python/lib/libpython3.13.so.1.0"),
            .symlink("python/lib/libpython3.so", to: "libpython3.13.so.1.0"),
            .file("python/include/Python.h", String(repeating: "/* Python \(version) */\n", count: 400), mode: 0o444),
        ]
        for n in 0..<40 {
            entries.append(.file("python/lib/python3.13/module\(n).py", String(repeating: "x_\(n) = '\(version)'\n", count: 20 * (n + 1))))
        }
        release.entries = entries
        return release
    }

    /// The release's archive unpacked by GNU tar, without its `python/` folder.
    static func reference(for release: InstallRelease, in world: InstallWorld) throws -> TreeSnapshot {
        let folder = world.root.work + "/reference-\(release.version)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let tar = try runProcess("tar", ["-xzf", world.server.root + "/" + release.archiveName, "-C", folder, "--strip-components=1"])
        guard tar.status == 0 else { throw TestSupportError("tar failed: \(tar.stderr)") }
        let snapshot = TreeSnapshot(of: folder)
        guard snapshot.nodes.count > 40 else { throw TestSupportError("the reference tree is incomplete") }
        return snapshot
    }

    /// Runs `arguments` once per moment of `group`, each time after `before` has set the world up,
    /// and checks the rule: `completed` when py exits 0, `refused` (after the one-line check) when it
    /// fails; never a hang, never a leftover. Prints the tally for the note.
    static func scenario(
        _ name: String, _ group: Group, _ world: InstallWorld, _ arguments: [String], before: () throws -> Void,
        completed: (String) -> Void, refused: (String) -> Void
    ) throws {
        try before()
        let moments = try moments(of: group, in: world, arguments: arguments)
        var tally = Tally()
        for moment in moments {
            try before()
            let result = try run(world, arguments, injecting: group, at: moment)
            let what = "\(name) \(group.label) when=\(moment)"
            #expect(!result.timedOut, "\(what) hung")
            if result.status == 0 {
                tally.intact += 1
                completed(what)
            } else {
                tally.refused += 1
                expectCleanFailure(result, what: what)
                refused(what)
            }
            #expect(world.leftovers.isEmpty, "\(what): left \(world.leftovers): \(result.stderr)")
        }
        print("fault injection, \(name), \(group.label): \(moments.count) faults, \(tally)")
    }

    /// An empty world with the runtime of `feed` installed (not traced).
    static func installFresh(_ world: InstallWorld, feed: String) throws {
        reset(world)
        world.expectSuccess(try world.py(["install", "--source", feed, "3.13"]))
    }

    /// Empties the install, alias and download folders.
    static func reset(_ world: InstallWorld) {
        for folder in [world.installDir, world.globalDir, world.downloadDir] {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// When to inject: the first call, then calls spread up to the last one of the busiest thread
    /// in a clean traced run of the same command (which is undone afterwards).
    static func moments(of group: Group, in world: InstallWorld, arguments: [String]) throws -> [Int] {
        let log = world.root.work + "/strace-\(group.label).log"
        let result = try world.root.run(
            "/usr/bin/strace", ["-f", "-qq", "-o", log, "-e", "trace=\(group.calls)", InstallFixtures.pyPath] + arguments)
        guard result.status == 0 else { throw TestSupportError("the clean traced run failed: \(result.stderr)") }
        var perThread: [Substring: Int] = [:]
        for line in try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n") {
            guard let pid = line.split(separator: " ").first, !line.contains("resumed>") else { continue }
            perThread[pid, default: 0] += 1
        }
        let most = perThread.values.max() ?? 0
        guard most > 0 else { return [] }
        return Array(Set([1, most / 4, most / 2, 3 * most / 4, most].filter { $0 >= 1 })).sorted()
    }

    /// `py` with `arguments` under strace, the `when`-th call of each thread to `group` failing.
    /// The calls that failed (strace's `(INJECTED)` lines) are appended to the result's stderr
    /// after a `--- injected:` line, so a failing expectation shows what was hit.
    static func run(_ world: InstallWorld, _ arguments: [String], injecting group: Group, at when: Int) throws -> ProcessResult {
        let log = world.root.work + "/inject-\(group.label)-\(when).log"
        var result = try world.root.run(
            "/usr/bin/strace",
            ["-f", "-qq", "-y", "-o", log, "-e", "trace=\(group.calls)",
             "-e", "inject=\(group.calls):error=\(group.errno):when=\(when)", InstallFixtures.pyPath] + arguments,
            timeout: 120)
        let injected = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
            .filter { $0.contains("INJECTED") }.map { String($0.prefix(300)) }
        try? FileManager.default.removeItem(atPath: log)
        result.stderr += injected.isEmpty ? "" : "--- injected:\n" + injected.joined(separator: "\n")
        return result
    }

    /// A failure ends with one line naming the file or URL at fault.
    static func expectCleanFailure(_ result: ProcessResult, what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let output = result.stderr.components(separatedBy: "--- injected:").first ?? ""
        let last = CLIErrorLines(output).last ?? ""
        #expect(last.contains("/"), "\(what): the error names no file: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!last.contains("Installed"), "\(what): \(result.stderr)", sourceLocation: sourceLocation)
    }
}
