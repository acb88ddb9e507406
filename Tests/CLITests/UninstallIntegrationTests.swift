import Foundation
import Testing
import TestSupport

/// `py uninstall` end to end, after real installs from a loopback server.
@Suite struct UninstallIntegrationTests {
    /// A world with 3.12 and 3.13 installed.
    func worldWithTwoInstalls(_ label: String, env: [String: String] = [:]) throws -> InstallWorld {
        let world = try InstallWorld(label: label)
        let feed = try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5", format: .zip)])
        world.expectSuccess(try world.py(["install", "--source", feed, "3.12", "3.13"], env: env))
        #expect(world.installFolders == ["pythoncore-3.12-64", "pythoncore-3.13-64"])
        return world
    }

    @Test func confirmedOnStdin() throws {
        let world = try worldWithTwoInstalls("uninstall-yes")
        #expect(world.aliasTarget("python3.13") != nil)

        let result = try world.py(["uninstall", "3.13"], stdin: "y\n")
        world.expectSuccess(result)
        #expect(result.stderr.contains("[y/N]"), "\(result.stderr)")
        #expect(world.installFolders == ["pythoncore-3.12-64"])
        #expect(world.aliasTarget("python3.13") == nil)
        #expect(world.aliasTarget("python3.12") != nil)
        #expect(try world.listedIDs() == ["pythoncore-3.12-64"])
        #expect(world.leftovers.isEmpty)
    }

    @Test func refusedOnEndOfInput() throws {
        let world = try worldWithTwoInstalls("uninstall-eof")
        for stdin in ["", "n\n"] {
            let result = try world.py(["uninstall", "3.13"], stdin: stdin)
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("Nothing was removed"), "\(result.stderr)")
        }
        #expect(world.installFolders == ["pythoncore-3.12-64", "pythoncore-3.13-64"])
        #expect(world.aliasTarget("python3.13") != nil)
    }

    @Test func yesSkipsTheQuestion() throws {
        let world = try worldWithTwoInstalls("uninstall-y")
        let result = try world.py(["uninstall", "-y", "3.12", "3.13"])
        world.expectSuccess(result)
        #expect(!result.stderr.contains("[y/N]"))
        #expect(world.installFolders.isEmpty)
        #expect(world.names(in: world.globalDir).isEmpty)
        #expect(try world.listedIDs().isEmpty)

        // Nothing left to remove is an error naming the tag.
        let again = try world.py(["uninstall", "-y", "3.12"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("'3.12'"), "\(again.stderr)")
    }

    @Test func purgeRemovesOnlyWhatPyOwns() throws {
        let env = ["PYTHON_MANAGER_UNVERSIONED_ALIASES": "1"]
        let world = try worldWithTwoInstalls("purge", env: env)
        let fileManager = FileManager.default
        #expect(!world.names(in: world.downloadDir).isEmpty, "the archives are cached")
        #expect(world.aliasTarget("python3") != nil)
        // Not ours: a user's script, a symlink elsewhere, a hand-made folder in install_dir.
        let userScript = world.globalDir + "/mytool"
        try "#!/bin/sh\n".write(toFile: userScript, atomically: true, encoding: .utf8)
        try fileManager.createSymbolicLink(atPath: world.globalDir + "/env-link", withDestinationPath: "/usr/bin/env")
        let handMade = world.installDir + "/handmade"
        try fileManager.createDirectory(atPath: handMade + "/bin", withIntermediateDirectories: true)
        try "keep\n".write(toFile: handMade + "/bin/python3.99", atomically: true, encoding: .utf8)
        // Not ours either: a user's file in download_dir (it may be a shared folder).
        try "notes\n".write(toFile: world.downloadDir + "/notes.txt", atomically: true, encoding: .utf8)

        let result = try world.py(["uninstall", "--purge", "-y"], env: env)
        world.expectSuccess(result)
        #expect(world.installFolders == ["handmade"])
        #expect(world.exists(handMade + "/bin/python3.99"))
        #expect(world.names(in: world.downloadDir) == ["notes.txt"])
        #expect(world.names(in: world.globalDir) == ["env-link", "mytool"])
        #expect(try String(contentsOfFile: userScript, encoding: .utf8) == "#!/bin/sh\n")
        #expect(try world.listedIDs().isEmpty)
        #expect(world.leftovers.isEmpty)
    }

    @Test func purgeAsksFirst() throws {
        let world = try worldWithTwoInstalls("purge-ask")
        let result = try world.py(["uninstall", "--purge"])
        #expect(result.status == 1)
        #expect(world.installFolders == ["pythoncore-3.12-64", "pythoncore-3.13-64"])
        #expect(!world.names(in: world.downloadDir).isEmpty)
    }
}
