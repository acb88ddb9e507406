import Foundation
import Testing
import TestSupport

/// Hostile archives: refused before anything is installed, naming the member.
@Suite struct FaultArchiveTests {
    static let script = "#!/bin/sh\necho Python 3.13.5\n"

    static func hostile(_ name: String, format: ArchiveFormat, _ extra: [ArchiveEntry]) -> InstallRelease {
        var release = InstallRelease("3.13.5", format: format)
        release.fileName = "\(name).\(format.fileExtension)"
        release.entries = [
            .directory("python"), .directory("python/bin"), .file("python/bin/python3.13", script, mode: 0o755),
            .directory("python/lib"),
        ] + extra
        return release
    }

    static let cases: [(String, ArchiveFormat, [ArchiveEntry], String)] = [
        ("dotdot", .tarGz, [.file("python/../evil.txt", "owned\n")], "python/../evil.txt"),
        ("dotdot-zip", .zip, [.file("python/lib/../../../evil.txt", "owned\n")], "python/lib/../../../evil.txt"),
        ("symlink", .tarGz, [.symlink("python/lib/escape", to: "../../../../../../tmp")], "python/lib/escape"),
        ("symlink-zip", .zip, [.symlink("python/lib/escape", to: "/etc")], "python/lib/escape"),
    ]

    @Test(arguments: 0..<cases.count)
    func aHostileArchiveIsRefused(_ index: Int) throws {
        let (name, format, extra, member) = FaultArchiveTests.cases[index]
        let world = try InstallWorld(label: "fault-\(name)")
        let release = FaultArchiveTests.hostile(name, format: format, extra)
        let feed = try world.publish([release])

        let result = try world.py(["install", "--source", feed, "3.13"])
        world.expectFailure(result)
        #expect(result.stderr.contains("'\(member)'"), "the message names the member: \(result.stderr)")
        #expect(result.stderr.contains("Refused"), "\(result.stderr)")
        #expect(world.installFolders.isEmpty)
        #expect(world.leftovers.isEmpty, "no staging folder is left: \(world.names(in: world.installDir))")
        #expect(!world.exists(world.root.xdgDataHome + "/evil.txt"))
        #expect(!world.exists(world.root.home + "/.local/evil.txt"))
        #expect(try world.listedIDs().isEmpty)
        #expect(world.names(in: world.globalDir).isEmpty)
    }

    @Test func anArchiveWithoutTheExecutableInstallsNothing() throws {
        let world = try InstallWorld(label: "fault-noexe")
        var release = InstallRelease("3.13.5")
        release.fileName = "noexe.tar.gz"
        release.entries = [.directory("python"), .file("python/README.txt", "no python here\n")]
        let feed = try world.publish([release])

        let result = try world.py(["install", "--source", feed, "3.13"])
        world.expectFailure(result)
        #expect(result.stderr.contains("bin/python3.13"), "\(result.stderr)")
        #expect(world.installFolders.isEmpty)
        #expect(world.leftovers.isEmpty)
    }
}
