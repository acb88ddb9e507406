import Foundation
import Testing
import TestSupport

/// `py install` against a misbehaving network: the loopback server's fault routes.
@Suite struct FaultNetworkTests {
    @Test func serverErrorsAreRetried() throws {
        let world = try InstallWorld(label: "fault-flaky")
        var release = InstallRelease("3.13.5")
        release.route = .flaky(failures: 2)
        try world.publish([release])
        // The feed itself fails once too.
        let feed = world.server.url(for: "index.json", route: .flaky(failures: 1))

        let result = try world.py(["install", "--source", feed, "3.13"])
        world.expectSuccess(result)
        #expect(try world.listedIDs() == [release.id])
        #expect(world.server.requests().filter { $0.path == "/flaky/1/index.json" }.count == 2)
        let requests = world.archiveRequests(release)
        #expect(requests.count == 3, "two 500s, then the file: \(requests)")
        #expect(requests.allSatisfy { $0.path == "/flaky/2/" + release.archiveName })
    }

    @Test func aDroppedConnectionIsResumedWithRange() throws {
        let world = try InstallWorld(label: "fault-drop")
        var release = InstallRelease("3.13.5")
        release.paddingBytes = 200_000
        release.route = .drop(afterBytes: 50_000)
        let feed = try world.publish([release])

        let result = try world.py(["install", "--source", feed, "3.13"])
        world.expectSuccess(result)
        #expect(try world.listedIDs() == [release.id])
        #expect(try world.py(["-V:3.13"]).stdout.hasPrefix("Python 3.13.5\n"))
        let requests = world.archiveRequests(release)
        #expect(requests.count == 2, "\(requests)")
        #expect(requests.first?.range == nil)
        let resumed = requests.dropFirst().compactMap(\.range)
        #expect(resumed.count == 1 && resumed[0].hasPrefix("bytes=") && resumed[0] != "bytes=0-", "\(requests)")
        #expect(!world.names(in: world.downloadDir).contains { $0.hasSuffix(".partial") })
    }

    @Test func aWrongHashInstallsNothing() throws {
        let world = try InstallWorld(label: "fault-hash")
        var release = InstallRelease("3.13.5")
        release.hashOverride = String(repeating: "ab", count: 32)
        let feed = try world.publish([release])

        let result = try world.py(["install", "--source", feed, "3.13"])
        world.expectFailure(result)
        #expect(result.stderr.contains("corrupt") && result.stderr.contains("SHA-256"), "\(result.stderr)")
        #expect(world.installFolders.isEmpty)
        #expect(world.leftovers.isEmpty)
        #expect(world.names(in: world.downloadDir).isEmpty, "the bad download is deleted")
        #expect(try world.listedIDs().isEmpty)
        #expect(world.names(in: world.globalDir).isEmpty)
    }

    @Test func aCorruptedDownloadInstallsNothing() throws {
        let world = try InstallWorld(label: "fault-corrupt")
        var release = InstallRelease("3.13.5")
        release.route = .corrupt
        let feed = try world.publish([release])

        let result = try world.py(["install", "--source", feed, "3.13"])
        world.expectFailure(result)
        #expect(result.stderr.contains("corrupt"), "\(result.stderr)")
        #expect(world.installFolders.isEmpty)
        #expect(world.names(in: world.downloadDir).isEmpty)
    }

    @Test func aMissingFeedNamesTheURL() throws {
        let world = try InstallWorld(label: "fault-404-feed")
        let missing = world.server.url(for: "nope/index.json")
        let result = try world.py(["install", "--source", missing, "3.13"])
        world.expectFailure(result)
        let errorLines = result.stderr.split(separator: "\n").filter { $0.contains("404") && !$0.hasPrefix("Log file: ") }
        #expect(!errorLines.isEmpty && errorLines.allSatisfy { $0.contains(missing) }, "\(result.stderr)")
        #expect(world.installFolders.isEmpty)
    }

    @Test func aMissingArchiveNamesTheURL() throws {
        let world = try InstallWorld(label: "fault-404-archive")
        var release = InstallRelease("3.13.5")
        release.urlOverride = world.server.url(for: "gone/cpython-3.13.5.tar.gz")
        let feed = try world.publish([release])

        let result = try world.py(["install", "--source", feed, "3.13"])
        world.expectFailure(result)
        let errorLines = result.stderr.split(separator: "\n").filter { $0.contains("404") && !$0.hasPrefix("Log file: ") }
        #expect(!errorLines.isEmpty && errorLines.allSatisfy { $0.contains(release.urlOverride!) }, "\(result.stderr)")
        #expect(world.installFolders.isEmpty)
        #expect(world.names(in: world.downloadDir).isEmpty)
    }

    @Test func anUnreachableSourceFallsBackFromTheConfigFile() throws {
        let world = try InstallWorld(label: "fault-fallback")
        let feed = try world.publish([InstallRelease("3.13.5")])
        let dead = "http://127.0.0.1:\(try LoopbackServer.unusedPort())/index.json"
        try world.root.write(
            InstallFixtures.jsonText(["install": ["fallback_source": feed]]), to: "home/.config/pymanager/pymanager.json")

        let result = try world.py(["install", "--source", dead, "3.13"])
        world.expectSuccess(result)
        #expect(result.stderr.contains("Warning:") && result.stderr.contains(dead) && result.stderr.contains("fallback"), "\(result.stderr)")
        #expect(try world.listedIDs() == ["pythoncore-3.13-64"])
    }

    @Test func anUnreachableSourceFallsBackFromTheEnvironment() throws {
        let world = try InstallWorld(label: "fault-fallback-env")
        let feed = try world.publish([InstallRelease("3.13.5")])
        let dead = "http://127.0.0.1:\(try LoopbackServer.unusedPort())/index.json"
        let env = ["PYTHON_MANAGER_SOURCE_URL": dead, "PYTHON_MANAGER_FALLBACK_SOURCE_URL": feed]

        let list = try world.py(["list", "--online", "-f", "id"], env: env)
        world.expectSuccess(list)
        #expect(list.stdout == "pythoncore-3.13-64\n")
        #expect(list.stderr.contains("fallback"), "\(list.stderr)")
        // Without a fallback the same source is an error naming it.
        let alone = try world.py(["list", "--online", "-f", "id"], env: ["PYTHON_MANAGER_SOURCE_URL": dead])
        world.expectFailure(alone)
        #expect(alone.stderr.contains(dead) && alone.stderr.contains("refused"), "\(alone.stderr)")
    }

    @Test func aMalformedFeedEntryIsAWarning() throws {
        let world = try InstallWorld(label: "fault-malformed")
        let broken = #"{"schema": 1, "id": "broken-entry", "sort-version": "3.14.0", "tag": "3.14-64", "executable": "bin/python3.14"}"#
        let feed = try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5")], rawEntries: [(1, broken), (3, "42")])

        let result = try world.py(["install", "--source", feed, "3.12", "3.13"])
        world.expectSuccess(result)
        #expect(result.stderr.contains("versions[1]") && result.stderr.contains(feed), "\(result.stderr)")
        #expect(result.stderr.contains("company"), "the warning names the missing key: \(result.stderr)")
        #expect(result.stderr.contains("versions[3]"), "\(result.stderr)")
        #expect(Set(try world.listedIDs()) == ["pythoncore-3.12-64", "pythoncore-3.13-64"])
    }
}
