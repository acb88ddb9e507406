import PyManagerCore
import Testing

/// Made with `signify-openbsd -G -n -c "test key"` and `-S -m index.json`.
private let keyLine = "RWTqkKZaryWwABV6fkWeweGUg2J8jmRdS6fA4pWPl+DH72Utvmi7GxSE"
private let keyFile = "untrusted comment: test key public key\n\(keyLine)\n"
private let sigLine = "RWTqkKZaryWwAJ+10aevHEUpZOU+sPJKTcZrdABtffeZpgunIWhXoeqj2D42mOSWmMm+q41n2iNpgGrbuT9oVmUY9XeDyhxo6gk="
private let sigFile = "untrusted comment: verify with k.pub\n\(sigLine)\n"
private let keyNumber = "ea90a65aaf25b000"

struct SignifyRow: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    /// The key number in hex, or the error.
    var expected: Result<String, SignifyFormatError>
    var testDescription: String { name }
}

@Suite("signify key and signature files")
struct SignifyFileTests {
    static let keyRows: [SignifyRow] = [
        SignifyRow(name: "a key from signify -G", text: keyFile, expected: .success(keyNumber)),
        SignifyRow(name: "CRLF line ends", text: "untrusted comment: k\r\n\(keyLine)\r\n", expected: .success(keyNumber)),
        SignifyRow(name: "text after the key line is ignored", text: keyFile + "more\n", expected: .success(keyNumber)),
        SignifyRow(name: "spaces inside base64 are skipped", text: "untrusted comment: k\n RWTq kKZa\tryWwABV6fkWeweGUg2J8jmRdS6fA4pWPl+DH72Utvmi7GxSE\n", expected: .success(keyNumber)),
        SignifyRow(name: "empty file", text: "", expected: .failure(.noComment)),
        SignifyRow(name: "base64 line only", text: keyLine + "\n", expected: .failure(.noComment)),
        SignifyRow(name: "comment header without text", text: "untrusted comment: \n\(keyLine)\n", expected: .failure(.noComment)),
        SignifyRow(name: "other comment header", text: "trusted comment: k\n\(keyLine)\n", expected: .failure(.noComment)),
        SignifyRow(name: "header in upper case", text: "UNTRUSTED COMMENT: k\n\(keyLine)\n", expected: .failure(.noComment)),
        SignifyRow(name: "comment of 1024 bytes", text: "untrusted comment: " + String(repeating: "c", count: 1024) + "\n\(keyLine)\n", expected: .failure(.commentTooLong)),
        SignifyRow(name: "comment of 1023 bytes", text: "untrusted comment: " + String(repeating: "c", count: 1023) + "\n\(keyLine)\n", expected: .success(keyNumber)),
        SignifyRow(name: "no newline after base64", text: "untrusted comment: k\n\(keyLine)", expected: .failure(.noNewlineAfterBase64)),
        SignifyRow(name: "comment line only", text: "untrusted comment: k\n", expected: .failure(.noNewlineAfterBase64)),
        SignifyRow(name: "empty base64 line", text: "untrusted comment: k\n\n", expected: .failure(.wrongLength(expected: 42, actual: 0))),
        SignifyRow(name: "a character outside base64", text: "untrusted comment: k\n\(keyLine.dropLast())!\n", expected: .failure(.notBase64)),
        SignifyRow(name: "base64 cut short", text: "untrusted comment: k\n\(keyLine.dropLast(2))\n", expected: .failure(.notBase64)),
        SignifyRow(name: "padding in the middle", text: "untrusted comment: k\nRW==\(keyLine.dropFirst(4))\n", expected: .failure(.notBase64)),
        SignifyRow(name: "one byte short", text: "untrusted comment: k\nRWTqkKZaryWwABV6fkWeweGUg2J8jmRdS6fA4pWPl+DH72Utvmi7GxQ=\n", expected: .failure(.wrongLength(expected: 42, actual: 41))),
        SignifyRow(name: "a signature file given as a key", text: sigFile, expected: .failure(.wrongLength(expected: 42, actual: 74))),
        SignifyRow(name: "not Ed25519", text: "untrusted comment: k\nWGTqkKZaryWwABV6fkWeweGUg2J8jmRdS6fA4pWPl+DH72Utvmi7GxSE\n", expected: .failure(.unsupportedAlgorithm("Xd"))),
        SignifyRow(name: "non-zero bits after the last byte", text: "untrusted comment: k\nRWTqkKZaryWwABV6fkWeweGUg2J8jmRdS6fA4pWPl+DH72Utvmi7GxR=\n", expected: .failure(.notBase64)),
    ]

