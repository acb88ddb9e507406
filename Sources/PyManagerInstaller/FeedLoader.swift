import PyManagerArchive
import PyManagerCore
import PyManagerHTTP
import PyManagerInstalls

/// Why installing (or reading a feed) failed. Cases carry the cause.
public enum InstallError: Error, CustomStringConvertible {
    case http(HTTPError)
    case file(PosixError)
    case feed(FeedError)
    case archive(ArchiveError)
    case selection(SelectionError)
    /// A feed page is unsigned, badly signed or signed by an untrusted key
    /// (`install.trusted_keys`), or a trusted key is unusable.
    case signature(FeedSignatureError)
    /// The downloaded file's SHA-256 is not the feed's.
    case hashMismatch(url: String, expected: String, actual: String)
    /// The entry has no `hash`, so the download cannot be verified.
    case noHash(id: String, feed: String)
    /// The entry has no `url`.
    case noURL(id: String, feed: String)
    /// The source could not be reached and neither could the fallback.
    case sourceAndFallbackFailed(source: String, sourceError: String, fallback: String, fallbackError: String)
    /// `next` links loop or run on for too long.
    case feedLoop(source: String)
    /// The extracted runtime has no `executable` at the expected place.
    case missingExecutable(id: String, path: String)
    /// `<install_dir>/<id>` exists but is not an install of ours (no `__install__.json`).
    case notOurInstall(path: String)
    /// The extracted runtime failed to start (`command` is what was run).
    case runtimeDoesNotStart(id: String, command: String, detail: String)

    public var description: String {
        switch self {
        case .http(let e): return e.description
        case .file(let e): return e.description
        case .feed(let e): return e.description
        case .archive(let e):
            switch e {
            case .exceedsLimit(_, .expandedSize(_)):
                return e.description + " To allow larger archives, raise \"install.max_expanded_size\" (bytes) in your configuration."
            case .exceedsLimit(_, .memberCount(_)):
                return e.description + " To allow more members, raise \"install.max_members\" in your configuration."
            default:
                return e.description
            }
        case .selection(let e): return e.description
        case .signature(let e): return e.description
        case .hashMismatch(let url, let expected, let actual):
            return "The download of \(redacted(url)) is corrupt: SHA-256 \(actual), expected \(expected). "
                + "The file was deleted and nothing was installed; try again, and report the index if it keeps failing."
        case .noHash(let id, let feed):
            return "Refusing to install '\(id)' from \(redacted(feed)): the index gives no SHA-256 hash to verify the download."
        case .noURL(let id, let feed):
            return "Cannot install '\(id)' from \(redacted(feed)): the index gives no download URL."
        case .sourceAndFallbackFailed(let source, let sourceError, let fallback, let fallbackError):
            return "Could not read the index \(redacted(source)) (\(sourceError)) nor the fallback \(redacted(fallback)) (\(fallbackError))."
        case .feedLoop(let source):
            return "The index \(redacted(source)) has a loop of \"next\" pages. Fix the feed's \"next\" links."
        case .missingExecutable(let id, let path):
            return "The archive for '\(id)' has no executable at \(path). The index entry's \"executable\" is wrong; nothing was installed."
        case .runtimeDoesNotStart(let id, let command, let detail):
            return "The runtime '\(id)' was extracted but does not start ('\(command)': \(detail)), so it was not installed. "
                + "The archive may not suit this machine; report it to the index's maintainer."
        case .notOurInstall(let path):
            return "\(path) already exists but was not installed by py (it has no __install__.json), so it was left alone "
                + "and nothing was installed. Move or remove it, then install again."
        }
    }
}

/// Reads index feeds from `http(s)://`, `file://` or plain paths, following
/// `next`, and checks each page's signature when `trust` has keys.
public struct FeedLoader {
    public var client: HTTPClient
    public var log: Log
    public var trust: FeedTrust

    public init(client: HTTPClient, log: Log, trust: FeedTrust = FeedTrust(keys: [])) {
        self.client = client
        self.log = log
        self.trust = trust
    }

    /// Every entry of `source` and its `next` pages, in order.
    ///
    /// When `source` cannot be reached and `fallback` is given, the fallback
    /// is read instead (with a warning). A malformed entry is a warning.
    public func load(_ source: String, fallback: String? = nil) throws(InstallError) -> [FeedItem] {
        do {
            return try loadChain(source)
        } catch {
            guard let fallback, !fallback.isEmpty, isUnreachable(error) else { throw error }
            log.warn("Could not read the index \(redacted(source)): \(error) Using the fallback \(redacted(fallback)).")
            do {
                return try loadChain(fallback)
            } catch let second {
                throw .sourceAndFallbackFailed(
                    source: source, sourceError: "\(error)", fallback: fallback, fallbackError: "\(second)")
            }
        }
    }

    func isUnreachable(_ error: InstallError) -> Bool {
        switch error {
        case .http, .file: return true
        default: return false
        }
    }

    func loadChain(_ source: String) throws(InstallError) -> [FeedItem] {
        var items: [FeedItem] = []
        var seen: Set<String> = []
        var next: String? = source
        while let url = next {
            guard seen.insert(url).inserted, seen.count <= 200 else { throw .feedLoop(source: source) }
            let bytes = try fetch(url)
            try verifySignature(of: url, bytes: bytes)
            let page: FeedPage
            do {
                page = try FeedPage(parsing: bytes, source: url)
            } catch {
                throw .feed(error)
            }
            for w in page.warnings { log.warn(w) }
            log.debug("Read \(page.entries.count) entries from \(redacted(url))")
            items += page.entries
            next = page.next
        }
        return items
    }

    /// The bytes of a feed: libcurl for URLs, a plain read for paths.
    public func fetch(_ source: String) throws(InstallError) -> [UInt8] {
        if source.contains("://") {
            do {
                return try client.get(source)
            } catch {
                throw .http(error)
            }
        }
        do {
            return try Posix.readFileOrThrow(source)
        } catch {
            throw .file(error)
        }
    }
}
