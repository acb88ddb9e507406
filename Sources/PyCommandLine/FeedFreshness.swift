import Glibc
import PyManagerCore
import PyManagerInstalls

// How old the bundled feed is (`FeedAge`). Only `py help`, `py list
// --online -v` and `py install` ask; a launch never reads a feed.

/// Seconds since 1970 (UTC): the one place these commands read the clock.
public func currentTime() -> Int64 { Int64(time(nil)) }

/// The age of the feed page at `path`, from its own URLs; `nil` when it is
/// unreadable or names no python-build-standalone release. The first page
/// is enough: it holds the newest build of every minor line.
func feedAge(ofPage path: String, now: Int64) -> FeedAge? {
    guard let bytes = Posix.readFile(path), let page = try? FeedPage(parsing: bytes, source: path) else { return nil }
    return FeedAge(urls: page.entries.compactMap(\.url), now: now)
}

/// The last line of `py help`: `Bundled index: <path> (newest build 2026-10-21, 46 days old)`.
func bundledFeedLine(binary: String?, now: Int64) -> String {
    guard let path = Host.bundledFeed(binary: binary) else {
        return "Bundled index: none for this machine (\(Host.feedTriple)); set \"install.source\" to an index."
    }
    guard let age = feedAge(ofPage: path, now: now) else { return "Bundled index: \(path)" }
    return "Bundled index: \(path) (\(age))"
}

/// The overview `py help` prints, followed by the bundled feed's age.
func overviewHelp() -> String {
    (HelpText.text(for: nil) ?? "") + "\n\n" + bundledFeedLine(binary: Posix.executablePath(), now: currentTime())
}

/// `py list --online -v` and `py install -v` say how old the feed is.
public func logFeedAge(_ items: [FeedItem], source: String, context: Context, now: Int64) {
    guard context.log.wouldLog(LogLevel.verbose), let age = FeedAge(urls: items.lazy.compactMap(\.url), now: now) else { return }
    context.log.verbose("Index \(source): \(age).")
}

/// The one-line hint `py install` gives when it used the bundled feed
/// (no `--source`, no `install.source`) and that feed is stale.
public func staleBundledFeedHint(_ items: [FeedItem], sourceOption: String?, context: Context, now: Int64) -> String? {
    guard sourceOption == nil, context.settings.source == nil else { return nil }
    return FeedAge(urls: items.lazy.compactMap(\.url), now: now)?.staleHint
}
