import Foundation
import Testing
import TestSupport

/// `--format=json` for install and uninstall, and the log files in `logs_dir`.
@Suite struct InstallResultTests {
    /// The parsed `--format=json` document (fails when stdout holds anything else).
    func document(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(result.stdout)", sourceLocation: sourceLocation)
    }

    func results(_ document: [String: Any]) -> [[String: Any]] {
        document["results"] as? [[String: Any]] ?? []
    }

    func actions(_ document: [String: Any]) -> [String] {
        results(document).compactMap { $0["action"] as? String }
    }

    var logsDir: (InstallWorld) -> String { { $0.root.xdgStateHome + "/pymanager/logs" } }

    @Test func installReportsWhatChangedAndARerunChangesNothing() throws {
        let world = try InstallWorld(label: "json-install")
        let feed = try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5")])

        // GIVEN nothing installed WHEN two tags are installed THEN both are "installed".
        let first = try world.py(["install", "--source", feed, "--format=json", "3.13", "3.12"])
        world.expectSuccess(first)
        let doc = try document(first)
        #expect(doc["command"] as? String == "install")
        #expect(doc["changed"] as? Bool == true)
        #expect(actions(doc) == ["installed", "installed"])
        let entry = try #require(results(doc).first)
        #expect(entry["tag"] as? String == "3.13")
        #expect(entry["id"] as? String == "pythoncore-3.13-64")
        #expect(entry["version"] as? String == "3.13.5")
        #expect(entry["prefix"] as? String == world.installDir + "/pythoncore-3.13-64")
        #expect(entry["error"] == nil)
        #expect(first.stderr.contains("Installed Python 3.13.5"), "prose stays on stderr: \(first.stderr)")

        // WHEN the same command runs again THEN nothing changes and it says so.
        let again = try world.py(["install", "--source", feed, "--format=json", "3.13", "3.12"])
        world.expectSuccess(again)
        let second = try document(again)
        #expect(second["changed"] as? Bool == false)
        #expect(actions(second) == ["already-installed", "already-installed"])
        #expect(results(second).first?["prefix"] as? String == world.installDir + "/pythoncore-3.13-64")

        // A dry run of a new tag says what it would do and installs nothing.
        try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5"), InstallRelease("3.14.2")])
        let dry = try world.py(["install", "--source", feed, "--format=json", "--dry-run", "3.14", "3.13"])
        world.expectSuccess(dry)
        let dryDoc = try document(dry)
        #expect(actions(dryDoc) == ["would-install", "already-installed"])
        #expect(dryDoc["changed"] as? Bool == false)
        #expect(!world.installFolders.contains("pythoncore-3.14-64"))

        // --update to a newer release is "updated"; the text format prints nothing on stdout.
        try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.7")], feed: "newer.json")
        let update = try world.py(["install", "--source", world.feedURL("newer.json"), "--update", "--format=json", "3.13"])
        world.expectSuccess(update)
        #expect(actions(try document(update)) == ["updated"])
        #expect(results(try document(update)).first?["version"] as? String == "3.13.7")
        let text = try world.py(["install", "--source", feed, "3.12"])
        world.expectSuccess(text)
        #expect(text.stdout == "")
    }

    @Test func failuresKeepTheirExitStatusAndNameTheLog() throws {
        let world = try InstallWorld(label: "json-fail")
        var bad = InstallRelease("3.13.5")
        bad.hashOverride = String(repeating: "0", count: 64)
        let feed = try world.publish([InstallRelease("3.12.9"), bad])

        // A tag the index lacks: exit 1, "not-found", and stderr ends with the log's path.
        let missing = try world.py(["install", "--source", feed, "--format=json", "3.99"])
        #expect(missing.status == 1, "\(missing.stderr)")
        let missingDoc = try document(missing)
        #expect(actions(missingDoc) == ["not-found"])
        #expect((results(missingDoc).first?["error"] as? String)?.contains("3.99") == true)
        let lastLine = try #require(missing.stderr.split(separator: "\n").last.map(String.init))
        #expect(lastLine.hasPrefix("Log file: " + logsDir(world) + "/py-"), "\(missing.stderr)")
        let logPath = String(lastLine.dropFirst("Log file: ".count))
        #expect(missingDoc["log"] as? String == logPath)
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.contains("ERROR"), "\(log)")
        #expect(log.contains("3.99"))
        #expect(log.contains("Finished with exit status 1"))

        // A corrupt download: exit 1, "failed" with the error, nothing installed.
        let corrupt = try world.py(["install", "--source", feed, "--format=json", "3.13"])
        #expect(corrupt.status == 1)
        let corruptDoc = try document(corrupt)
        #expect(actions(corruptDoc) == ["failed"])
        #expect((results(corruptDoc).first?["error"] as? String)?.contains("SHA-256") == true)
        #expect(results(corruptDoc).first?["id"] as? String == "pythoncore-3.13-64")
        #expect(corruptDoc["changed"] as? Bool == false)
        #expect(world.installFolders.isEmpty)
        #expect(corrupt.stderr.hasSuffix("\n") && corrupt.stderr.split(separator: "\n").last?.hasPrefix("Log file: ") == true)

