// A minimal TOML reader for PEP 723 blocks: it checks the document's syntax
// (keys, `=`, all four string kinds, arrays, inline tables, table headers,
// scalars, comments) but keeps only top-level string values. That is all the
// launcher needs (`requires-python`), without a TOML dependency on the launch path.

extension ScriptMetadataError {
    /// What is wrong with the TOML inside a metadata block.
    public enum TOMLProblem: Equatable, Sendable {
        /// A string without its closing quote(s).
        case unterminatedString
        /// A `\` escape TOML does not define, e.g. `\q`.
        case invalidEscape
        /// A key not followed by `=`.
        case expectedEquals
        /// A key that is empty or has characters TOML does not allow unquoted.
        case invalidKey
        /// `=` with nothing after it.
        case expectedValue
        /// A value that is not a string, number, boolean, date, array or inline
        /// table, e.g. an unquoted `>=3.11`.
        case invalidValue(String)
        /// An array without its `]`.
        case unterminatedArray
        /// An inline table without its `}`.
        case unterminatedInlineTable
        /// A `[table]` header without its `]`.
        case unterminatedTableHeader
        /// Something after a value on the same line, e.g. `a = 1 2`.
        case unexpectedCharacters
        /// The same top-level key twice.
        case duplicateKey(String)
    }
}

/// A top-level `key = value` pair; `string` is nil for values that are not strings.
struct TOMLTopLevelEntry: Equatable {
    var key: [String]
    var string: String?
    var line: Int
}

struct TOMLError: Error, Equatable {
    var line: Int
    var problem: ScriptMetadataError.TOMLProblem
}

/// Reads a TOML document and returns its top-level (before any `[table]`) entries.
struct MiniTOML {
    private let s: [Unicode.Scalar]
    private var i = 0
    private var line = 1

    init(_ text: String) { s = Array(text.unicodeScalars) }

    static func topLevelEntries(_ text: String) throws(TOMLError) -> [TOMLTopLevelEntry] {
        var parser = MiniTOML(text)
        return try parser.document()
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }

    private func fail(_ problem: ScriptMetadataError.TOMLProblem) -> TOMLError {
        TOMLError(line: line, problem: problem)
    }

    private mutating func advance() {
        if s[i] == "\n" { line += 1 }
        i += 1
    }

    private mutating func skipSpaces() {
        while let c = peek(), c == " " || c == "\t" || c == "\r" { i += 1 }
    }

    private mutating func skipComment() {
        if peek() == "#" { while let c = peek(), c != "\n" { i += 1 } }
    }

