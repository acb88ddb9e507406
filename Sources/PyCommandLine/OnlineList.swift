import PyManagerCore
import PyManagerInstalls

/// `py list --online` / `--source`: the entries of an index feed.
///
/// `py` lists local feeds (plain paths, `file://` URLs) itself; a feed that
/// needs the network (an `http(s)://` page, or the fallback source) or a
/// signature check (`install.trusted_keys`) is listed by `py-manage`, which
/// links libcurl and swift-crypto.

/// The feed to read: `--source`, else `install.source`, else the bundled feed.
///
/// - Throws: `CommandFailure` saying how to set `install.source` when there is none.
public func feedSource(option: String?, context: Context) throws -> String {
    if let option, !option.isEmpty {
        return option.contains("://") ? option : Path.resolve(Path.expandUser(option, context.environment), relativeTo: context.workingDirectory)
    }
    if let source = context.feedSource { return source }
    throw CommandFailure(
        message: "No index is bundled for this machine (\(Host.feedTriple)). Set \"install.source\" in "
            + "~/.config/pymanager/pymanager.json or PYTHON_MANAGER_SOURCE_URL to an index.json URL or path.")
}

/// Rows for `py list --online`, from the feed chain `load` returns for a source.
///
/// With `--one`, exactly what `py install <TAG>` would install (`default` and no tag:
/// what `py install default` would); for a range, the entry `py install` would choose
/// if it took ranges.
public func onlineRows(_ list: ListCommand, requests: [TagRequest], load: (String) throws -> [FeedItem]) throws -> [ListRow] {
    let command = list.command
    let context = list.context
    let source = try feedSource(option: command.options["source"], context: context)
    let entries = try load(source)
    logFeedAge(entries, source: source, context: context, now: currentTime())
    if command.flag("one") {
        let installDefault = context.settings.defaultInstallTag ?? context.settings.defaultTag
        let tags = command.positionals.isEmpty ? [installDefault] : command.positionals
        for tag in tags {
            let text = TagRequest.isDefaultKeyword(tag) ? installDefault : tag
            do {
                let entry = try selectEntry(entries, request: text, defaultPlatform: context.settings.defaultPlatform, allowRange: true)
                return [ListRow(entry: entry.entry, url: entry.url)]
            } catch SelectionError.noMatch {
                continue
            } catch {
                throw UsageError(message: error.description, command: "list")
            }
        }
        return []
    }
    return entries.filter { e in
        requests.isEmpty
            || installMatchesAny(
                company: e.entry.company, tag: e.entry.tag, installFor: e.entry.installFor, isDefault: false,
                requests: requests, looseCompany: true)
    }.map { ListRow(entry: $0.entry, url: $0.url) }
}

/// Thrown by `loadLocalFeed` when the feed needs what only `py-manage` has.
struct FeedNeedsManager: Error {}

/// Reads a feed chain from local files, following `next`.
///
/// - Throws: `FeedNeedsManager` for an `http(s)://` page, or an unreadable
///   page when `install.fallback_source` is set (py-manage then tries it);
///   `CommandFailure` for an unreadable or invalid feed otherwise.
func loadLocalFeed(_ source: String, context: Context) throws -> [FeedItem] {
    var items: [FeedItem] = []
    var seen: Set<String> = []
    var next: String? = source
    while let page = next {
        guard let path = localPath(page) else { throw FeedNeedsManager() }
        guard seen.insert(page).inserted, seen.count <= 200 else {
            throw CommandFailure(message: "The index \(source) has a loop of \"next\" pages. Fix the feed's \"next\" links.")
        }
        let bytes: [UInt8]
        do {
            bytes = try Posix.readFileOrThrow(path)
        } catch {
            if let fallback = context.settings.fallbackSource, !fallback.isEmpty { throw FeedNeedsManager() }
            throw CommandFailure(message: "\(error) Check \"install.source\" or the --source option.")
        }
        let parsed: FeedPage
        do {
            parsed = try FeedPage(parsing: bytes, source: page)
        } catch {
            throw CommandFailure(message: error.description)
        }
        for w in parsed.warnings { context.log.warn(w) }
        items += parsed.entries
        next = parsed.next
    }
    return items
}

/// The file a local feed URL names: a plain path, or a `file://` URL
/// (percent-decoded); `nil` for other schemes.
func localPath(_ source: String) -> String? {
    guard source.contains("://") else { return source }
    guard source.lowercased().hasPrefix("file://") else { return nil }
    var rest = Array(source.utf8.dropFirst(7))
    // file://localhost/x and file:///x both name /x.
    if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
        let host = String(decoding: rest[..<slash], as: UTF8.self)
        guard host.isEmpty || host == "localhost" else { return nil }
        rest = Array(rest[slash...])
    }
    var decoded: [UInt8] = []
    var i = 0
    while i < rest.count {
        if rest[i] == UInt8(ascii: "%"), i + 2 < rest.count,
            let value = UInt8(String(decoding: rest[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
        {
            decoded.append(value)
            i += 3
        } else {
            decoded.append(rest[i])
            i += 1
        }
    }
    return String(decoding: decoded, as: UTF8.self)
}

/// `py list --online` for a local feed, in this process; `nil` when it needs
/// `py-manage`: a network page, or `install.trusted_keys` (checking
/// signatures needs swift-crypto, which `py` does not link).
func listLocalFeed(_ command: ParsedCommand) throws -> Int32? {
    if let status = try showHelpIfAsked(command) { return status }
    let context = try loadContext(for: command)
    guard context.settings.trustedKeys.isEmpty else { return nil }
    guard let source = try? feedSource(option: command.options["source"], context: context), localPath(source) != nil else {
        return nil
    }
    do {
        return try ListCommand(command: command, context: context, online: { list, requests in
            try onlineRows(list, requests: requests, load: { try loadLocalFeed($0, context: context) })
        }).run()
    } catch is FeedNeedsManager {
        return nil
    }
}
