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

/// What `py install <TAG>` installs from `items` (pymanager `find_to_install`):
/// 1. with `defaultPlatform`, entries matching the tag plus that suffix are
///    preferred, when the tag has no platform of its own;
/// 2. the highest stable match, companies matched exactly;
/// 3. then a looser company match (prefix, other companies for a bare tag);
/// 4. prereleases only if nothing stable matches.
/// Among matches: higher `sort-version` first, then tag preference.
///
/// - Throws: `SelectionError.noMatch` naming the request.
public func selectEntry(_ items: [FeedItem], request: String, defaultPlatform: String?, source: String = "the index") throws(SelectionError) -> FeedItem {
    let parsed: TagRequest
    do {
        parsed = try TagRequest(parsing: request)
    } catch {
        throw .invalidRequest(error)
    }
    if case .range = parsed { throw .rangeNotAllowed(request) }
    var patterns: [TagRequest] = []
    if let platform = defaultPlatform, !platform.isEmpty, case .tag(let t) = parsed, t.platform.isEmpty {
        patterns.append(.tag(t.appending(suffix: platform)))
    }
    patterns.append(parsed)
    for pattern in patterns {
        for loose in [false, true] {
            let matches = items.filter {
                installMatchesAny(
                    company: $0.entry.company, tag: $0.entry.tag, installFor: $0.entry.installFor, isDefault: false,
                    requests: [pattern], looseCompany: loose)
            }
            if let best = bestEntry(matches.filter { !$0.entry.isPrerelease }) { return best }
        }
    }
    for pattern in patterns {
        let matches = items.filter {
            installMatchesAny(
                company: $0.entry.company, tag: $0.entry.tag, installFor: $0.entry.installFor, isDefault: false,
                requests: [pattern], looseCompany: true)
        }
        if let best = bestEntry(matches) { return best }
    }
    throw .noMatch(request: request, source: source)
}

func bestEntry(_ items: [FeedItem]) -> FeedItem? {
    var best: (FeedItem, Version, Tag)?
    for item in items {
        guard let v = try? Version(parsing: item.entry.sortVersion) else { continue }
        let t = Tag(company: item.entry.company, tag: item.entry.tag)
        guard let current = best else {
            best = (item, v, t)
            continue
        }
        if v > current.1 || (v == current.1 && Tag.isPreferred(t, over: current.2)) { best = (item, v, t) }
    }
    return best?.0
}
