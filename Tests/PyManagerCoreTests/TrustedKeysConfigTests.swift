import PyManagerCore
import Testing

/// `install.trusted_keys` across configuration layers (policy, user, --config).
@Suite("Configuration: install.trusted_keys")
struct TrustedKeysConfigTests {
    static let line = "RWTqkKZaryWwABV6fkWeweGUg2J8jmRdS6fA4pWPl+DH72Utvmi7GxSE"
    static let policy = "/etc/pymanager/policy.json"
    static let user = "/home/u/.config/pymanager/pymanager.json"

    func keys(_ files: [String: String], commandLine: String? = nil) throws -> [String] {
        let inputs = ConfigLoader.Inputs(
            environment: ["HOME": "/home/u", "KEYS": "/srv/keys"], workingDirectory: "/work", commandLineConfig: commandLine,
            readFile: { files[$0].map { Array($0.utf8) } })
        let (store, _) = try ConfigLoader.load(inputs)
        return Settings(store: store, environment: [:], hostPlatform: "-64").trustedKeys
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String: String]
        var expected: [String]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "unset: no keys", files: [:], expected: []),
        Row(name: "a list in the user file", files: [user: #"{"install": {"trusted_keys": ["keys/a.pub", "\#(line)"]}}"#],
            expected: ["/home/u/.config/pymanager/keys/a.pub", line]),
        Row(name: "one string is a one-entry list", files: [user: #"{"install": {"trusted_keys": "/k/a.pub"}}"#], expected: ["/k/a.pub"]),
        Row(name: "paths expand variables and ~", files: [user: #"{"install": {"trusted_keys": ["%KEYS%/a.pub", "~/b.pub"]}}"#],
            expected: ["/srv/keys/a.pub", "/home/u/b.pub"]),
        Row(name: "empty entries are skipped", files: [user: #"{"install": {"trusted_keys": ["", " "]}}"#], expected: []),
        Row(name: "policy keys stay when the user sets an empty list",
            files: [policy: #"{"install": {"trusted_keys": ["admin.pub"]}}"#, user: #"{"install": {"trusted_keys": []}}"#],
            expected: ["/etc/pymanager/admin.pub"]),
        Row(name: "policy keys stay when the user sets null",
            files: [policy: #"{"install": {"trusted_keys": ["admin.pub"]}}"#, user: #"{"install": {"trusted_keys": null}}"#],
            expected: ["/etc/pymanager/admin.pub"]),
        Row(name: "a user adds a key to the policy's",
            files: [policy: #"{"install": {"trusted_keys": ["admin.pub"]}}"#, user: #"{"install": {"trusted_keys": ["\#(line)"]}}"#],
            expected: ["/etc/pymanager/admin.pub", line]),
        Row(name: "the same key in two files counts once",
            files: [policy: #"{"install": {"trusted_keys": ["/k/a.pub"]}}"#, user: #"{"install": {"trusted_keys": ["/k/a.pub"]}}"#],
            expected: ["/k/a.pub"]),
    ]

    @Test("layers add keys and cannot drop them", arguments: rows)
    func layers(_ row: Row) throws {
        #expect(try keys(row.files) == row.expected)
    }

    @Test("--config cannot drop the policy's keys either")
    func commandLineConfig() throws {
        let files = [
            TrustedKeysConfigTests.policy: #"{"install": {"trusted_keys": ["admin.pub"]}}"#,
            "/work/c.json": #"{"install": {"trusted_keys": []}}"#,
        ]
        #expect(try keys(files, commandLine: "c.json") == ["/etc/pymanager/admin.pub"])
    }

    @Test("a value that is not a list of strings names the file", arguments: [#"{"a": 1}"#, "[1]", "true"])
    func wrongType(_ value: String) {
        let files = [TrustedKeysConfigTests.user: #"{"install": {"trusted_keys": \#(value)}}"#]
        let error = #expect(throws: ConfigError.self) { try keys(files) }
        #expect(error?.description.contains(TrustedKeysConfigTests.user) == true)
        #expect(error?.description.contains("a list of strings") == true)
    }
}