    /// Spaces, newlines and comments (between statements and inside arrays).
    private mutating func skipBlank() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" || c == "\n" { advance() } else if c == "#" { skipComment() } else { return }
        }
    }

    /// After a statement: spaces, an optional comment, then a newline or the end.
    private mutating func endOfStatement() throws(TOMLError) {
        skipSpaces()
        skipComment()
        guard let c = peek() else { return }
        guard c == "\n" else { throw fail(.unexpectedCharacters) }
        advance()
    }

    private mutating func document() throws(TOMLError) -> [TOMLTopLevelEntry] {
        var entries: [TOMLTopLevelEntry] = []
        var seen: Set<[String]> = []
        var inTable = false
        while true {
            skipBlank()
            guard let c = peek() else { return entries }
            if c == "[" {
                try tableHeader()
                inTable = true
                continue
            }
            let startLine = line
            let key = try dottedKey()
            skipSpaces()
            guard peek() == "=" else { throw fail(.expectedEquals) }
            i += 1
            skipSpaces()
            let value = try self.value()
            try endOfStatement()
            if !inTable {
                guard seen.insert(key).inserted else {
                    throw TOMLError(line: startLine, problem: .duplicateKey(key.joined(separator: ".")))
                }
                entries.append(TOMLTopLevelEntry(key: key, string: value, line: startLine))
            }
        }
    }

    private mutating func tableHeader() throws(TOMLError) {
        i += 1
        let arrayOfTables = peek() == "["
        if arrayOfTables { i += 1 }
        skipSpaces()
        _ = try dottedKey()
        skipSpaces()
        guard peek() == "]" else { throw fail(.unterminatedTableHeader) }
        i += 1
        if arrayOfTables {
            guard peek() == "]" else { throw fail(.unterminatedTableHeader) }
            i += 1
        }
        try endOfStatement()
    }

    private mutating func dottedKey() throws(TOMLError) -> [String] {
        var parts: [String] = [try simpleKey()]
        while true {
            skipSpaces()
            guard peek() == "." else { return parts }
            i += 1
            skipSpaces()
            parts.append(try simpleKey())
        }
    }

    private mutating func simpleKey() throws(TOMLError) -> String {
        switch peek() {
        case "\"":
            if peek(1) == "\"", peek(2) == "\"" { throw fail(.invalidKey) }
            return try basicString()
        case "'":
            if peek(1) == "'", peek(2) == "'" { throw fail(.invalidKey) }
            return try literalString()
        default:
            var key = String.UnicodeScalarView()
            while let c = peek(), MiniTOML.isBareKey(c) {
                key.append(c)
                i += 1
            }
            guard !key.isEmpty else { throw fail(.invalidKey) }
            return String(key)
        }
    }

    private static func isBareKey(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "-" || c == "_"
    }

    /// Parses any value; returns its text when it is a string.
    private mutating func value() throws(TOMLError) -> String? {
        guard let c = peek(), c != "\n", c != "#" else { throw fail(.expectedValue) }
        switch c {
        case "\"":
            if peek(1) == "\"", peek(2) == "\"" { return try multilineString(quote: "\"") }
            return try basicString()
        case "'":
            if peek(1) == "'", peek(2) == "'" { return try multilineString(quote: "'") }
            return try literalString()
        case "[":
            try array()
            return nil
        case "{":
            try inlineTable()
            return nil
        default:
            try scalar()
            return nil
        }
    }

    private mutating func array() throws(TOMLError) {
        let openLine = line
        i += 1
        while true {
            skipBlank()
            guard let c = peek() else { throw TOMLError(line: openLine, problem: .unterminatedArray) }
            if c == "]" {
                i += 1
                return
            }
            _ = try value()
            skipBlank()
            guard let next = peek() else { throw TOMLError(line: openLine, problem: .unterminatedArray) }
            if next == "," {
                i += 1
            } else if next != "]" {
                throw fail(.unexpectedCharacters)
            }
        }
    }

    private mutating func inlineTable() throws(TOMLError) {
        let openLine = line
        i += 1
        var seen: Set<[String]> = []
        while true {
            skipBlank()
            guard let c = peek() else { throw TOMLError(line: openLine, problem: .unterminatedInlineTable) }
            if c == "}" {
                i += 1
                return
            }
            let key = try dottedKey()
            guard seen.insert(key).inserted else { throw fail(.duplicateKey(key.joined(separator: "."))) }
            skipSpaces()
            guard peek() == "=" else { throw fail(.expectedEquals) }
            i += 1
            skipSpaces()
            _ = try value()
            skipBlank()
            guard let next = peek() else { throw TOMLError(line: openLine, problem: .unterminatedInlineTable) }
            if next == "," {
                i += 1
            } else if next != "}" {
                throw fail(.unexpectedCharacters)
            }
        }
    }

    /// Numbers, booleans, dates and times: checked loosely by their first character.
    private mutating func scalar() throws(TOMLError) {
        var token = String.UnicodeScalarView()
        while let c = peek(), !MiniTOML.endsScalar(c) {
            token.append(c)
            i += 1
            // A date and a time may be separated by one space: `1979-05-27 07:32:00`.
            if token.count == 10, peek() == " ", MiniTOML.isDigit(peek(1)),
                String(token).split(separator: "-").count == 3
            {
                token.append(" ")
                i += 1
            }
        }
        let text = String(token)
        let words: Set<String> = ["true", "false", "inf", "+inf", "-inf", "nan", "+nan", "-nan"]
        if words.contains(text) { return }
        guard let first = text.unicodeScalars.first, MiniTOML.isDigit(first) || first == "+" || first == "-",
            text.unicodeScalars.allSatisfy(MiniTOML.isScalarCharacter)
        else { throw fail(.invalidValue(text)) }
    }

    private static func endsScalar(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\r" || c == "\n" || c == "," || c == "]" || c == "}" || c == "#"
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c >= "0" && c <= "9"
    }

    private static func isScalarCharacter(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || ["+", "-", ".", "_", ":", " "].contains(c)
    }

    private mutating func basicString() throws(TOMLError) -> String {
        i += 1
        var out = String.UnicodeScalarView()
        while let c = peek() {
            if c == "\n" { break }
            i += 1
            if c == "\"" { return String(out) }
            if c == "\\" {
                try escape(into: &out)
            } else {
                out.append(c)
            }
        }
        throw fail(.unterminatedString)
    }

    private mutating func literalString() throws(TOMLError) -> String {
        i += 1
        var out = String.UnicodeScalarView()
        while let c = peek() {
            if c == "\n" { break }
            i += 1
            if c == "'" { return String(out) }
            out.append(c)
        }
        throw fail(.unterminatedString)
    }

    private mutating func escape(into out: inout String.UnicodeScalarView) throws(TOMLError) {
        guard let c = peek() else { throw fail(.unterminatedString) }
        i += 1
        switch c {
        case "b": out.append("\u{08}")
        case "t": out.append("\t")
        case "n": out.append("\n")
        case "f": out.append("\u{0C}")
        case "r": out.append("\r")
        case "e": out.append("\u{1B}")
        case "\"": out.append("\"")
        case "\\": out.append("\\")
        case "x", "u", "U":
            let count = c == "x" ? 2 : (c == "u" ? 4 : 8)
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let h = peek(), let digit = MiniTOML.hexValue(h) else { throw fail(.invalidEscape) }
                value = value * 16 + digit
                i += 1
            }
            guard let scalar = Unicode.Scalar(value) else { throw fail(.invalidEscape) }
            out.append(scalar)
        default:
            throw fail(.invalidEscape)
        }
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }

    /// `"""…"""` or `'''…'''`: a newline right after the opening is dropped; in the
    /// basic form, `\` at the end of a line removes the line break and leading spaces.
    private mutating func multilineString(quote: Unicode.Scalar) throws(TOMLError) -> String {
        let openLine = line
        i += 3
        if peek() == "\r", peek(1) == "\n" { i += 1 }
        if peek() == "\n" { advance() }
        var out = String.UnicodeScalarView()
        while let c = peek() {
            if c == quote, peek(1) == quote, peek(2) == quote {
                var count = 3
                while count < 5, peek(count) == quote { count += 1 }
                for _ in 0..<(count - 3) { out.append(quote) }
                i += count
                return String(out)
            }
            if quote == "\"", c == "\\" {
                var look = i + 1
                while look < s.count, s[look] == " " || s[look] == "\t" || s[look] == "\r" { look += 1 }
                if look < s.count, s[look] == "\n" {
                    i = look
                    while let w = peek(), w == " " || w == "\t" || w == "\r" || w == "\n" { advance() }
                    continue
                }
                i += 1
                try escape(into: &out)
                continue
            }
            out.append(c)
            advance()
        }
        throw TOMLError(line: openLine, problem: .unterminatedString)
    }
}