        // A usage error is not a result: exit 2 and no document.
        let usage = try world.py(["install", "--source", feed, "--format=yaml", "3.12"])
        #expect(usage.status == 2)
        #expect(usage.stdout == "")
    }

    @Test func uninstallReportsRemovedThenNotFound() throws {
        let world = try InstallWorld(label: "json-uninstall")
        let feed = try world.publish([InstallRelease("3.12.9"), InstallRelease("3.13.5")])
        world.expectSuccess(try world.py(["install", "--source", feed, "3.12", "3.13"]))

        let dry = try world.py(["uninstall", "-y", "--dry-run", "--format=json", "3.13"])
        world.expectSuccess(dry)
        #expect(actions(try document(dry)) == ["would-remove"])
        #expect(world.installFolders == ["pythoncore-3.12-64", "pythoncore-3.13-64"])

        let removed = try world.py(["uninstall", "-y", "--format=json", "3.13", "3.11"])
        world.expectSuccess(removed)
        let doc = try document(removed)
        #expect(doc["command"] as? String == "uninstall")
        #expect(doc["changed"] as? Bool == true)
        #expect(actions(doc) == ["removed", "not-found"])
        #expect(results(doc).first?["id"] as? String == "pythoncore-3.13-64")
        #expect(results(doc).first?["version"] as? String == "3.13.5")
        #expect(world.installFolders == ["pythoncore-3.12-64"])

        // The same command again: nothing to remove, the same exit status as without --format.
        let again = try world.py(["uninstall", "-y", "--format=json", "3.13"])
        let plain = try world.py(["uninstall", "-y", "3.13"])
        #expect(again.status == 1 && plain.status == 1)
        #expect(actions(try document(again)) == ["not-found"])
        #expect(try document(again)["changed"] as? Bool == false)
        #expect(again.stderr.split(separator: "\n").last?.hasPrefix("Log file: ") == true)

        let purge = try world.py(["uninstall", "-y", "--purge", "--format=json"])
        world.expectSuccess(purge)
        #expect(actions(try document(purge)) == ["removed"])
        #expect(results(try document(purge)).first?["tag"] as? String == "pythoncore-3.12-64")
    }

    @Test func theLogRecordsConfigFeedArchiveStepsAndResult() throws {
        let world = try InstallWorld(label: "log-content")
        let release = InstallRelease("3.13.5")
        let feed = try world.publish([release])
        try world.root.write(#"{"install": {"source": "\#(feed)"}}"#, to: "home/.config/pymanager/pymanager.json")
        let archive = world.server.root + "/" + release.archiveName
        let size = try #require(try FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int)
        let sha = try sha256Hex(of: archive)

        // -qq: nothing on the terminal, everything in the log.
        let result = try world.py(["install", "-qq", "3.13"])
        world.expectSuccess(result)
        #expect(result.stderr == "")
        let logs = world.names(in: logsDir(world))
        #expect(logs.count == 1)
        let log = try String(contentsOfFile: logsDir(world) + "/" + logs[0], encoding: .utf8)
        for text in [world.configFile, feed, world.server.url(for: release.archiveName), "\(size) bytes", sha,
                     "Installed Python 3.13.5", "Finished with exit status 0 (success)"] {
            #expect(log.contains(text), "the log lacks \(text):\n\(log)")
        }
        // Every line starts with a UTC timestamp.
        for line in log.split(separator: "\n") {
            #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR) "#, options: .regularExpression) != nil, "\(line)")
        }
        #expect(logs[0].hasSuffix("-install.log"))
        // A successful install does not point at its log.
        world.expectSuccess(try world.py(["uninstall", "-y", "3.13"]))
        #expect(world.names(in: logsDir(world)).filter { $0.hasSuffix("-uninstall.log") }.count == 1)
    }

    @Test func aLogsDirThatCannotBeWrittenIsOnlyAWarning() throws {
        let world = try InstallWorld(label: "log-unwritable")
        let feed = try world.publish([InstallRelease("3.12.9")])
        let blocker = try world.root.write("not a folder\n", to: "logs-is-a-file")
        let result = try world.py(["install", "--source", feed, "--format=json", "3.12"], env: ["PYTHON_MANAGER_LOGS": blocker])
        world.expectSuccess(result)
        #expect(result.stderr.contains("No log file is written") && result.stderr.contains("logs_dir"), "\(result.stderr)")
        #expect(try document(result)["log"] is NSNull)
        #expect(actions(try document(result)) == ["installed"])
    }

    @Test func onlyTheNewestTwentyLogsAreKept() throws {
        let world = try InstallWorld(label: "log-keep")
        let feed = try world.publish([InstallRelease("3.12.9")])
        let dir = logsDir(world)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let old = (1...25).map { "py-20200101-0000\(String(format: "%02d", $0))-\($0)-install.log" }
        for name in old + ["notes.txt", "py-handwritten.log"] { try "old\n".write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }

        world.expectSuccess(try world.py(["install", "--source", feed, "--dry-run", "3.12"]))
        let left = world.names(in: dir)
        #expect(left.contains("notes.txt") && left.contains("py-handwritten.log"), "other files stay: \(left)")
        let logs = left.filter { $0.hasPrefix("py-2") }
        #expect(logs.count == 20, "\(logs)")
        #expect(!logs.contains(old[0]) && logs.contains(old[24]))
        #expect(logs.contains { !$0.hasPrefix("py-2020") }, "the new log is kept")
    }
}
