import Foundation
import Testing
import TestSupport

/// `py install` end to end: the built binary, a loopback server, real archives.
@Suite struct InstallIntegrationTests {
    @Test func installTarGzThenListAndLaunch() throws {
        let world = try InstallWorld(label: "install-targz")
        let release = InstallRelease("3.13.5")
        let feed = try world.publish([release])

        let result = try world.py(["install", "--source", feed, "3.13"])
        world.expectSuccess(result)
        #expect(result.stderr.contains("Installed Python 3.13.5"), "\(result.stderr)")
        let prefix = world.installDir + "/" + release.id
        #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/python3.13"))
        #expect(world.exists(prefix + "/__install__.json"))
        #expect(world.exists(prefix + "/README.txt"), "the top-level python/ folder is stripped")
        #expect(!world.exists(prefix + "/python"))
        #expect(world.leftovers.isEmpty)

        let listed = try InstallFixtures.versions(inListJSON: try world.py(["list", "-f", "json"]).stdout)
        #expect(listed.count == 1)
        #expect(listed.first?["id"] as? String == release.id)
        #expect(listed.first?["sort-version"] as? String == "3.13.5")

        let launch = try world.py(["-V:3.13", "hello", "world", "--fake-exit=7"])
        #expect(launch.status == 7, "the runtime's exit status passes through: \(launch.stderr)")
        let lines = launch.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Python 3.13.5")
        #expect(Array(lines.dropFirst(2)) == ["hello", "world", "--fake-exit=7"])
    }

    @Test func installZip() throws {
        let world = try InstallWorld(label: "install-zip")
        let release = InstallRelease("3.12.9", format: .zip)
        let feed = try world.publish([release])

        world.expectSuccess(try world.py(["install", "--source", feed, "3.12"]))
        #expect(FileManager.default.isExecutableFile(atPath: world.installDir + "/" + release.id + "/bin/python3.12"))
        #expect(try world.listedIDs() == [release.id])
        let launch = try world.py(["-V:3.12", "-c", "pass"])
        world.expectSuccess(launch)
        #expect(launch.stdout.hasPrefix("Python 3.12.9\n"))
    }

    @Test func listOnlineShowsTheFeedAndWhatWouldBeInstalled() throws {
        let world = try InstallWorld(label: "list-online")
        let feed = try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5"), InstallRelease("3.11.13")])

        let all = try world.py(["list", "--online", "--source", feed, "-f", "json"])
        world.expectSuccess(all)
        #expect(Set(try InstallFixtures.ids(inListJSON: all.stdout)) == ["pythoncore-3.11-64", "pythoncore-3.12-64", "pythoncore-3.13-64"])

        let one = try world.py(["list", "--online", "--one", "3", "-f", "json"], env: ["PYTHON_MANAGER_SOURCE_URL": feed])
        world.expectSuccess(one)
        #expect(try InstallFixtures.ids(inListJSON: one.stdout) == ["pythoncore-3.13-64"])
        // Listing the feed installs nothing.
        #expect(world.installFolders.isEmpty)
        #expect(try world.listedIDs().isEmpty)
    }

    @Test func updateReplacesWithANewerPatchRelease() throws {
        let world = try InstallWorld(label: "update")
        let old = InstallRelease("3.13.5")
        let feed = try world.publish([old])
        world.expectSuccess(try world.py(["install", "--source", feed, "3.13"]))
        #expect(world.installedVersion(old.id) == "3.13.5")

        // The feed gains 3.13.6 (same id).
        let new = InstallRelease("3.13.6")
        try world.publish([new, old])

        let again = try world.py(["install", "--source", feed, "3.13"])
        world.expectSuccess(again)
        #expect(again.stderr.contains("already installed"), "\(again.stderr)")
        #expect(world.installedVersion(old.id) == "3.13.5")
        #expect(world.archiveRequests(new).isEmpty)

        let update = try world.py(["install", "--source", feed, "--update"])
        world.expectSuccess(update)
        #expect(world.installedVersion(old.id) == "3.13.6")
        #expect(world.installFolders == [old.id])
        #expect(world.leftovers.isEmpty)
        #expect(try world.py(["-V:3.13"]).stdout.hasPrefix("Python 3.13.6\n"))

        let noop = try world.py(["install", "--source", feed, "--update"])
        world.expectSuccess(noop)
        #expect(noop.stderr.contains("up to date"), "\(noop.stderr)")
    }

