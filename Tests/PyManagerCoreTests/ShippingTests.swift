@testable import PyManagerCore
import Testing

/// Log file names and their retention; the tags shell completion offers.
@Suite("Log files and completion tags")
struct ShippingTests {
    @Test("log names sort by time and carry pid and command")
    func logNames() {
        #expect(LogFileName.make(command: "install", utc: [2026, 12, 6, 21, 3, 9], pid: 42) == "py-20261206-210309-42-install.log")
        #expect(LogFileName.make(command: "un/install", utc: [2026, 1, 2], pid: 7) == "py-20260102-000000-7-uninstall.log")
        #expect(LogFileName.zeroPadded(7, 3) == "007")
        #expect(LogFileName.zeroPadded(1234, 2) == "1234")
    }

    @Test("what counts as a log name", arguments: [
        ("py-20261206-210309-42-install.log", true),
        ("py-20261206-210309-42-uninstall.log", true),
        ("py-20261206-210309-42-install.txt", false),
        ("py-2026120-210309-42-install.log", false),
        ("py-20261206-210309--install.log", false),
        ("py-20261206-210309-x1-install.log", false),
        ("py-handwritten.log", false),
        ("notes.txt", false),
        ("py-20261206-210309-42-in.stall.log", false),
    ])
    func isLogName(_ name: String, expected: Bool) {
        #expect(LogFileName.isLogName(name) == expected)
    }

    @Test("the oldest logs beyond the limit expire, others never")
    func expiry() {
        let names = [
            "py-20261206-210309-100-install.log", "notes.txt", "py-20261206-210309-99-install.log",
            "py-20250101-000000-5-uninstall.log", "py-20261207-000000-1-install.log",
        ]
        #expect(LogFileName.expired(names, keep: 2) == ["py-20250101-000000-5-uninstall.log", "py-20261206-210309-99-install.log"])
        #expect(LogFileName.expired(names, keep: 20).isEmpty)
        #expect(LogFileName.expired(names, keep: 0).count == 4)
    }

    func entry(_ company: String, tag: String, installFor: [String]) throws -> FeedEntry {
        let object = JSONObject([
            ("schema", .int(1)), ("id", .string("\(company.lowercased())-\(tag)")), ("sort-version", .string("3.14.2")),
            ("company", .string(company)), ("tag", .string(tag)), ("install-for", .array(installFor.map { .string($0) })),
            ("run-for", .array([.object(JSONObject([("tag", .string(tag)), ("target", .string("bin/python"))]))])),
            ("display-name", .string("x")), ("executable", .string("bin/python")),
        ])
        return try FeedEntry(json: object, path: "test")
    }

    @Test("completion tags: install-for tags, short forms for the default platform, company prefix, no repeats")
    func completionTagList() throws {
        let entries = [
            try entry("PythonCore", tag: "3.14-64", installFor: ["3.14.2-64", "3.14-64", "3-64"]),
            try entry("PythonCore", tag: "3.14-arm64", installFor: ["3.14-arm64"]),
            try entry("PyPy", tag: "3.11-64", installFor: ["3.11-64"]),
            try entry("PythonCore", tag: "3.13-64", installFor: ["3-64"]),
        ]
        #expect(completionTags(entries, defaultPlatform: "-64") == [
            "3.14-64", "3.14", "3.14.2-64", "3.14.2", "3-64", "3", "3.14-arm64", "PyPy/3.11-64", "PyPy/3.11", "3.13-64", "3.13",
        ])
        #expect(completionTags(entries, defaultPlatform: "").prefix(3) == ["3.14-64", "3.14.2-64", "3-64"])
    }
}
