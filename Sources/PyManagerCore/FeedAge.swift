/// How old a feed is, judged by the newest python-build-standalone release
/// its archive URLs name (`…/releases/download/20261021/…`).
///
/// Feeds have no date key (pymanager rejects unknown keys), and our
/// generator is deterministic, so the newest release date in the data is
/// the feed's date. "Now" is a parameter: this file never reads the clock.
/// Feeds without such URLs (python.org's, a mirror with relative URLs)
/// have no age.
public struct FeedAge: Equatable, Sendable, CustomStringConvertible {
    /// After this many days `py install` suggests refreshing the bundled feed.
    public static let staleAfterDays = 90
    /// The command that regenerates the bundled feeds (Index/README.md).
    public static let refreshCommand = "scripts/refresh-index.sh"

    /// The newest release date found, `2026-10-21`.
    public var newestBuild: CalendarDate
    /// Whole days from `newestBuild` to now (0 when now is earlier).
    public var days: Int

    /// The age at `now` (seconds since 1970, UTC) of a feed listing `urls`;
    /// `nil` when no URL names a python-build-standalone release.
    ///
    /// Example: a URL `…/releases/download/20261021/cpython-3.15.1%2B20261021-….tar.gz`
    /// and now = 2026-12-06T12:00Z give `newestBuild` 2026-10-21 and `days` 46.
    public init?(urls: some Sequence<String>, now: Int64) {
        var newest: CalendarDate?
        for url in urls {
            guard let date = Self.releaseDate(in: url) else { continue }
            if newest.map({ date > $0 }) ?? true { newest = date }
        }
        guard let newest else { return nil }
        newestBuild = newest
        let today = now >= 0 ? now / 86_400 : (now - 86_399) / 86_400
        days = max(0, Int(today) - newest.daysSince1970)
    }

    /// True when the feed is older than `staleAfterDays`.
    public var isStale: Bool { days > Self.staleAfterDays }

    /// `newest build 2026-10-21, 46 days old`.
    public var description: String {
        "newest build \(newestBuild), \(days) \(days == 1 ? "day" : "days") old"
    }

    /// The one-line hint `py install` prints for a stale bundled feed; `nil` when it is fresh.
    public var staleHint: String? {
        guard isStale else { return nil }
        return "Hint: The bundled index is \(days) days old (newest build \(newestBuild)); newer runtimes may exist. "
            + "Refresh it with \(Self.refreshCommand), or set \"install.source\" to a current index."
    }

    /// The `YYYYMMDD` path segment after `/releases/download/`, if it is a real date.
    static func releaseDate(in url: String) -> CalendarDate? {
        let parts = url.split(separator: "/", omittingEmptySubsequences: false)
        guard let i = parts.indices.first(where: { $0 + 2 < parts.count && parts[$0] == "releases" && parts[$0 + 1] == "download" })
        else { return nil }
        let segment = parts[i + 2]
        guard segment.count == 8, segment.allSatisfy({ $0 >= "0" && $0 <= "9" }), let n = Int(segment) else { return nil }
        return CalendarDate(year: n / 10_000, month: n / 100 % 100, day: n % 100)
    }
}

/// A proleptic Gregorian date (UTC), `2026-10-21`.
public struct CalendarDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// `nil` for dates that do not exist (month 13, February 30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
