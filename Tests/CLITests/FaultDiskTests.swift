import Foundation
import Testing
import TestSupport

/// Archives that would fill the disk, disks that are full, and runtimes that cannot start:
/// each is refused with one line and leaves nothing behind.
@Suite struct FaultDiskTests {
    /// Serves `bytes` of archive as `release`'s file (written before `publish` would build one).
    static func serve(_ world: InstallWorld, _ release: InstallRelease, from path: String) throws -> String {
        try FileManager.default.copyItem(atPath: path, toPath: world.server.root + "/" + release.archiveName)
        return try world.publish([release])
    }

    @Test("a 10 GiB .tar.zst bomb with a correct hash is refused at once, naming the archive and the limit")
    func decompressionBomb() throws {
        let world = try InstallWorld(label: "bomb")
        var release = InstallRelease("3.13.5", format: .tarZst)
        release.fileName = "bomb.tar.zst"
        let bomb = world.root.work + "/bomb.tar.zst"
        // One pax header declaring 10 GiB, then 10 GiB of zeros and the end-of-archive blocks.
        let header = "import tarfile, sys; i = tarfile.TarInfo('python/zeros.bin'); i.size = 10 << 30; "
            + "sys.stdout.buffer.write(i.tobuf(format=tarfile.PAX_FORMAT))"
        let build = try runProcess("sh", ["-c", "{ python3 -c \"\(header)\"; head -c \((10 << 30) + 1024) /dev/zero; } | zstd -q -1 -T0 -o '\(bomb)'"], timeout: 300)
        try #require(build.status == 0, "\(build.stderr)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: bomb)[.size] as? Int)
        #expect(size < 2 << 20, "the bomb is small: \(size) bytes")
        let feed = try Self.serve(world, release, from: bomb)

        let start = Date()
        let result = try world.py(["install", "--source", feed, "3.13"])
        let elapsed = Date().timeIntervalSince(start)
        world.expectFailure(result)
        let last = CLIErrorLines(result.stderr).last ?? ""
        #expect(last.contains("bomb.tar.zst") && last.contains("4.0 GiB") && last.contains("install.max_expanded_size"), "\(result.stderr)")
        #expect(elapsed < 60, "refused in \(elapsed) s")
        #expect(world.installFolders.isEmpty)
        #expect(world.leftovers.isEmpty)
    }

    @Test("install.max_members and install.max_expanded_size are read from the configuration")
    func configuredLimits() throws {
        let world = try InstallWorld(label: "limits")
        var release = InstallRelease("3.13.5")
        release.entries = [.directory("python"), .directory("python/bin"),
                           .file("python/bin/python3.13", "#!/bin/sh\necho Python 3.13.5\n", mode: 0o755)]
            + (0..<30).map { .file("python/lib/m\($0).py", String(repeating: "#", count: 1000)) }
        let feed = try world.publish([release])
        try world.root.write("{\"install\": {\"max_members\": 20}}", to: "home/.config/pymanager/pymanager.json")
        var result = try world.py(["install", "--source", feed, "3.13"])
        world.expectFailure(result)
        #expect(result.stderr.contains("more than 20 members") && result.stderr.contains("install.max_members"), "\(result.stderr)")
        #expect(world.installFolders.isEmpty && world.leftovers.isEmpty)

        try world.root.write("{\"install\": {\"max_expanded_size\": 10000}}", to: "home/.config/pymanager/pymanager.json")
        result = try world.py(["install", "--source", feed, "3.13"])
        world.expectFailure(result)
        #expect(result.stderr.contains("9.8 KiB"), "\(result.stderr)")
        #expect(world.installFolders.isEmpty && world.leftovers.isEmpty)

        try world.root.write("{\"install\": {\"max_members\": 40, \"max_expanded_size\": 100000}}", to: "home/.config/pymanager/pymanager.json")
        world.expectSuccess(try world.py(["install", "--source", feed, "3.13"]))
    }

