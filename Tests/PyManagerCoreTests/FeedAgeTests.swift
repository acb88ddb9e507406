import PyManagerCore
import Testing

@Suite("Feed age")
struct FeedAgeTests {
    static let pbs = "https://github.com/astral-sh/python-build-standalone/releases/download/"
    static let newest = pbs + "20261021/cpython-3.15.1%2B20261021-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz"
    static let older = pbs + "20260814/cpython-3.14.7%2B20260814-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz"
    static let pypy = "https://downloads.python.org/pypy/pypy3.11-v8.0.1-linux64.tar.gz"
    static let graalpy = "https://github.com/oracle/graalpython/releases/download/graal-25.0.1/graalpy-25.0.1-linux-amd64.tar.gz"
    /// 2026-12-06T12:00:00Z.
    static let december6 = Int64(1_796_558_400)

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var urls: [String]
        var now: Int64
        /// `<newest build> <days>`, or nil for "no age".
        var expected: String?
        var testDescription: String { name }
    }

    @Test("the age is the days since the newest release the URLs name", arguments: [
        Row(name: "one release", urls: [newest], now: december6, expected: "2026-10-21 46"),
        Row(name: "the newest of several, in any order", urls: [older, pypy, newest, older], now: december6, expected: "2026-10-21 46"),
        Row(name: "the release day itself", urls: [newest], now: 1_792_540_800, expected: "2026-10-21 0"),
        Row(name: "a clock behind the release", urls: [newest], now: 0, expected: "2026-10-21 0"),
        Row(name: "last second of day 90", urls: [newest], now: 1_800_403_199, expected: "2026-10-21 90"),
        Row(name: "first second of day 91", urls: [newest], now: 1_800_403_200, expected: "2026-10-21 91"),
        Row(name: "no python-build-standalone release", urls: [pypy, graalpy], now: december6, expected: nil),
        Row(name: "relative URLs of a mirror", urls: ["cpython-3.14.7.tar.gz"], now: december6, expected: nil),
        Row(name: "not a date", urls: [pbs + "20261399/x.tar.gz", pbs + "2026102/x.tar.gz", pbs + "latest/x.tar.gz"],
            now: december6, expected: nil),
        Row(name: "nothing at all", urls: [], now: december6, expected: nil),
    ])
    func age(_ row: Row) {
        let age = FeedAge(urls: row.urls, now: row.now)
        #expect(age.map { "\($0.newestBuild) \($0.days)" } == row.expected)
    }

    @Test("a feed older than 90 days earns one hint naming the refresh command and install.source")
    func staleHint() throws {
        let fresh = try #require(FeedAge(urls: [Self.newest], now: 1_800_403_199))
        #expect(!fresh.isStale)
        #expect(fresh.staleHint == nil)
        let stale = try #require(FeedAge(urls: [Self.newest], now: 1_800_403_200))
        #expect(stale.isStale)
        let hint = try #require(stale.staleHint)
        #expect(hint == "Hint: The bundled index is 91 days old (newest build 2026-10-21); newer runtimes may exist. "
            + "Refresh it with scripts/refresh-index.sh, or set \"install.source\" to a current index.")
        #expect(!hint.contains("\n"))
        #expect(fresh.description == "newest build 2026-10-21, 90 days old")
    }

    @Test("calendar dates count days from 1970 and reject dates that do not exist", arguments: [
        ((1970, 1, 1), 0), ((1969, 12, 31), -1), ((2000, 2, 29), 11_016), ((2000, 3, 1), 11_017),
        ((2026, 10, 21), 20_747), ((2026, 12, 6), 20_793),
    ])
    func calendar(_ date: (Int, Int, Int), days: Int) throws {
        let value = try #require(CalendarDate(year: date.0, month: date.1, day: date.2))
        #expect(value.daysSince1970 == days)
    }

    @Test("impossible dates are rejected and real ones print as YYYY-MM-DD")
    func invalidDates() {
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CalendarDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CalendarDate(year: 2026, month: 1, day: 0) == nil)
        #expect(CalendarDate(year: 2024, month: 2, day: 29)?.description == "2024-02-29")
        #expect(CalendarDate(year: 987, month: 6, day: 5)?.description == "0987-06-05")
    }
}
