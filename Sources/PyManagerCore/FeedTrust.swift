/// Which feed pages must be signed, by which keys (DESIGN.md "Trust").
///
/// Rules, pure (the loader fetches `<page>.sig` and checks Ed25519):
/// 1. With no trusted keys, nothing is checked: unsigned feeds work.
/// 2. The feed bundled with `py` and its own pages (`index-<host>.json`,
///    `index-<host>-legacy.json` beside it) are trusted as part of `py`.
/// 3. Every other page (`--source`, `install.source`, `install.fallback_source`,
///    `next` pages; `http(s)://`, `file://` or a plain path) needs a valid
///    signature at `<page URL>.sig` by a trusted key, or none of it is used.
public struct FeedTrust: Sendable {
    public var keys: [SignifyKey]
    /// The path of the feed bundled for this host, if any.
    public var bundledFeed: String?

    public init(keys: [SignifyKey], bundledFeed: String? = nil) {
        self.keys = keys
        self.bundledFeed = bundledFeed
    }

    /// True when `page` must carry a valid signature before it is used.
    public func requiresSignature(_ page: String) -> Bool {
        guard !keys.isEmpty else { return false }
        if let bundled = bundledFeed.map(Path.normalize), !page.contains("://") {
            let path = Path.normalize(page)
            let stem = Path.basename(bundled).dropLast(".json".count)
            if Path.directory(of: path) == Path.directory(of: bundled), Path.basename(path).hasPrefix(stem),
                path.hasSuffix(".json")
            {
                return false
            }
        }
        return true
    }

    /// Where a page's detached signature is: `<page URL>.sig`, as `signify -S -m` writes it.
    public static func signatureURL(for page: String) -> String { page + ".sig" }

    /// The trusted keys that may have made `signature` (the same key number).
    ///
    /// - Throws: `FeedSignatureError.untrustedKey` when no trusted key has its number.
    public func candidates(for signature: SignifySignature, page: String) throws(FeedSignatureError) -> [SignifyKey] {
        let matching = keys.filter { $0.keyNumber == signature.keyNumber }
        guard !matching.isEmpty else {
            throw .untrustedKey(page: page, keyNumber: keyNumberText(signature.keyNumber), trusted: keys.map { keyNumberText($0.keyNumber) })
        }
        return matching
    }

    /// Reads `install.trusted_keys` entries: a key's base64 line, or a path to a `.pub` file.
    ///
    /// - Parameter readFile: the file's bytes, or the reason it cannot be read.
    /// - Throws: `FeedSignatureError.unreadableKey` or `.malformedKey` naming the entry.
    public static func keys(
        from entries: [String], readFile: (String) -> Result<[UInt8], ReadFailure>
    ) throws(FeedSignatureError) -> [SignifyKey] {
        var keys: [SignifyKey] = []
        for entry in entries {
            var bytes: [UInt8]?
            if !SignifyKey.isKeyLine(entry) {
                switch readFile(entry) {
                case .success(let read): bytes = read
                case .failure(let failure): throw .unreadableKey(path: entry, reason: failure.reason)
                }
            }
            let key: SignifyKey
            do {
                if let bytes { key = try SignifyKey(parsingFile: bytes) } else { key = try SignifyKey(parsingLine: entry) }
            } catch {
                throw .malformedKey(entry: entry, reason: error)
            }
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// Why a file could not be read (the `errno` text).
    public struct ReadFailure: Error, Sendable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }
}

/// A feed page that cannot be trusted, or a trusted key that cannot be used.
/// Each message names the page or key and what to do; pages are URLs as
/// shown to the user (the loader strips credentials before throwing).
public enum FeedSignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `<page>.sig` could not be read (`reason`: HTTP 404, no such file, …).
    case missing(page: String, reason: String)
    /// `<page>.sig` is not a signify signature.
    case malformedSignature(page: String, reason: SignifyFormatError)
    /// The signature was made by a key that is not in `install.trusted_keys`.
    case untrustedKey(page: String, keyNumber: String, trusted: [String])
    /// The signature does not match the page: changed after signing, or a corrupt signature.
    case badSignature(page: String)
    /// A `install.trusted_keys` entry is not a signify public key.
    case malformedKey(entry: String, reason: SignifyFormatError)
    /// A `install.trusted_keys` path could not be read.
    case unreadableKey(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let page, let reason):
            let sig = FeedTrust.signatureURL(for: page)
            return "The index \(page) is not signed (\(sig): \(reason)), and \"install.trusted_keys\" "
                + "requires a signature; nothing from it was used. Sign it with: signify -S -s KEY.sec -m index.json"
        case .malformedSignature(let page, let reason):
            return "The signature \(FeedTrust.signatureURL(for: page)) is not a signify signature: \(reason); "
                + "nothing from \(page) was used. Sign the index again with signify -S."
        case .untrustedKey(let page, let keyNumber, let trusted):
            return "The index \(page) is signed by key \(keyNumber), which is not in \"install.trusted_keys\" "
                + "(trusted: \(trusted.joined(separator: ", "))); nothing from it was used."
        case .badSignature(let page):
            return "The signature \(FeedTrust.signatureURL(for: page)) does not match the index \(page): "
                + "the index was changed after it was signed, or the signature is corrupt; nothing from it was used."
        case .malformedKey(let entry, let reason):
            return "The trusted key '\(entry)' in \"install.trusted_keys\" is not a signify public key: \(reason). "
                + "Give the path of a .pub file from signify -G, or its base64 line."
        case .unreadableKey(let path, let reason):
            return "Cannot read the trusted key \(path) from \"install.trusted_keys\": \(reason). "
                + "Fix the path in the configuration, or give the key's base64 line instead."
        }
    }
}