    @Test func forceReinstallsAndTheCacheIsReused() throws {
        let world = try InstallWorld(label: "force")
        let release = InstallRelease("3.13.5")
        let feed = try world.publish([release])
        world.expectSuccess(try world.py(["install", "--source", feed, "3.13"]))
        #expect(world.archiveRequests(release).count == 1)
        let marker = world.installDir + "/" + release.id + "/marker"
        try "x".write(toFile: marker, atomically: true, encoding: .utf8)

        // --force downloads again and replaces the folder.
        let forced = try world.py(["install", "--source", feed, "--force", "3.13"])
        world.expectSuccess(forced)
        #expect(world.archiveRequests(release).count == 2)
        #expect(!world.exists(marker), "the old folder was replaced")
        #expect(world.installFolders == [release.id])
        #expect(world.leftovers.isEmpty)

        // After an uninstall, installing again uses the verified cached archive.
        world.expectSuccess(try world.py(["uninstall", "-y", "3.13"]))
        world.expectSuccess(try world.py(["install", "--source", feed, "3.13"]))
        #expect(world.archiveRequests(release).count == 2, "no new download")
        #expect(try world.listedIDs() == [release.id])
    }

    @Test func aFolderPyDidNotInstallIsNeverReplaced() throws {
        let world = try InstallWorld(label: "foreign-folder")
        let release = InstallRelease("3.13.5")
        let feed = try world.publish([release])
        let foreign = world.installDir + "/" + release.id
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try "precious\n".write(toFile: foreign + "/data.txt", atomically: true, encoding: .utf8)

        for arguments in [["install", "--source", feed, "3.13"], ["install", "--source", feed, "--force", "3.13"]] {
            let result = try world.py(arguments)
            world.expectFailure(result)
            #expect(result.stderr.contains(foreign), "the message names the folder: \(result.stderr)")
        }
        #expect(try String(contentsOfFile: foreign + "/data.txt", encoding: .utf8) == "precious\n")
        #expect(world.names(in: foreign) == ["data.txt"])
        #expect(world.leftovers.isEmpty)
        #expect(try world.listedIDs().isEmpty)
    }

    @Test func dryRunChangesNothing() throws {
        let world = try InstallWorld(label: "dry-run")
        let release = InstallRelease("3.13.5")
        let feed = try world.publish([release])

        let result = try world.py(["install", "--dry-run", "--source", feed, "3.13"])
        world.expectSuccess(result)
        #expect(result.stdout.contains("Would install Python 3.13.5"), "\(result.stdout)")
        #expect(world.installFolders.isEmpty)
        #expect(world.names(in: world.downloadDir).isEmpty)
        #expect(world.names(in: world.globalDir).isEmpty)
        #expect(world.archiveRequests(release).isEmpty, "a dry run downloads nothing")
        #expect(try world.listedIDs().isEmpty)
    }

    @Test func targetExtractsWithoutRegistering() throws {
        let world = try InstallWorld(label: "target")
        let feed = try world.publish([InstallRelease("3.13.5", format: .zip)])
        let target = world.root.work + "/embedded"

        world.expectSuccess(try world.py(["install", "--source", feed, "--target=\(target)", "3.13"]))
        let exe = target + "/bin/python3.13"
        #expect(FileManager.default.isExecutableFile(atPath: exe))
        #expect(!world.exists(target + "/__install__.json"))
        let run = try world.root.run(exe, ["x"])
        #expect(run.stdout.hasPrefix("Python 3.13.5\n"))
        #expect(world.installFolders.isEmpty)
        #expect(try world.listedIDs().isEmpty)
        #expect(world.names(in: world.globalDir).isEmpty)

        // A non-empty target is refused.
        world.expectFailure(try world.py(["install", "--source", feed, "--target=\(target)", "3.13"]))
    }

    @Test func downloadThenInstallOfflineFromTheResult() throws {
        let world = try InstallWorld(label: "download")
        let releases = [InstallRelease("3.13.5"), InstallRelease("3.12.9", format: .zip)]
        let feed = try world.publish(releases)
        let mirror = world.root.work + "/my mirror #1"

        // Two runs into the same folder: the second keeps the first's entries.
        world.expectSuccess(try world.py(["install", "--source", feed, "--download=\(mirror)", "3.13"]))
        world.expectSuccess(try world.py(["install", "--source", feed, "--download", mirror, "3.12"]))
        #expect(world.names(in: mirror) == ["cpython-3.12.9.zip", "cpython-3.13.5.tar.gz", "index.json"])
        #expect(world.installFolders.isEmpty, "--download installs nothing")
        let index = try String(contentsOfFile: mirror + "/index.json", encoding: .utf8)
        let urls = try InstallFixtures.versions(inListJSON: index).compactMap { $0["url"] as? String }
        #expect(Set(urls) == ["cpython-3.13.5.tar.gz", "cpython-3.12.9.zip"], "urls are relative")

        world.server.stop()
        world.expectSuccess(try world.py(["install", "--source", mirror + "/index.json", "3.13", "3.12"]))
        #expect(Set(try world.listedIDs()) == ["pythoncore-3.13-64", "pythoncore-3.12-64"])
        #expect(try world.py(["-V:3.12"]).stdout.hasPrefix("Python 3.12.9\n"))
    }

