// Decoding a script's bytes into text, the way CPython reads a source file:
// a UTF-8 byte order mark, or a PEP 263 `coding:` declaration on line 1 or 2,
// chooses the encoding. Used by `ShebangLine` (first line only) and by
// `ScriptMetadata` (whole file). Pure: the bytes come in as a parameter.

/// A Python source file decoded to text.
///
/// Decoding never fails: invalid UTF-8 becomes U+FFFD, and encodings other
/// than UTF-8 and Latin-1 are read as UTF-8 (every ASCII-compatible codec
/// agrees with UTF-8 on the ASCII characters that shebangs and PEP 723
/// blocks are made of).
public struct ScriptSource: Equatable, Sendable {
    /// The encoding a source file declares (PEP 263), reduced to what we can decode.
    public enum Encoding: Equatable, Sendable {
        /// UTF-8: the default, a byte order mark, or `coding: utf-8`.
        case utf8
        /// ISO-8859-1, declared as `latin-1`, `iso-8859-1`, `latin1`, `l1`, ….
        case latin1
        /// Any other declared codec (for example `cp1252`); decoded as UTF-8.
        case other(String)
    }

    /// The encoding used to decode `text`.
    public let encoding: Encoding
    /// True when the bytes started with the UTF-8 byte order mark `EF BB BF`.
    public let hasByteOrderMark: Bool
    /// The decoded text, without the byte order mark, line endings unchanged.
    public let text: String

    /// Decodes a whole source file, e.g. `ScriptSource(decoding: Array("print(1)\n".utf8))`.
    public init(decoding bytes: [UInt8]) {
        let (encoding, bom) = ScriptSource.detectEncoding(bytes)
        self.encoding = encoding
        self.hasByteOrderMark = bom
        self.text = ScriptSource.decode(bytes[(bom ? 3 : 0)...], as: encoding)
    }

    /// The lines of `text` split on `\n`, `\r\n` or `\r` (Python's universal
    /// newlines), without their line endings.
    public var lines: [String] { ScriptSource.splitLines(text) }

    /// Finds the encoding from the first two lines only (PEP 263): a BOM wins;
    /// line 2 counts only when line 1 is blank or a comment, as in CPython's tokenizer.
    public static func detectEncoding(_ bytes: [UInt8]) -> (Encoding, hasByteOrderMark: Bool) {
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if bom { return (.utf8, true) }
        let first = lineBytes(bytes, from: 0)
        if let name = codingName(in: first.line) { return (normalize(name), false) }
        guard isBlankOrComment(first.line), first.next < bytes.count else { return (.utf8, false) }
        let second = lineBytes(bytes, from: first.next)
        if let name = codingName(in: second.line) { return (normalize(name), false) }
        return (.utf8, false)
    }

    /// Decodes bytes with the given encoding, never failing.
    public static func decode<C: Collection>(_ bytes: C, as encoding: Encoding) -> String
    where C.Element == UInt8 {
        switch encoding {
        case .latin1:
            var scalars = String.UnicodeScalarView()
            for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
            return String(scalars)
        case .utf8, .other:
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Splits text on `\n`, `\r\n` and lone `\r`; a final line ending adds no empty line.
    public static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var pendingCR = false
        for scalar in text.unicodeScalars {
            if pendingCR {
                pendingCR = false
                if scalar == "\n" { continue }
            }
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
                pendingCR = scalar == "\r"
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    // MARK: - Internals

    /// The bytes of one line starting at `start` (without `\r\n`/`\n`), and the offset after it.
    static func lineBytes(_ bytes: [UInt8], from start: Int) -> (line: ArraySlice<UInt8>, next: Int) {
        var end = start
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        var next = end
        if next < bytes.count, bytes[next] == 0x0D { next += 1 }
        if next < bytes.count, bytes[next] == 0x0A { next += 1 }
        return (bytes[start..<end], next)
    }

    /// CPython's `blank_re`: only spaces, tabs and form feeds, optionally then `#`.
    private static func isBlankOrComment(_ line: ArraySlice<UInt8>) -> Bool {
        for byte in line {
            switch byte {
            case 0x20, 0x09, 0x0C: continue
            case UInt8(ascii: "#"): return true
            default: return false
            }
        }
        return true
    }

    /// PEP 263: `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`.
    private static func codingName(in line: ArraySlice<UInt8>) -> String? {
        var index = line.startIndex
        while index < line.endIndex, [0x20, 0x09, 0x0C].contains(line[index]) { index += 1 }
        guard index < line.endIndex, line[index] == UInt8(ascii: "#") else { return nil }
        let word = Array("coding".utf8)
        var search = index + 1
        while search + word.count < line.endIndex {
            if line[search..<(search + word.count)].elementsEqual(word) {
                var cursor = search + word.count
                if line[cursor] == UInt8(ascii: ":") || line[cursor] == UInt8(ascii: "=") {
                    cursor += 1
                    while cursor < line.endIndex, line[cursor] == 0x20 || line[cursor] == 0x09 { cursor += 1 }
                    let nameStart = cursor
                    while cursor < line.endIndex, isCodingNameByte(line[cursor]) { cursor += 1 }
                    if cursor > nameStart {
                        return String(decoding: line[nameStart..<cursor], as: UTF8.self)
                    }
                }
            }
            search += 1
        }
        return nil
    }

    private static func isCodingNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    /// Mirrors CPython's `_get_normal_name` plus the common codec aliases.
    static func normalize(_ name: String) -> Encoding {
        let lower = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
        if ["utf-8", "utf8", "u8", "utf", "cp65001"].contains(lower) || lower.hasPrefix("utf-8-") {
            return .utf8
        }
        let latin = [
            "latin-1", "latin1", "latin", "l1", "iso-8859-1", "iso8859-1", "iso-latin-1",
            "8859", "cp819", "iso-ir-100", "csisolatin1",
        ]
        if latin.contains(lower) || lower.hasPrefix("latin-1-") || lower.hasPrefix("iso-8859-1-")
            || lower.hasPrefix("iso-latin-1-")
        {
            return .latin1
        }
        if ["ascii", "us-ascii", "646"].contains(lower) { return .utf8 }
        return .other(name)
    }
}
