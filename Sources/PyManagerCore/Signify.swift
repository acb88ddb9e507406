/// signify's public-key and signature files, parsed exactly as OpenBSD's
/// `signify` (`parseb64file`) does; no cryptography here (the Ed25519 check
/// runs at the feed-loading edge, with swift-crypto).
///
/// A file is two lines:
///
///     untrusted comment: <text, 1 to 1023 bytes>
///     <base64 of: "Ed", an 8-byte key number, then the 32-byte key or 64-byte signature>
///
/// Each line ends with a newline. Whitespace inside the base64 line is
/// skipped, as `b64_pton` does; the decoded size must be exact.

/// Why a signify key or signature could not be read. Cases are data; the
/// caller names the file, URL or config entry.
public enum SignifyFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first line does not start with `untrusted comment: ` followed by some text.
    case noComment
    /// The comment is 1024 bytes or longer (signify's limit).
    case commentTooLong
    /// The base64 line is not followed by a newline.
    case noNewlineAfterBase64
    /// The second line is not valid base64.
    case notBase64
    /// The base64 decodes to the wrong number of bytes for this kind of file.
    case wrongLength(expected: Int, actual: Int)
    /// The algorithm is not `Ed` (Ed25519).
    case unsupportedAlgorithm(String)

    public var description: String {
        switch self {
        case .noComment: return "the first line must start with \"untrusted comment: \""
        case .commentTooLong: return "the comment line is longer than 1023 bytes"
        case .noNewlineAfterBase64: return "the base64 line must end with a newline"
        case .notBase64: return "the second line is not valid base64"
        case .wrongLength(let expected, let actual): return "it holds \(actual) bytes, expected \(expected)"
        case .unsupportedAlgorithm(let a): return "the algorithm is '\(a)', expected 'Ed' (Ed25519)"
        }
    }
}

/// A signify public key (`signify -G` writes it to `key.pub`).
public struct SignifyKey: Sendable, Equatable {
    /// Random 8 bytes shared by a key pair and every signature it makes.
    public var keyNumber: [UInt8]
    /// The raw 32-byte Ed25519 public key.
    public var publicKey: [UInt8]

    static let byteCount = 2 + 8 + 32

    /// Parses a `.pub` file's bytes.
    ///
    /// - Throws: `SignifyFormatError` for a missing comment, bad base64, wrong size or algorithm.
    public init(parsingFile bytes: [UInt8]) throws(SignifyFormatError) {
        self.init(blob: try signifyFileBlob(bytes, byteCount: SignifyKey.byteCount))
    }

    /// Parses the key's base64 line alone, e.g. `RWTqkKZaryWwABV6fkWe…`.
    ///
    /// - Throws: `SignifyFormatError` for bad base64, wrong size or algorithm.
    public init(parsingLine line: String) throws(SignifyFormatError) {
        self.init(blob: try signifyBlob(Array(line.utf8), byteCount: SignifyKey.byteCount))
    }

    init(blob: [UInt8]) {
        keyNumber = Array(blob[2..<10])
        publicKey = Array(blob[10...])
    }

    /// True when a `install.trusted_keys` entry is a key's base64 line rather
    /// than a path: the line always starts with `RW` (base64 of `Ed`) and is
    /// made of base64 characters only (so no `.`, which a `.pub` path has).
    public static func isKeyLine(_ entry: String) -> Bool {
        entry.hasPrefix("RW") && entry.utf8.allSatisfy { base64Value($0) != nil || $0 == UInt8(ascii: "=") }
    }
}

/// A detached signify signature (`signify -S -m index.json` writes `index.json.sig`).
public struct SignifySignature: Sendable, Equatable {
    /// The key number of the key pair that made it.
    public var keyNumber: [UInt8]
    /// The raw 64-byte Ed25519 signature of the whole message.
    public var signature: [UInt8]

    static let byteCount = 2 + 8 + 64

    /// Parses a `.sig` file's bytes.
    ///
    /// - Throws: `SignifyFormatError` for a missing comment, bad base64, wrong size or algorithm.
    public init(parsingFile bytes: [UInt8]) throws(SignifyFormatError) {
        let blob = try signifyFileBlob(bytes, byteCount: SignifySignature.byteCount)
        keyNumber = Array(blob[2..<10])
        signature = Array(blob[10...])
    }
}

/// A key number as lowercase hex, for messages (signify itself never shows it).
public func keyNumberText(_ keyNumber: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(keyNumber.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}

/// The decoded second line of a signify file (`parseb64file`).
func signifyFileBlob(_ bytes: [UInt8], byteCount: Int) throws(SignifyFormatError) -> [UInt8] {
    let header = Array("untrusted comment: ".utf8)
    guard let commentEnd = bytes.firstIndex(of: UInt8(ascii: "\n")), commentEnd > header.count,
        bytes.starts(with: header)
    else { throw .noComment }
    guard commentEnd - header.count < 1024 else { throw .commentTooLong }
    let rest = bytes[(commentEnd + 1)...]
    guard let lineEnd = rest.firstIndex(of: UInt8(ascii: "\n")) else { throw .noNewlineAfterBase64 }
    return try signifyBlob(Array(rest[..<lineEnd]), byteCount: byteCount)
}

/// Decodes a base64 line that must hold exactly `byteCount` bytes starting with `Ed`.
func signifyBlob(_ line: [UInt8], byteCount: Int) throws(SignifyFormatError) -> [UInt8] {
    guard let blob = decodeBase64(line) else { throw .notBase64 }
    guard blob.count == byteCount else { throw .wrongLength(expected: byteCount, actual: blob.count) }
    guard blob[0] == UInt8(ascii: "E"), blob[1] == UInt8(ascii: "d") else {
        throw .unsupportedAlgorithm(String(decoding: blob[0..<2], as: UTF8.self))
    }
    return blob
}

/// Standard base64 (RFC 4648) as OpenBSD's `b64_pton` reads it: whitespace
/// is skipped, padding must be complete and last, and unused bits must be
/// zero; `nil` otherwise.
func decodeBase64(_ text: [UInt8]) -> [UInt8]? {
    let chars = text.filter { !($0 == 32 || (9...13).contains($0)) }
    guard chars.count % 4 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(chars.count / 4 * 3)
    var i = 0
    while i < chars.count {
        let isLast = i + 4 == chars.count
        let quad = chars[i..<(i + 4)]
        let padding = quad.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2, padding == 0 || isLast else { return nil }
        var value: UInt32 = 0
        for c in quad.dropLast(padding) {
            guard let v = base64Value(c) else { return nil }
            value = value << 6 | UInt32(v)
        }
        value <<= UInt32(6 * padding)
        let bytes = [UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
        guard bytes[(3 - padding)...].allSatisfy({ $0 == 0 }) else { return nil }
        out += bytes.prefix(3 - padding)
        i += 4
    }
    return out
}

func base64Value(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return c - UInt8(ascii: "A")
    case UInt8(ascii: "a")...UInt8(ascii: "z"): return c - UInt8(ascii: "a") + 26
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0") + 52
    case UInt8(ascii: "+"): return 62
    case UInt8(ascii: "/"): return 63
    default: return nil
    }
}