    @Test("key files", arguments: keyRows)
    func keyFiles(_ row: SignifyRow) {
        let result = Result { () throws(SignifyFormatError) in try SignifyKey(parsingFile: Array(row.text.utf8)) }
        #expect(result.map { keyNumberText($0.keyNumber) } == row.expected)
    }

    static let signatureRows: [SignifyRow] = [
        SignifyRow(name: "a signature from signify -S", text: sigFile, expected: .success(keyNumber)),
        SignifyRow(name: "a key file given as a signature", text: keyFile, expected: .failure(.wrongLength(expected: 74, actual: 42))),
        SignifyRow(name: "padding missing", text: "untrusted comment: s\n\(sigLine.dropLast())\n", expected: .failure(.notBase64)),
        SignifyRow(name: "no comment", text: sigLine + "\n", expected: .failure(.noComment)),
        SignifyRow(name: "HTML error page", text: "<html><body>Not found</body></html>\n", expected: .failure(.noComment)),
        SignifyRow(name: "no newline after base64", text: "untrusted comment: s\n\(sigLine)", expected: .failure(.noNewlineAfterBase64)),
    ]

    @Test("signature files", arguments: signatureRows)
    func signatureFiles(_ row: SignifyRow) {
        let result = Result { () throws(SignifyFormatError) in try SignifySignature(parsingFile: Array(row.text.utf8)) }
        #expect(result.map { keyNumberText($0.keyNumber) } == row.expected)
    }

    @Test("a signature holds 64 bytes and a key 32")
    func sizes() throws {
        let key = try SignifyKey(parsingFile: Array(keyFile.utf8))
        let sig = try SignifySignature(parsingFile: Array(sigFile.utf8))
        #expect(key.publicKey.count == 32)
        #expect(sig.signature.count == 64)
        #expect(key.keyNumber == sig.keyNumber)
    }

    static let lineRows: [SignifyRow] = [
        SignifyRow(name: "the key line", text: keyLine, expected: .success(keyNumber)),
        SignifyRow(name: "the key line with spaces around", text: " \(keyLine) ", expected: .success(keyNumber)),
        SignifyRow(name: "a truncated key line", text: String(keyLine.dropLast(4)), expected: .failure(.wrongLength(expected: 42, actual: 39))),
        SignifyRow(name: "a signature line", text: sigLine, expected: .failure(.wrongLength(expected: 42, actual: 74))),
        SignifyRow(name: "a whole key file", text: keyFile, expected: .failure(.notBase64)),
    ]

    @Test("key lines", arguments: lineRows)
    func keyLines(_ row: SignifyRow) {
        let result = Result { () throws(SignifyFormatError) in try SignifyKey(parsingLine: row.text) }
        #expect(result.map { keyNumberText($0.keyNumber) } == row.expected)
    }

    @Test(
        "a trusted_keys entry is a key line only when it looks like one",
        arguments: [
            (keyLine, true), (String(keyLine.dropLast(4)), true), ("RWxyz=", true),
            ("keys/admin.pub", false), ("/etc/pymanager/admin.pub", false), ("RW.pub", false),
            ("admin", false), ("~/keys/RWT", false), ("", false),
        ])
    func keyLineDetection(_ entry: String, _ isLine: Bool) {
        #expect(SignifyKey.isKeyLine(entry) == isLine)
    }
}

@Suite("Feed trust rules")
struct FeedTrustTests {
    static var key: SignifyKey {
        get throws { try SignifyKey(parsingLine: keyLine) }
    }

    @Test(
        "which pages need a signature",
        arguments: [
            ("https://mirror.example/index.json", true),
            ("file:///usr/share/pymanager/index-linux-x86_64-gnu.json", true),
            ("/srv/mirror/index.json", true),
            ("/usr/share/pymanager/index-linux-x86_64-gnu.json", false),
            ("/usr/share/pymanager/index-linux-x86_64-gnu-legacy.json", false),
            ("/usr/share/pymanager/../pymanager/index-linux-x86_64-gnu.json", false),
            ("/usr/share/pymanager/index.json", true),
            ("/usr/share/pymanager/index-linux-aarch64-gnu.json", true),
            ("/usr/share/pymanager/index-linux-x86_64-gnu.json.sig", true),
            ("/usr/share/pymanager/mirror/index-linux-x86_64-gnu.json", true),
            ("/usr/share/index-linux-x86_64-gnu.json", true),
        ])
    func requiresSignature(_ page: String, _ required: Bool) throws {
        let trust = FeedTrust(keys: [try FeedTrustTests.key], bundledFeed: "/usr/share/pymanager/index-linux-x86_64-gnu.json")
        #expect(trust.requiresSignature(page) == required)
        #expect(!FeedTrust(keys: [], bundledFeed: nil).requiresSignature(page), "no keys: nothing is checked")
    }