    @Test("a runtime that cannot start is reported and not installed; an update keeps the old one")
    func runtimeThatDoesNotStart() throws {
        let world = try InstallWorld(label: "nostart")
        try world.publish([InstallRelease("3.13.5")], feed: "good.json")
        world.expectSuccess(try world.py(["install", "--source", world.feedURL("good.json"), "3.13"]))

        var broken = InstallRelease("3.13.6")
        broken.entries = [.directory("python"), .directory("python/bin"),
                          .file("python/bin/python3.13", "#!/bin/sh\necho 'Fatal Python error: init_fs_encoding' >&2\nexit 1\n", mode: 0o755)]
        let feed = try world.publish([broken])
        let result = try world.py(["install", "--source", feed, "--update", "3.13"])
        world.expectFailure(result)
        #expect(result.stderr.contains("does not start") && result.stderr.contains("Fatal Python error: init_fs_encoding"), "\(result.stderr)")
        #expect(result.stderr.contains("-I -S -B -c import sys"), "\(result.stderr)")
        #expect(world.installedVersion(broken.id) == "3.13.5", "the previous install stays")
        #expect(world.leftovers.isEmpty)
    }
}

/// A real full disk: a small tmpfs the test mounts (root only), always unmounted.
@Suite(.enabled(if: getuid() == 0, "mounting a tmpfs needs root (CI runs as root)"))
struct FullDiskTests {
    /// Mounts a tmpfs of `size` at `<root>/small`, points install_dir at it and runs `body`.
    static func withSmallDisk(_ world: InstallWorld, size: String, _ body: (String) throws -> Void) throws {
        let mountPoint = world.root.path + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = try runProcess("mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", mountPoint])
        try #require(mount.status == 0, "mount failed: \(mount.stderr)")
        defer { _ = try? runProcess("umount", ["-l", mountPoint]) }
        let installDir = mountPoint + "/pymanager"
        try world.root.write("{\"install_dir\": \"\(installDir)\"}", to: "home/.config/pymanager/pymanager.json")
        try body(installDir)
    }

    @Test("ENOSPC during extraction: one line naming the folder, nothing left")
    func runsOutOfSpace() throws {
        let world = try InstallWorld(label: "enospc")
        var release = InstallRelease("3.13.5")
        // About 400 KB of tar (so it passes the up-front check) but 1.6 MB on tmpfs (4 KiB pages).
        release.entries = [.directory("python"), .directory("python/bin"),
                           .file("python/bin/python3.13", "#!/bin/sh\necho Python 3.13.5\n", mode: 0o755),
                           .directory("python/lib")]
            + (0..<400).map { .file("python/lib/m\($0).py", String(repeating: "\($0 % 10)", count: 600)) }
        let feed = try world.publish([release])
        try Self.withSmallDisk(world, size: "1m") { installDir in
            let result = try world.py(["install", "--source", feed, "3.13"])
            world.expectFailure(result)
            let last = CLIErrorLines(result.stderr).last ?? ""
            #expect(last.contains("Ran out of space in \(installDir)"), "\(result.stderr)")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: installDir)) ?? []
            #expect(left.filter { $0 != ".lock" && $0 != ".index" }.isEmpty, "left \(left)")
        }
    }

    @Test("an archive larger than the free space is refused up front with the numbers")
    func refusedUpFront() throws {
        let world = try InstallWorld(label: "upfront")
        var release = InstallRelease("3.13.5")
        release.entries = [.directory("python"), .directory("python/bin"),
                           .file("python/bin/python3.13", "#!/bin/sh\necho Python 3.13.5\n", mode: 0o755),
                           .file("python/lib/big.so", bytes: pseudoRandomBytes(3 << 20, seed: 99))]
        let feed = try world.publish([release])
        try Self.withSmallDisk(world, size: "2m") { installDir in
            let result = try world.py(["install", "--source", feed, "3.13"])
            world.expectFailure(result)
            let last = CLIErrorLines(result.stderr).last ?? ""
            #expect(last.contains("Not enough free space in \(installDir)") && last.contains("3.0 MiB") && last.contains("2.0 MiB are free"),
                    "\(result.stderr)")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: installDir)) ?? []
            #expect(left.filter { $0 != ".lock" && $0 != ".index" }.isEmpty, "left \(left)")
        }
    }
}