    @Test func aliasesAreCreatedOwnedAndRemoved() throws {
        let world = try InstallWorld(label: "aliases")
        let feed = try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5")])
        let env = ["PYTHON_MANAGER_UNVERSIONED_ALIASES": "1"]
        try FileManager.default.createDirectory(atPath: world.globalDir, withIntermediateDirectories: true)
        let mine = world.globalDir + "/python3.11"
        try "#!/bin/sh\necho mine\n".write(toFile: mine, atomically: true, encoding: .utf8)

        world.expectSuccess(try world.py(["install", "--source", feed, "3.12"], env: env))
        #expect(world.aliasTarget("python3.12") == world.installDir + "/pythoncore-3.12-64/bin/python3.12")
        #expect(world.aliasTarget("python3") == world.installDir + "/pythoncore-3.12-64/bin/python3.12")

        world.expectSuccess(try world.py(["install", "--source", feed, "3.13"], env: env))
        #expect(world.aliasTarget("python3.13") == world.installDir + "/pythoncore-3.13-64/bin/python3.13")
        #expect(world.aliasTarget("python3") == world.installDir + "/pythoncore-3.13-64/bin/python3.13", "the newest owns python3")
        let viaAlias = try world.root.run(world.globalDir + "/python3.12", ["a"])
        #expect(viaAlias.stdout.hasPrefix("Python 3.12.9\n"))

        world.expectSuccess(try world.py(["uninstall", "-y", "3.13"], env: env))
        #expect(world.aliasTarget("python3.13") == nil)
        #expect(world.aliasTarget("python3") == world.installDir + "/pythoncore-3.12-64/bin/python3.12")

        world.expectSuccess(try world.py(["uninstall", "-y", "3.12"], env: env))
        #expect(world.names(in: world.globalDir) == ["python3.11"], "only the user's own file is left")
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "#!/bin/sh\necho mine\n")
    }

    @Test func unversionedAliasesOnlyWhenEnabledAndUserFilesNeverOverwritten() throws {
        let world = try InstallWorld(label: "aliases-off")
        let feed = try world.publish([InstallRelease("3.13.5")])
        try FileManager.default.createDirectory(atPath: world.globalDir, withIntermediateDirectories: true)
        let userFile = world.globalDir + "/python3.13"
        try "not ours\n".write(toFile: userFile, atomically: true, encoding: .utf8)

        let result = try world.py(["install", "--source", feed, "3.13"])
        world.expectSuccess(result)
        #expect(world.aliasTarget("python3") == nil, "python3 needs install.unversioned_aliases")
        #expect(try String(contentsOfFile: userFile, encoding: .utf8) == "not ours\n")
        #expect(result.stderr.contains("Not replacing \(userFile)"), "\(result.stderr)")
    }

    @Test func launchInstallsAutomatically() throws {
        let world = try InstallWorld(label: "auto-install")
        let feed = try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5")])
        let env = ["PYTHON_MANAGER_SOURCE_URL": feed]

        // Nothing installed at all: a plain launch installs what it asks for.
        let first = try world.py(["-V:3.12", "hi", "--fake-exit=3"], env: env)
        #expect(first.status == 3, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Python 3.12.9\n"))
        #expect(try world.listedIDs() == ["pythoncore-3.12-64"])

        // Something installed, but not 3.13: a plain launch fails with 103 and installs nothing...
        let missing = try world.py(["-V:3.13", "hi"], env: env)
        #expect(missing.status == 103, "\(missing.stderr)")
        #expect(world.installFolders == ["pythoncore-3.12-64"])

        // ...while `py exec` installs it.
        let exec = try world.py(["exec", "-V:3.13", "hi"], env: env)
        world.expectSuccess(exec)
        #expect(exec.stdout.hasPrefix("Python 3.13.5\n"))
        #expect(world.installFolders == ["pythoncore-3.12-64", "pythoncore-3.13-64"])
    }
}
