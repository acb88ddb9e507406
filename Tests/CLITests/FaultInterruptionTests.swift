import Foundation
import Testing
import TestSupport

/// Interrupted and concurrent installs: the staging/lock transaction.
@Suite struct FaultInterruptionTests {
    /// Starts `py` without waiting; stdout/stderr go to files in the world's work folder.
    final class InstallBackgroundPy: @unchecked Sendable {
        let process = Process()
        let outPath: String
        let errPath: String

        init(_ world: InstallWorld, _ arguments: [String], name: String) throws {
            outPath = world.root.work + "/\(name).out"
            errPath = world.root.work + "/\(name).err"
            _ = FileManager.default.createFile(atPath: outPath, contents: nil)
            _ = FileManager.default.createFile(atPath: errPath, contents: nil)
            process.executableURL = URL(fileURLWithPath: InstallFixtures.pyPath)
            process.arguments = arguments
            process.environment = world.root.environment
            process.currentDirectoryURL = URL(fileURLWithPath: world.root.work)
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
            try process.run()
        }

        /// Waits (up to `timeout` seconds) and returns the exit status; kills the process on timeout.
        func wait(timeout: Double = 60) -> Int32 {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        }

        var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
    }

    /// Polls `condition` every 10 ms for up to `timeout` seconds.
    static func waitUntil(timeout: Double = 30, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Starts `py install` of a 3.13.5 archive served slowly, and SIGKILLs it once its
    /// `.partial` download has begun.
    static func installKilledMidDownload(label: String) throws -> (InstallWorld, InstallRelease, String) {
        let world = try InstallWorld(label: label)
        var release = InstallRelease("3.13.5")
        release.paddingBytes = 100_000
        release.route = .slow(bytesPerSecond: 20_000)
        let feed = try world.publish([release])
        let running = try InstallBackgroundPy(world, ["install", "--source", feed, "3.13"], name: "killed")
        let partial = world.downloadDir + "/" + release.archiveName + ".partial"
        let started = waitUntil { fileSize(partial) > 0 }
        kill(running.process.processIdentifier, SIGKILL)
        #expect(running.wait() == 128 + SIGKILL)
        #expect(started, "the download never started: \(running.stderr)")
        return (world, release, feed)
    }

    @Test func aKilledInstallLeavesNothingVisibleAndIsResumed() throws {
        let (world, release0, feed) = try FaultInterruptionTests.installKilledMidDownload(label: "fault-killed")
        var release = release0

        #expect(try world.listedIDs().isEmpty)
        #expect(world.installFolders.isEmpty)

        // What a kill during extraction leaves behind, for the next run to clean up: complete-looking
        // installs (valid record, executable) under the staging names.
        let record = InstallFixtures.entryJSON(release, url: "http://invalid/x.tar.gz", sha256: String(repeating: "0", count: 64))
        for leftover in [".staging-\(release.id)-123", ".replaced-\(release.id)-124", ".removing-\(release.id)-125"] {
            let folder = world.installDir + "/" + leftover
            try FakeRuntime.write(version: release.version, in: folder)
            try record.write(toFile: folder + "/__install__.json", atomically: true, encoding: .utf8)
        }
        #expect(try world.listedIDs().isEmpty, "leftovers are not installs")
        #expect(world.leftovers.count == 3)

        // The next install (at full speed) resumes the partial file and removes the leftovers.
        release.route = .file
        try world.publish([release])
        let next = try world.py(["install", "--source", feed, "3.13"])
        world.expectSuccess(next)
        #expect(world.leftovers.isEmpty, "\(world.names(in: world.installDir))")
        #expect(try world.listedIDs() == [release.id])
        #expect(try world.py(["-V:3.13"]).stdout.hasPrefix("Python 3.13.5\n"))
        let resumed = world.archiveRequests(release).filter { !$0.path.hasPrefix("/slow/") }
        #expect(resumed.count == 1 && resumed[0].range?.hasPrefix("bytes=") == true, "\(resumed)")
    }

    @Test func aStalePartialDownloadOfAnOlderArchiveIsStartedOver() throws {
        let (world, release0, feed) = try FaultInterruptionTests.installKilledMidDownload(label: "fault-stale-partial")
        var release = release0

        // The index now serves a rebuilt archive under the same name: the partial file is stale.
        try FileManager.default.removeItem(atPath: world.server.root + "/" + release.archiveName)
        release.route = .file
        try world.publish([release])

        let next = try world.py(["install", "--source", feed, "3.13"])
        world.expectSuccess(next)
        #expect(try world.listedIDs() == [release.id])
        #expect(try world.py(["-V:3.13"]).stdout.hasPrefix("Python 3.13.5\n"))
        let fresh = world.archiveRequests(release).filter { !$0.path.hasPrefix("/slow/") }
        #expect(fresh.count == 2 && fresh[0].range != nil && fresh[1].range == nil, "resumed, then started over: \(fresh)")
        #expect(world.names(in: world.downloadDir) == [release.archiveName])
    }

    @Test func leftoversAreRemovedByUninstallToo() throws {
        let world = try InstallWorld(label: "fault-leftover-uninstall")
        let feed = try world.publish([InstallRelease("3.13.5")])
        world.expectSuccess(try world.py(["install", "--source", feed, "3.13"]))
        try FileManager.default.createDirectory(atPath: world.installDir + "/.staging-x-123", withIntermediateDirectories: true)
        #expect(try world.listedIDs() == ["pythoncore-3.13-64"])

        world.expectSuccess(try world.py(["uninstall", "-y", "3.13"]))
        #expect(world.leftovers.isEmpty)
        #expect(world.installFolders.isEmpty)
    }

    @Test func twoConcurrentInstallsOfTheSameTag() throws {
        let world = try InstallWorld(label: "fault-concurrent")
        var release = InstallRelease("3.13.5")
        release.paddingBytes = 30_000
        release.route = .slow(bytesPerSecond: 30_000)
        let feed = try world.publish([release])

        let first = try InstallBackgroundPy(world, ["install", "--source", feed, "3.13"], name: "first")
        let second = try InstallBackgroundPy(world, ["install", "--source", feed, "3.13"], name: "second")
        let statuses = [first.wait(), second.wait()]
        let messages = [first.stderr, second.stderr]

        #expect(statuses == [0, 0], "\(messages)")
        #expect(world.archiveRequests(release).count == 1, "exactly one download: \(world.server.requests())")
        #expect(messages.filter { $0.contains("Installed Python 3.13.5") }.count == 1, "\(messages)")
        #expect(messages.filter { $0.contains("already installed") }.count == 1, "\(messages)")
        #expect(try world.listedIDs() == [release.id])
        #expect(world.leftovers.isEmpty)
        #expect(world.installFolders == [release.id])
    }
}
