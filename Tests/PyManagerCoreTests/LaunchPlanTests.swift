import PyManagerCore
import TestSupport
import Testing

@Suite("Launch plan: shellQuote")
struct ShellQuoteTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var word: String
        var quoted: String
        var testDescription: String { "\(word.debugDescription) → \(quoted)" }
    }

    static let rows: [Row] = [
        Row(word: "abc", quoted: "abc"),
        Row(word: "/usr/bin/python3.12", quoted: "/usr/bin/python3.12"),
        Row(word: "-V:3.12", quoted: "-V:3.12"),
        Row(word: "x=1,y@z%+_", quoted: "x=1,y@z%+_"),
        Row(word: "", quoted: "''"),
        Row(word: "a b", quoted: "'a b'"),
        Row(word: "it's", quoted: #"'it'\''s'"#),
        Row(word: "'", quoted: #"''\'''"#),
        Row(word: "$HOME", quoted: "'$HOME'"),
        Row(word: "`id`", quoted: "'`id`'"),
        Row(word: "*.py", quoted: "'*.py'"),
        Row(word: "~", quoted: "'~'"),
        Row(word: "a;b", quoted: "'a;b'"),
        Row(word: "#x", quoted: "'#x'"),
        Row(word: "!", quoted: "'!'"),
        Row(word: "a\\b", quoted: "'a\\b'"),
        Row(word: "a\"b", quoted: "'a\"b'"),
        Row(word: "line\nbreak", quoted: "'line\nbreak'"),
        Row(word: "tab\there", quoted: "'tab\there'"),
        Row(word: "café", quoted: "'café'"),
        Row(word: "print('hi')", quoted: #"'print('\''hi'\'')'"#),
    ]

    @Test("quotes only when needed", arguments: rows)
    func quotes(_ row: Row) {
        #expect(shellQuote(row.word) == row.quoted)
    }

    @Test("a POSIX shell reads every quoted word back unchanged")
    func shellRoundTrip() throws {
        let words = Self.rows.map(\.word)
        let script = "for a in " + words.map(shellQuote).joined(separator: " ") + "; do printf '%s\\0' \"$a\"; done"
        let result = try runProcess("/bin/sh", ["-c", script], environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
        #expect(result.status == 0)
        var parsed = result.stdout.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        #expect(parsed.last == "")
        parsed.removeLast()
        #expect(parsed == words)
    }

    @Test("the dry-run command line is the quoted argv joined by spaces")
    func commandLine() {
        let plan = LaunchPlan(executable: "/p/bin/python3.12", arguments: ["/p/bin/python3.12", "-c", "print('hi')", ""], reason: "test")
        #expect(plan.commandLine == #"/p/bin/python3.12 -c 'print('\''hi'\'')' ''"#)
    }
}

@Suite("Launch plan: scriptArgumentIndex")
struct ScriptArgumentIndexTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var expected: Int?
        var testDescription: String { "\(arguments) → \(expected.map(String.init) ?? "none")" }
    }

    static let rows: [Row] = [
        Row(arguments: [], expected: nil),
        Row(arguments: ["script.py"], expected: 0),
        Row(arguments: ["script.py", "-c", "x"], expected: 0),
        Row(arguments: ["-u", "script.py", "-v"], expected: 1),
        Row(arguments: ["-E", "-s", "-I", "app.py", "arg"], expected: 3),
        Row(arguments: ["-c", "pass"], expected: nil),
        Row(arguments: ["-c", "pass", "script.py"], expected: nil),
        Row(arguments: ["-m", "pip", "install"], expected: nil),
        Row(arguments: ["-uc", "pass"], expected: nil),
        Row(arguments: ["-um", "pip"], expected: nil),
        Row(arguments: ["-W", "ignore", "s.py"], expected: 2),
        Row(arguments: ["-Wignore", "s.py"], expected: 1),
        Row(arguments: ["-bW", "error", "s.py"], expected: 2),
        Row(arguments: ["-X", "dev", "s.py"], expected: 2),
        Row(arguments: ["-Xdev", "s.py"], expected: 1),
        Row(arguments: ["-X"], expected: nil),
        Row(arguments: ["--check-hash-based-pycs", "always", "s.py"], expected: 2),
        Row(arguments: ["--version"], expected: nil),
        Row(arguments: ["--help", "s.py"], expected: 1),
        Row(arguments: ["-", "s.py"], expected: nil),
        Row(arguments: ["--", "s.py"], expected: 1),
        Row(arguments: ["--"], expected: nil),
        Row(arguments: ["-i", "-", "x"], expected: nil),
        Row(arguments: ["./run.py"], expected: 0),
    ]

    @Test("finds the script argument as CPython's command line does", arguments: rows)
    func finds(_ row: Row) {
        #expect(scriptArgumentIndex(row.arguments) == row.expected)
    }
}
