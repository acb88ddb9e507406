import Foundation
import PyManagerCore
import Testing

/// Two stores (DESIGN.md "Shared machines"): `py list` and launches see the user's own
/// installs first, then the system store's; every list format says which store a runtime is in.
@Suite("Shared machines: listing and launching from two stores")
struct SharedStoreListTests {
    /// The user has 3.14 and 3.12; the system store has 3.13 and its own 3.12.
    static func fixture() throws -> CLIFixture {
        let fixture = try CLIFixture([CLIRuntime(version: "3.14.2"), CLIRuntime(version: "3.12.10")], label: "shared-list")
        try fixture.add(CLIRuntime(version: "3.13.5"), in: fixture.systemInstallDir)
        try fixture.add(CLIRuntime(version: "3.12.10"), in: fixture.systemInstallDir)
        return fixture
    }

    @Test("py list -f json gives every runtime's store; the user's own come first")
    func jsonStore() throws {
        let fixture = try Self.fixture()
        let result = try fixture.py(["list", "-f", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try CLIFixture.versions(result.stdout).map { ($0["store"]?.stringValue ?? "-", $0["prefix"]?.stringValue ?? "") }
        #expect(rows.map(\.0) == ["user", "user", "system", "system"])
        #expect(rows.map(\.1) == [
            fixture.prefix("pythoncore-3.14-64"), fixture.prefix("pythoncore-3.12-64"),
            fixture.systemInstallDir + "/pythoncore-3.13-64", fixture.systemInstallDir + "/pythoncore-3.12-64",
        ])
    }

    @Test("jsonl and csv carry the store too")
    func otherFormats() throws {
        let fixture = try Self.fixture()
        let jsonl = try fixture.py(["list", "-f", "jsonl"])
        let stores = try CLILines(jsonl.stdout).map { try JSONValue(parsing: Array($0.utf8))["store"]?.stringValue }
        #expect(stores == ["user", "user", "system", "system"])
        let csv = CLILines(try fixture.py(["list", "-f", "csv"]).stdout.replacingOccurrences(of: "\r", with: ""))
        let header = try #require(csv.first).split(separator: ",").map(String.init)
        let column = try #require(header.firstIndex(of: "store"), "no store column in \(header)")
        let values = csv.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count > column && !$0[column].isEmpty }.map { $0[column] }
        #expect(values == ["user", "user", "system", "system"])
    }

    @Test("the table marks the system runtimes with a section of their own")
    func table() throws {
        let fixture = try Self.fixture()
        let lines = CLILines(try fixture.py(["list"]).stdout)
        let marker = try #require(lines.firstIndex { $0.hasPrefix("* Installed for all users") }, "\(lines)")
        #expect(lines[1..<marker].map { $0.hasPrefix("3.14[-64]") || $0.hasPrefix("3.12[-64]") } == [true, true])
        #expect(lines[(marker + 1)...].map { String($0.prefix(9)) } == ["3.13[-64]", "3.12[-64]"])
    }

    @Test("a table with only system runtimes does not claim that nothing is installed")
    func tableSystemOnly() throws {
        let fixture = try CLIFixture([], label: "shared-list")
        try fixture.add(CLIRuntime(version: "3.13.5"), in: fixture.systemInstallDir)
        let out = try fixture.py(["list"]).stdout
        #expect(!out.contains("No runtimes"))
        #expect(out.contains("* Installed for all users"))
    }

    @Test("a launch takes the user's copy over the system's, and a system-only runtime from the system store", arguments: [
        ("-V:3.12", "/home/.local/share/pymanager/pythoncore-3.12-64/bin/python3.12"),
        ("-V:3.13", "/system/pymanager/pythoncore-3.13-64/bin/python3.13"),
        ("-3.13", "/system/pymanager/pythoncore-3.13-64/bin/python3.13"),
    ])
    func launchOrder(tag: String, expected: String) throws {
        let fixture = try Self.fixture()
        let result = try fixture.dryRun([tag])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(CLIDryRunExecutable(result.stdout) == fixture.root.path + expected)
    }

    @Test("the user's own installs are looked at before the system's, even an older one")
    func userFirst() throws {
        let fixture = try Self.fixture()
        let result = try fixture.dryRun(["-V:3"])
        #expect(CLIDryRunExecutable(result.stdout) == fixture.executable(CLIRuntime(version: "3.14.2")))
        // With only 3.12 of its own, the user's 3 is still the private 3.12, not the system's 3.13.
        try FileManager.default.removeItem(atPath: fixture.prefix("pythoncore-3.14-64"))
        #expect(CLIDryRunExecutable(try fixture.dryRun(["-V:3"]).stdout) == fixture.executable(CLIRuntime(version: "3.12.10")))
    }

    @Test("system_install_dir comes from PYTHON_MANAGER_SYSTEM_INSTALL_DIR or a config file")
    func configured() throws {
        let fixture = try Self.fixture()
        let other = fixture.root.path + "/elsewhere"
        try fixture.add(CLIRuntime(version: "3.11.9"), in: other)
        let viaEnv = try fixture.py(["list", "-f", "prefix"], env: ["PYTHON_MANAGER_SYSTEM_INSTALL_DIR": other])
        #expect(CLILines(viaEnv.stdout).filter { $0.hasPrefix(other) } == [other + "/pythoncore-3.11-64"])
        #expect(!viaEnv.stdout.contains(fixture.systemInstallDir))
        try fixture.writeUserConfig(#"{"system_install_dir": "../../../elsewhere"}"#)
        let viaFile = try fixture.py(["list", "-f", "prefix"], env: ["PYTHON_MANAGER_SYSTEM_INSTALL_DIR": ""])
        #expect(CLILines(viaFile.stdout).filter { $0.hasPrefix(other) } == [other + "/pythoncore-3.11-64"])
    }
}