    @Test("the signature is the page URL plus .sig")
    func signatureURL() {
        #expect(FeedTrust.signatureURL(for: "https://m.example/a/index.json") == "https://m.example/a/index.json.sig")
        #expect(FeedTrust.signatureURL(for: "/srv/m/index.json") == "/srv/m/index.json.sig")
    }

    @Test("a signature by a key that is not trusted names both key numbers")
    func untrusted() throws {
        let key = try FeedTrustTests.key
        var other = key
        other.keyNumber = [1, 2, 3, 4, 5, 6, 7, 8]
        let sig = try SignifySignature(parsingFile: Array(sigFile.utf8))
        let trust = FeedTrust(keys: [other])
        #expect(throws: FeedSignatureError.untrustedKey(page: "p", keyNumber: keyNumber, trusted: ["0102030405060708"])) {
            try trust.candidates(for: sig, page: "p")
        }
        #expect(try FeedTrust(keys: [other, key]).candidates(for: sig, page: "p") == [key])
    }

    struct KeysRow: CustomTestStringConvertible, Sendable {
        var name: String
        var entries: [String]
        var expected: Result<[String], FeedSignatureError>
        var testDescription: String { name }
    }

    static let files: [String: String] = [
        "/k/admin.pub": keyFile,
        "/k/sig.sig": sigFile,
        "/k/empty.pub": "",
    ]

    static let keysRows: [KeysRow] = [
        KeysRow(name: "no entries", entries: [], expected: .success([])),
        KeysRow(name: "a .pub file", entries: ["/k/admin.pub"], expected: .success([keyNumber])),
        KeysRow(name: "a key line", entries: [keyLine], expected: .success([keyNumber])),
        KeysRow(name: "the same key twice counts once", entries: [keyLine, "/k/admin.pub"], expected: .success([keyNumber])),
        KeysRow(name: "a missing file", entries: ["/k/nope.pub"], expected: .failure(.unreadableKey(path: "/k/nope.pub", reason: "No such file or directory"))),
        KeysRow(name: "an empty file", entries: ["/k/empty.pub"], expected: .failure(.malformedKey(entry: "/k/empty.pub", reason: .noComment))),
        KeysRow(name: "a signature file", entries: ["/k/sig.sig"], expected: .failure(.malformedKey(entry: "/k/sig.sig", reason: .wrongLength(expected: 42, actual: 74)))),
        KeysRow(name: "a bad line after a good one", entries: [keyLine, "RWTq"], expected: .failure(.malformedKey(entry: "RWTq", reason: .wrongLength(expected: 42, actual: 3)))),
    ]

    @Test("reading install.trusted_keys", arguments: keysRows)
    func keys(_ row: KeysRow) {
        let result = Result { () throws(FeedSignatureError) in
            try FeedTrust.keys(from: row.entries) { path in
                FeedTrustTests.files[path].map { .success(Array($0.utf8)) } ?? .failure(.init(reason: "No such file or directory"))
            }
        }
        #expect(result.map { $0.map { keyNumberText($0.keyNumber) } } == row.expected)
    }

    @Test("every message is one line naming the page or key")
    func messages() {
        let errors: [(FeedSignatureError, String)] = [
            (.missing(page: "https://m/i.json", reason: "HTTP 404"), "https://m/i.json.sig: HTTP 404"),
            (.malformedSignature(page: "/m/i.json", reason: .noComment), "/m/i.json.sig is not a signify signature"),
            (.untrustedKey(page: "/m/i.json", keyNumber: "aa", trusted: ["bb"]), "signed by key aa, which is not in"),
            (.badSignature(page: "/m/i.json"), "does not match the index /m/i.json"),
            (.malformedKey(entry: "RWx", reason: .notBase64), "'RWx'"),
            (.unreadableKey(path: "/k.pub", reason: "Permission denied"), "/k.pub"),
        ]
        for (error, part) in errors {
            #expect(error.description.contains(part))
            #expect(!error.description.contains("\n"))
        }
    }
}
