/// An index feed page (schema 1 `index.json`): entries with absolute
/// download URLs, and the `next` page if any.
public struct FeedPage: Sendable {
    public var source: String
    public var entries: [FeedItem]
    public var next: String?
    /// Entries that failed validation, reported and skipped.
    public var warnings: [String]
}

/// A feed entry together with where its archive is downloaded from.
public struct FeedItem: Sendable, Equatable {
    public var entry: FeedEntry
    /// The entry's `url`, resolved against the feed's own URL.
    public var url: String?
    /// The feed (page) the entry came from.
    public var feed: String
}

/// A feed that cannot be used at all.
public enum FeedError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON(source: String, JSONSyntaxError)
    case notAFeed(source: String, reason: String)

    public var description: String {
        switch self {
        case .notJSON(let source, let e):
            return "The index \(source) is not valid JSON (\(e)). Check \"install.source\" or the --source option."
        case .notAFeed(let source, let reason):
            return "The index \(source) is not an index feed: \(reason). Check \"install.source\" or the --source option."
        }
    }
}

extension FeedPage {
    /// Parses one page; malformed entries become warnings naming the feed and JSON path.
    ///
    /// - Throws: `FeedError` when the text is not JSON or has no `versions` array.
    public init(parsing bytes: [UInt8], source: String) throws(FeedError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .notJSON(source: source, error)
        }
        guard let object = value.objectValue else { throw .notAFeed(source: source, reason: "expected a JSON object") }
        guard let versions = object["versions"]?.arrayValue else {
            throw .notAFeed(source: source, reason: "no \"versions\" array")
        }
        var entries: [FeedItem] = []
        var warnings: [String] = []
        for (n, item) in versions.enumerated() {
            guard let o = item.objectValue else {
                warnings.append("Skipping versions[\(n)] in \(source): expected an object.")
                continue
            }
            do {
                let entry = try FeedEntry(json: o, path: "versions[\(n)]")
                entries.append(FeedItem(entry: entry, url: entry.url.map { resolveURL($0, against: source) }, feed: source))
            } catch {
                let id = o["id"]?.stringValue.map { " (\($0))" } ?? ""
                warnings.append("Skipping \(error.path)\(id) in \(source): \(error.reason).")
            }
        }
        self.source = source
        self.entries = entries
        self.warnings = warnings
        if let next = object["next"]?.stringValue, !next.isEmpty {
            self.next = resolveURL(next, against: source)
        } else {
            self.next = nil
        }
    }
}

/// Resolves `reference` (absolute URL, absolute path or relative) against
/// `base` (an `http(s)://`/`file://` URL or a plain path), RFC 3986 style
/// for URLs, lexically for paths.
public func resolveURL(_ reference: String, against base: String) -> String {
    if reference.contains("://") { return reference }
    if let schemeEnd = base.firstRange(of: "://") {
        let afterScheme = base[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let root = String(base[..<authorityEnd])
        var basePath = String(base[authorityEnd...])
        if let q = basePath.firstIndex(where: { $0 == "?" || $0 == "#" }) { basePath = String(basePath[..<q]) }
        if reference.hasPrefix("/") { return root + Path.normalize(reference) }
        let dir = basePath.hasSuffix("/") ? basePath : Path.directory(of: basePath.isEmpty ? "/" : basePath)
        var joined = Path.normalize(Path.join(dir.isEmpty ? "/" : dir, reference))
        if !joined.hasPrefix("/") { joined = "/" + joined }
        return root + joined
    }
    return Path.resolve(reference, relativeTo: Path.directory(of: base))
}

/// Why no feed entry could be chosen to install.
public enum SelectionError: Error, Equatable, Sendable, CustomStringConvertible {
    case noMatch(request: String, source: String)
    case invalidRequest(TagError)
    case rangeNotAllowed(String)

    public var description: String {
        switch self {
        case .noMatch(let request, let source):
            return "No runtime matching '\(request)' was found in \(source). Run \"py list --online\" to see what it offers."
        case .invalidRequest(let e): return e.description
        case .rangeNotAllowed(let r):
            return "Ranges such as '\(r)' cannot be installed. Give a tag, such as 3.13."
        }
    }
}

/// What `py install <TAG>` installs from `items` (pymanager `find_to_install`),
/// and what `py list --online --one <TAG or range>` shows:
/// 1. with `defaultPlatform`, entries for that platform are preferred: the tag
///    plus that suffix, when the tag has no platform of its own; for a range,
///    entries whose tag ends with the suffix;
/// 2. the highest stable match, companies matched exactly;
/// 3. then a looser company match (prefix, other companies for a bare tag);
/// 4. prereleases only if nothing stable matches.
/// Among matches the highest `sort-version` wins, and of equal versions the
/// first in feed order, as pymanager's index does (so a preferred platform
/// that no entry has picks the feed's first build, e.g. 2.7-32 before 2.7-64).
///
/// - Parameter allowRange: ranges are refused unless true (`py install` cannot
///   install a range; `py list --online --one` can show one).
/// - Throws: `SelectionError.noMatch` naming the request.
public func selectEntry(
    _ items: [FeedItem], request: String, defaultPlatform: String?, source: String = "the index", allowRange: Bool = false
) throws(SelectionError) -> FeedItem {
    let parsed: TagRequest
    do {
        parsed = try TagRequest(parsing: request)
    } catch {
        throw .invalidRequest(error)
    }
    // Each pass is a request and, for ranges, a platform suffix the entry's tag must have.
    var passes: [(request: TagRequest, platform: String?)] = []
    let platform = defaultPlatform?.lowercased() ?? ""
    switch parsed {
    case .range:
        guard allowRange else { throw .rangeNotAllowed(request) }
        if !platform.isEmpty { passes.append((parsed, platform)) }
    case .tag(let t) where !platform.isEmpty && t.platform.isEmpty:
        passes.append((.tag(t.appending(suffix: platform)), nil))
    case .tag, .any:
        break
    }
    passes.append((parsed, nil))
    func matches(_ pass: (request: TagRequest, platform: String?), loose: Bool) -> [FeedItem] {
        items.filter { item in
            let e = item.entry
            if let suffix = pass.platform, !e.tag.lowercased().hasSuffix(suffix) { return false }
            return installMatchesAny(
                company: e.company, tag: e.tag, installFor: e.installFor, isDefault: false, requests: [pass.request],
                looseCompany: loose)
        }
    }
    for pass in passes {
        for loose in [false, true] {
            if let best = bestEntry(matches(pass, loose: loose).filter { !$0.entry.isPrerelease }) { return best }
        }
    }
    for pass in passes {
        if let best = bestEntry(matches(pass, loose: true)) { return best }
    }
    throw .noMatch(request: request, source: source)
}

/// The entry with the highest `sort-version`; of equal versions, the first in feed order.
func bestEntry(_ items: [FeedItem]) -> FeedItem? {
    var best: (FeedItem, Version)?
    for item in items {
        guard let v = try? Version(parsing: item.entry.sortVersion) else { continue }
        if best.map({ v > $0.1 }) ?? true { best = (item, v) }
    }
    return best?.0
}
