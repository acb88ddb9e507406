import Foundation
import PyManagerCore
import Testing

/// The store index (`<store>/.index/installs`) and the launch memo (`~/.local/state/pymanager/launch-memo`)
/// are caches: whatever state they are in, a launch chooses what reading every install would.
@Suite("Shared machines: store index and launch memo")
struct SharedStoreIndexTests {
    static let r312 = CLIRuntime(version: "3.12.10")
    static let r313 = CLIRuntime(version: "3.13.5")
    static let r314 = CLIRuntime(version: "3.14.2")

    /// Launches `args` until the memo remembers a choice (the stores' stamps must be a clock tick
    /// old before a choice is remembered), and returns the last dry-run executable.
    static func launchUntilRemembered(_ fixture: CLIFixture, _ args: [String]) throws -> String {
        let memo = fixture.root.xdgStateHome + "/pymanager/launch-memo"
        let deadline = Date().addingTimeInterval(10)
        var executable = ""
        repeat {
            let result = try fixture.dryRun(args)
            #expect(result.status == 0, "\(result.stderr)")
            executable = CLIDryRunExecutable(result.stdout)
            if let text = try? String(contentsOfFile: memo, encoding: .utf8), !text.isEmpty { break }
        } while Date() < deadline
        return executable
    }

    @Test("indexes are written for both stores, readable by everyone")
    func written() throws {
        let fixture = try CLIFixture([Self.r314], label: "index")
        try fixture.add(Self.r312, in: fixture.systemInstallDir)
        // An index is written once its store is a clock tick old; `py list` reads (and rewrites) both.
        let indexes = [fixture.installDir, fixture.systemInstallDir].map { $0 + "/.index/installs" }
        let deadline = Date().addingTimeInterval(10)
        while !indexes.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) && Date() < deadline {
            #expect(try fixture.py(["list"]).status == 0)
        }
        for store in [fixture.installDir, fixture.systemInstallDir] {
            let attributes = try FileManager.default.attributesOfItem(atPath: store + "/.index/installs")
            #expect((attributes[.posixPermissions] as? Int) == 0o644, "\(store)")
        }
    }

    @Test("after the stores change, a remembered choice never launches a removed runtime nor hides a new one")
    func staleNeverUsed() throws {
        let fixture = try CLIFixture([Self.r313], label: "index-stale")
        let systemPrefix = try fixture.add(Self.r312, in: fixture.systemInstallDir)
        #expect(try Self.launchUntilRemembered(fixture, ["-V:3.12"]) == systemPrefix + "/bin/python3.12")
        #expect(try Self.launchUntilRemembered(fixture, ["-V:3"]) == fixture.executable(Self.r313))

        // WHEN the administrator removes 3.12, THEN it is not launched.
        try FileManager.default.removeItem(atPath: systemPrefix)
        let removed = try fixture.dryRun(["-V:3.12"])
        #expect(removed.status == 103, "\(removed.stdout)")

        // WHEN the user adds 3.14 and 3.12, THEN they are chosen at once.
        try fixture.add(Self.r314)
        try fixture.add(Self.r312)
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3"]).stdout) == fixture.executable(Self.r314))
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.12"]).stdout) == fixture.executable(Self.r312))
        #expect(try fixture.py(["list", "-f", "id"]).stdout == "pythoncore-3.14-64\npythoncore-3.13-64\npythoncore-3.12-64\n")
    }

    @Test("a replaced install (same folder, exchanged) is read anew")
    func replaced() throws {
        let fixture = try CLIFixture([Self.r312], label: "index-replaced")
        #expect(try Self.launchUntilRemembered(fixture, ["-V:3.12"]) == fixture.executable(Self.r312))
        // A new tree with another version is exchanged into place, as `py install --force` does.
        let staging = try fixture.add(CLIRuntime(version: "3.12.11"), in: fixture.root.path + "/staging")
        let target = fixture.prefix(Self.r312.id)
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.moveItem(atPath: staging, toPath: target)
        let listed = try CLIFixture.versions(try fixture.py(["list", "-f", "json"]).stdout)
        #expect(listed.map { $0["sort-version"]?.stringValue } == ["3.12.11"])
    }

    @Test("a damaged index or memo is ignored", arguments: ["", "pymanager-store-index 1 x\n", "\u{0}\u{1}garbage", "pymanager-store-index 1 1:2:3.4:5.6\npythoncore-3.12-64\t5\n{}"])
    func damaged(text: String) throws {
        let fixture = try CLIFixture([Self.r313], label: "index-damaged")
        try fixture.add(Self.r312, in: fixture.systemInstallDir)
        _ = try Self.launchUntilRemembered(fixture, ["-V:3.12"])
        for path in [fixture.installDir + "/.index/installs", fixture.systemInstallDir + "/.index/installs", fixture.root.xdgStateHome + "/pymanager/launch-memo"] {
            try text.write(toFile: path, atomically: false, encoding: .utf8)
        }
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.12"]).stdout) == fixture.systemInstallDir + "/pythoncore-3.12-64/bin/python3.12")
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.13"]).stdout) == fixture.executable(Self.r313))
    }

    @Test("a memo line naming another folder than the stores hold is not followed")
    func memoOutsideStores() throws {
        let fixture = try CLIFixture([Self.r313], label: "memo-forged")
        _ = try Self.launchUntilRemembered(fixture, ["-V:3.13"])
        let memo = fixture.root.xdgStateHome + "/pymanager/launch-memo"
        let text = try String(contentsOfFile: memo, encoding: .utf8)
        // The key stays valid; the folder is replaced by one that escapes the store.
        let forged = text.replacingOccurrences(of: "\tpythoncore-3.13-64\t", with: "\t../../../../tmp\t")
        try forged.write(toFile: memo, atomically: false, encoding: .utf8)
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3.13"]).stdout) == fixture.executable(Self.r313))
    }
}
