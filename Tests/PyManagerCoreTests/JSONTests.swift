@testable import PyManagerCore
import Testing

/// The JSON parser (RFC 8259 with line/column errors) and the serializer.
@Suite("JSON")
struct JSONTests {
    struct ValidRow: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var expected: JSONValue
        var testDescription: String { name }
    }

    static let valid: [ValidRow] = [
        ValidRow(name: "null", text: "null", expected: .null),
        ValidRow(name: "true", text: "true", expected: .bool(true)),
        ValidRow(name: "false", text: " false ", expected: .bool(false)),
        ValidRow(name: "zero", text: "0", expected: .int(0)),
        ValidRow(name: "negative zero is an integer", text: "-0", expected: .int(0)),
        ValidRow(name: "negative integer", text: "-42", expected: .int(-42)),
        ValidRow(name: "Int.max stays an integer", text: "9223372036854775807", expected: .int(Int.max)),
        ValidRow(name: "beyond Int.max becomes a double", text: "9223372036854775808", expected: .double(9223372036854775808.0)),
        ValidRow(name: "fraction", text: "1.5", expected: .double(1.5)),
        ValidRow(name: "exponent", text: "1e3", expected: .double(1000)),
        ValidRow(name: "negative exponent with sign", text: "-2.5E-1", expected: .double(-0.25)),
        ValidRow(name: "explicit plus exponent", text: "1e+2", expected: .double(100)),
        ValidRow(name: "empty string", text: "\"\"", expected: .string("")),
        ValidRow(name: "simple escapes", text: #""\" \\ \/ \b \f \n \r \t""#, expected: .string("\" \\ / \u{08} \u{0C} \n \r \t")),
        ValidRow(name: "BMP unicode escape", text: #""caf\u00e9""#, expected: .string("café")),
        ValidRow(name: "upper-case hex digits", text: #""\u00C9""#, expected: .string("É")),
        ValidRow(name: "surrogate pair", text: #""\ud83d\ude00""#, expected: .string("😀")),
        ValidRow(name: "escaped NUL", text: #""a\u0000b""#, expected: .string("a\u{0}b")),
        ValidRow(name: "raw UTF-8", text: "\"日本語 ✓\"", expected: .string("日本語 ✓")),
        ValidRow(name: "empty array", text: "[ ]", expected: .array([])),
        ValidRow(name: "empty object", text: "{\n}", expected: .object(JSONObject())),
        ValidRow(
            name: "nested", text: #"{"a": [1, {"b": null}], "c": "d"}"#,
            expected: .object(JSONObject([
                ("a", .array([.int(1), .object(JSONObject([("b", .null)]))])), ("c", .string("d")),
            ]))),
        ValidRow(
            name: "whitespace of every kind", text: "\t\r\n[\t1 ,\r\n2\n]\n",
            expected: .array([.int(1), .int(2)])),
        ValidRow(name: "BOM is skipped", text: "\u{FEFF}{\"x\": 1}", expected: .object(JSONObject([("x", .int(1))]))),
        ValidRow(
            name: "duplicate key keeps the last value in the first position", text: #"{"a": 1, "b": 2, "a": 3}"#,
            expected: .object(JSONObject([("a", .int(3)), ("b", .int(2))]))),
    ]

    @Test("valid JSON parses", arguments: valid)
    func parsesValid(_ row: ValidRow) throws {
        #expect(try JSONValue(parsing: row.text) == row.expected)
    }

    struct InvalidRow: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var line: Int
        var column: Int
        /// A fragment of the reason.
        var reason: String
        var testDescription: String { name }
    }

    static let invalid: [InvalidRow] = [
        InvalidRow(name: "empty text", text: "", line: 1, column: 1, reason: "end of file"),
        InvalidRow(name: "only whitespace", text: "  \n ", line: 2, column: 2, reason: "end of file"),
        InvalidRow(name: "trailing comma in object", text: "{\"a\": 1,}", line: 1, column: 9, reason: "quoted key"),
        InvalidRow(name: "trailing comma in array", text: "[1,\n 2,\n]", line: 3, column: 1, reason: "unexpected character"),
        InvalidRow(name: "missing colon", text: "{\n  \"a\" 1\n}", line: 2, column: 7, reason: "expected ':'"),
        InvalidRow(name: "missing comma", text: "[1 2]", line: 1, column: 4, reason: "expected ',' or ']'"),
        InvalidRow(name: "unquoted key", text: "{a: 1}", line: 1, column: 2, reason: "quoted key"),
        InvalidRow(name: "single quotes", text: "['a']", line: 1, column: 2, reason: "unexpected character"),
        InvalidRow(name: "unterminated string points at its start", text: "{\"a\": \"abc", line: 1, column: 7, reason: "unterminated string"),
        InvalidRow(name: "raw newline in string", text: "\"a\nb\"", line: 1, column: 3, reason: "control character"),
        InvalidRow(name: "bad escape", text: #""\x41""#, line: 1, column: 4, reason: "invalid escape"),
        InvalidRow(name: "short unicode escape", text: #""\u12""#, line: 1, column: 4, reason: "\\u escape"),
        InvalidRow(name: "non-hex unicode escape", text: #""\u12G4""#, line: 1, column: 6, reason: "invalid \\u escape"),
        InvalidRow(name: "lone high surrogate", text: #""\ud83d""#, line: 1, column: 8, reason: "unpaired surrogate"),
        InvalidRow(name: "high surrogate followed by text", text: #""\ud83dx""#, line: 1, column: 8, reason: "unpaired surrogate"),
        InvalidRow(name: "high surrogate with a non-low second half", text: #""\ud83d\u0041""#, line: 1, column: 14, reason: "invalid surrogate pair"),
        InvalidRow(name: "lone low surrogate", text: #""\ude00""#, line: 1, column: 8, reason: "invalid \\u escape"),
        InvalidRow(name: "leading zero", text: "[01]", line: 1, column: 2, reason: "leading zero"),
        InvalidRow(name: "bare minus", text: "-", line: 1, column: 2, reason: "invalid number"),
        InvalidRow(name: "dot without digits", text: "1.", line: 1, column: 3, reason: "invalid number"),
        InvalidRow(name: "leading dot", text: ".5", line: 1, column: 1, reason: "unexpected character"),
        InvalidRow(name: "exponent without digits", text: "1e", line: 1, column: 3, reason: "invalid number"),
        InvalidRow(name: "plus sign", text: "+1", line: 1, column: 1, reason: "unexpected character"),
        InvalidRow(name: "NaN is not JSON", text: "NaN", line: 1, column: 1, reason: "unexpected character"),
        InvalidRow(name: "misspelt literal", text: "[tru]", line: 1, column: 2, reason: "expected 'true'"),
        InvalidRow(name: "capitalised literal", text: "True", line: 1, column: 1, reason: "unexpected character"),
        InvalidRow(name: "two values", text: "{} {}", line: 1, column: 4, reason: "after the JSON value"),
        InvalidRow(name: "comment", text: "{\n\"a\": 1 // no\n}", line: 2, column: 8, reason: "expected ',' or '}'"),
        InvalidRow(name: "unclosed array", text: "[1, 2", line: 1, column: 6, reason: "expected ']'"),
        InvalidRow(name: "unclosed object", text: "{\"a\": 1", line: 1, column: 8, reason: "expected '}'"),
        InvalidRow(name: "error on a later line", text: "{\n  \"a\": 1,\n  \"b\": ?\n}", line: 3, column: 8, reason: "unexpected character"),
        InvalidRow(name: "too deep", text: String(repeating: "[", count: 513) + String(repeating: "]", count: 513), line: 1, column: 513, reason: "too deep"),
    ]

    @Test("invalid JSON reports the line and column", arguments: invalid)
    func rejectsInvalid(_ row: InvalidRow) {
        #expect {
            try JSONValue(parsing: row.text)
        } throws: { error in
            guard let e = error as? JSONSyntaxError else { return false }
            return e.line == row.line && e.column == row.column && e.reason.contains(row.reason)
        }
    }

    @Test("error description starts with the line and column")
    func errorDescription() {
        let error = JSONSyntaxError(line: 3, column: 7, reason: "expected ':'")
        #expect(error.description == "line 3, column 7: expected ':'")
    }

    @Test("512 levels of nesting are allowed")
    func depthLimit() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        var value = try JSONValue(parsing: text)
        var depth = 0
        while case .array(let items) = value {
            depth += 1
            value = items.first ?? .null
        }
        #expect(depth == 512)
    }

    @Test("invalid UTF-8 in a string is rejected")
    func invalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test("a BOM not at the start is an error")
    func bomInside() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: "[1, \u{FEFF}2]") }
    }

    struct SerializeRow: CustomTestStringConvertible, Sendable {
        var name: String
        var value: JSONValue
        var compact: String
        var spaced: String
        var testDescription: String { name }
    }

    static let serialized: [SerializeRow] = [
        SerializeRow(name: "scalars", value: .array([.null, .bool(true), .bool(false), .int(-3)]), compact: "[null,true,false,-3]", spaced: "[null, true, false, -3]"),
        SerializeRow(name: "integral double prints as an integer", value: .double(2.0), compact: "2", spaced: "2"),
        SerializeRow(name: "fraction", value: .double(0.25), compact: "0.25", spaced: "0.25"),
        SerializeRow(name: "empty containers", value: .array([.array([]), .object(JSONObject())]), compact: "[[],{}]", spaced: "[[], {}]"),
        SerializeRow(
            name: "object keeps key order", value: .object(JSONObject([("z", .int(1)), ("a", .int(2))])),
            compact: #"{"z":1,"a":2}"#, spaced: #"{"z": 1, "a": 2}"#),
        SerializeRow(name: "escapes", value: .string("a\"b\\c\nd\re\tf"), compact: #""a\"b\\c\nd\re\tf""#, spaced: #""a\"b\\c\nd\re\tf""#),
        SerializeRow(name: "control characters as \\u", value: .string("\u{01}\u{1F}"), compact: #""\u0001\u001f""#, spaced: #""\u0001\u001f""#),
        SerializeRow(name: "non-ASCII stays raw", value: .string("é😀"), compact: "\"é😀\"", spaced: "\"é😀\""),
        SerializeRow(name: "slash is not escaped", value: .string("a/b"), compact: "\"a/b\"", spaced: "\"a/b\""),
    ]

    @Test("serializes compactly and spaced like json.dumps", arguments: serialized)
    func serializes(_ row: SerializeRow) {
        #expect(row.value.compactText == row.compact)
        #expect(row.value.spacedText == row.spaced)
    }

    @Test("pretty text indents and ends with a newline")
    func pretty() {
        let value = JSONValue.object(JSONObject([("a", .array([.int(1), .int(2)])), ("b", .object(JSONObject()))]))
        #expect(value.prettyText(indent: 2) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}\n")
    }

    static let roundTrip: [String] = [
        #"{"schema":1,"id":"pythoncore-3.14-64","run-for":[{"tag":"3.14","target":"bin/python3.14"}]}"#,
        #"["\u0000\u001f","\"quoted\"","back\\slash","tab\there","😀","日本"]"#,
        #"[0,-1,1.5,-0.001,1e+300,9223372036854775807,-9223372036854775808]"#,
        #"{"nested":{"deeper":{"deepest":[[],{},null,true,false]}}}"#,
        #"{"b":1,"a":2,"c":{"z":null,"y":[1,[2,[3]]]}}"#,
    ]

    @Test("parse → serialize → parse gives the same value", arguments: roundTrip)
    func roundTrips(_ text: String) throws {
        let value = try JSONValue(parsing: text)
        #expect(try JSONValue(parsing: value.compactText) == value)
        #expect(try JSONValue(parsing: value.spacedText) == value)
        #expect(try JSONValue(parsing: value.prettyText()) == value)
        // The compact form is stable: serializing twice gives the same text.
        #expect(try JSONValue(parsing: value.compactText).compactText == value.compactText)
    }

    @Test("object subscript replaces in place, appends, and removes")
    func objectEditing() {
        var o = JSONObject([("a", .int(1)), ("b", .int(2))])
        o["a"] = .int(9)
        o["c"] = .int(3)
        o["b"] = nil
        #expect(o.keys == ["a", "c"])
        #expect(o["a"] == .int(9))
        #expect(JSONValue.object(o)["c"] == .int(3))
        #expect(JSONValue.int(1)["c"] == nil)
    }

    @Test("typed accessors")
    func accessors() {
        #expect(JSONValue.double(3.0).intValue == 3)
        #expect(JSONValue.double(3.5).intValue == nil)
        #expect(JSONValue.string("3").intValue == nil)
        #expect(JSONValue.string("x").stringValue == "x")
        #expect(JSONValue.int(1).stringValue == nil)
        #expect(JSONValue.array([]).arrayValue == [])
        #expect(JSONValue.null.typeName == "null")
        #expect(JSONValue.array([]).typeName == "an array")
    }
}
