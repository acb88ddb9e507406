import Foundation
@testable import PyManagerCore
import Testing

/// Feed items built from the same shapes as `CoreInstalls`.
private func item(_ install: Install, url: String? = nil) -> FeedItem {
    FeedItem(entry: install.entry, url: url ?? "https://example.invalid/\(install.id).tar.gz", feed: "test")
}

/// Checks that `selectEntry` chooses `expected` (`id@sort-version`), or finds nothing when it is nil.
private func expectSelection(
    _ items: [FeedItem], request: String, platform: String?, allowRange: Bool, expected: String?,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let result = Result { () throws(SelectionError) in
        try selectEntry(items, request: request, defaultPlatform: platform, allowRange: allowRange)
    }
    switch (result, expected) {
    case (.success(let chosen), let expected):
        #expect("\(chosen.entry.id)@\(chosen.entry.sortVersion)" == expected, sourceLocation: sourceLocation)
    case (.failure(let error), let expected?):
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    case (.failure(let error), nil):
        #expect(error == .noMatch(request: request, source: "the index"), sourceLocation: sourceLocation)
    }
}

/// A second, older build of an id (feeds list several versions of `pythoncore-3.13-64`).
private func older(_ install: Install, version: String) -> Install {
    CoreInstalls.make(
        company: install.company, version: version, platform: splitPlatform(install.tag).platform,
        freeThreaded: install.tag.contains("t"))
}

@Suite("Feed selection: selectEntry")
struct SelectEntryTests {
    static let feed: [FeedItem] = [
        CoreInstalls.py315a, CoreInstalls.py314, older(CoreInstalls.py314, version: "3.14.1"), CoreInstalls.py314t,
        CoreInstalls.py313, older(CoreInstalls.py313, version: "3.13.4"), CoreInstalls.py312, CoreInstalls.pypy311,
        CoreInstalls.py314arm, CoreInstalls.py313arm,
    ].map { item($0) }

    struct Row: CustomTestStringConvertible, Sendable {
        var request: String
        var platform: String? = "-64"
        var items: [String]? = nil
        /// `id@sort-version`, or nil for "nothing".
        var expected: String?
        var testDescription: String { "\(request) (\(platform ?? "no platform")) → \(expected ?? "nothing")" }
    }

    static let rows: [Row] = [
        Row(request: "3", expected: "pythoncore-3.14-64@3.14.2"),
        Row(request: "3.14", expected: "pythoncore-3.14-64@3.14.2"),
        Row(request: "3.14.1", expected: "pythoncore-3.14-64@3.14.1"),
        Row(request: "3.13", expected: "pythoncore-3.13-64@3.13.5"),
        Row(request: "3.13.4", expected: "pythoncore-3.13-64@3.13.4"),
        Row(request: "3.14t", expected: "pythoncore-3.14t-64@3.14.2"),
        Row(request: "3t", expected: "pythoncore-3.14t-64@3.14.2"),
        Row(request: "3.15", expected: "pythoncore-3.15-64@3.15.0a3"),
        Row(request: "3-dev", expected: "pythoncore-3.15-64@3.15.0a3"),
        Row(request: "PyPy/3.11", expected: "pypy-3.11-64@3.11.13"),
        Row(request: "pypy/", expected: "pypy-3.11-64@3.11.13"),
        Row(request: "PyP/", expected: "pypy-3.11-64@3.11.13"),
        Row(request: "3.11", expected: "pypy-3.11-64@3.11.13"),
        Row(request: "PythonCore/3.11", expected: nil),
        Row(request: "3.14-arm64", expected: "pythoncore-3.14-arm64@3.14.2"),
        Row(request: "3", platform: "-arm64", expected: "pythoncore-3.14-arm64@3.14.2"),
        Row(request: "3.13", platform: "-arm64", expected: "pythoncore-3.13-arm64@3.13.5"),
        Row(request: "3.12", platform: "-arm64", expected: "pythoncore-3.12-64@3.12.10"),
        Row(request: "3.12-arm64", expected: nil),
        Row(request: "3.99", expected: nil),
        Row(request: "3.14", platform: nil, expected: "pythoncore-3.14-64@3.14.2"),
        // Prereleases only when nothing stable matches.
        Row(request: "3", items: ["py315a"], expected: "pythoncore-3.15-64@3.15.0a3"),
        Row(request: "3", items: ["py315a", "py312"], expected: "pythoncore-3.12-64@3.12.10"),
        Row(request: "3.15", items: ["py315a", "py315"], expected: "pythoncore-3.15-64@3.15.0"),
        // The default platform is preferred, but a stable build elsewhere beats a prerelease.
        Row(request: "3", items: ["py315a", "py314arm"], expected: "pythoncore-3.14-arm64@3.14.2"),
        Row(request: "3", items: ["py313", "py314arm"], expected: "pythoncore-3.13-64@3.13.5"),
    ]

    static let extra: [String: Install] = ["py315": CoreInstalls.make(version: "3.15.0")]

    @Test("selectEntry picks", arguments: rows)
    func picks(_ row: Row) {
        let items = row.items.map { names in names.map { item(CoreInstalls.named[$0] ?? Self.extra[$0]!) } } ?? Self.feed
        expectSelection(items, request: row.request, platform: row.platform, allowRange: false, expected: row.expected)
    }

    @Test("ranges and reserved words cannot be installed")
    func rejected() {
        #expect(throws: SelectionError.rangeNotAllowed(">=3.12")) { try selectEntry(Self.feed, request: ">=3.12", defaultPlatform: "-64") }
        #expect {
            try selectEntry(Self.feed, request: "latest", defaultPlatform: "-64")
        } throws: { error in
            if case .invalidRequest? = error as? SelectionError { return true }
            return false
        }
    }

    @Test("the no-match message names the request and the source")
    func message() {
        let text = SelectionError.noMatch(request: "3.12-arm64", source: "Index/index-linux-x86_64-gnu.json").description
        #expect(text.contains("'3.12-arm64'"))
        #expect(text.contains("Index/index-linux-x86_64-gnu.json"))
    }
}

/// pymanager `find_to_install` walks the index sorted by `sort-version` (a stable
/// sort), so of equal versions the first in feed order wins; `default_platform` only
/// adds a first pass for the tag plus that suffix.
@Suite("Feed selection: feed order and ranges")
struct SelectEntryOrderTests {
    static let py27x32 = CoreInstalls.make(version: "2.7.18", platform: "-32")
    static let py27x64 = CoreInstalls.make(version: "2.7.18", platform: "-64")
    static let py27arm = CoreInstalls.make(version: "2.7.18", platform: "-arm64")
    static let py314x32 = CoreInstalls.make(version: "3.14.2", platform: "-32")
    static let py314bare = CoreInstalls.make(version: "3.14.2", platform: "")
    static let py311 = CoreInstalls.make(version: "3.11.9")
    static let named: [String: Install] = CoreInstalls.named.merging([
        "py27x32": py27x32, "py27x64": py27x64, "py27arm": py27arm, "py314x32": py314x32, "py314bare": py314bare, "py311": py311,
    ]) { $1 }

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var items: [String]
        var request: String
        var platform: String?
        /// `id@sort-version`, or nil for "nothing".
        var expected: String?
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        // The preferred platform matches nothing: the first entry in feed order.
        Row(name: "-arm64 wanted, 2.7 has -32 then -64", items: ["py27x32", "py27x64"], request: "2.7", platform: "-arm64", expected: "pythoncore-2.7-32@2.7.18"),
        Row(name: "-arm64 wanted, 2.7 has -64 then -32", items: ["py27x64", "py27x32"], request: "2.7", platform: "-arm64", expected: "pythoncore-2.7-64@2.7.18"),
        Row(name: "a platform no entry uses", items: ["py27x32", "py27x64"], request: "2", platform: "-riscv64", expected: "pythoncore-2.7-32@2.7.18"),
        Row(name: "no platform at all: feed order", items: ["py27x32", "py27x64"], request: "2.7", platform: nil, expected: "pythoncore-2.7-32@2.7.18"),
        Row(name: "the preferred platform still wins when it exists", items: ["py27x32", "py27x64", "py27arm"], request: "2.7", platform: "-arm64", expected: "pythoncore-2.7-arm64@2.7.18"),
        Row(name: "-64 wanted and present, after -32 in the feed", items: ["py27x32", "py27x64"], request: "2.7", platform: "-64", expected: "pythoncore-2.7-64@2.7.18"),
        Row(name: "an explicit platform tag", items: ["py27x64", "py27x32"], request: "2.7-32", platform: "-arm64", expected: "pythoncore-2.7-32@2.7.18"),
        Row(name: "a newer version beats feed order", items: ["py27x32", "py314x32", "py314"], request: "3", platform: "-arm64", expected: "pythoncore-3.14-32@3.14.2"),
        Row(name: "a build without platform, first in the feed", items: ["py314bare", "py314"], request: "3.14", platform: "-arm64", expected: "pythoncore-3.14@3.14.2"),
        Row(name: "a build without platform, second in the feed", items: ["py314", "py314bare"], request: "3.14", platform: "-arm64", expected: "pythoncore-3.14-64@3.14.2"),
        // Ranges (py list --online --one): the best entry in the range.
        Row(name: ">=3.13 → newest stable", items: ["py315a", "py314", "py314t", "py313", "py312", "py311"], request: ">=3.13", platform: "-64", expected: "pythoncore-3.14-64@3.14.2"),
        Row(name: "<3.13,!=3.12 → 3.11", items: ["py315a", "py314", "py313", "py312", "py311"], request: "<3.13,!=3.12", platform: "-64", expected: "pythoncore-3.11-64@3.11.9"),
        Row(name: ">=3.15 → the prerelease when nothing stable is in range", items: ["py315a", "py314"], request: ">=3.15", platform: "-64", expected: "pythoncore-3.15-64@3.15.0a3"),
        Row(name: "a range prefers the platform", items: ["py314", "py314arm", "py313arm"], request: ">=3.13", platform: "-arm64", expected: "pythoncore-3.14-arm64@3.14.2"),
        Row(name: "a range takes another platform when the preferred has none", items: ["py314x32", "py314"], request: ">=3.13", platform: "-arm64", expected: "pythoncore-3.14-32@3.14.2"),
        Row(name: "a range with no platform", items: ["py313", "py314"], request: ">3.12", platform: nil, expected: "pythoncore-3.14-64@3.14.2"),
        Row(name: "a stable build elsewhere beats a prerelease for the platform", items: ["py315a", "py314arm"], request: ">=3.14", platform: "-64", expected: "pythoncore-3.14-arm64@3.14.2"),
        Row(name: "an empty range result", items: ["py314", "py313"], request: "<3.10", platform: "-64", expected: nil),
        Row(name: "a range over another company", items: ["py314", "pypy311"], request: ">=PyPy/3.10", platform: "-64", expected: "pypy-3.11-64@3.11.13"),
    ]

    @Test("selectEntry picks", arguments: rows)
    func picks(_ row: Row) throws {
        let items = try row.items.map { name in item(try #require(Self.named[name], "no install \(name)")) }
        expectSelection(items, request: row.request, platform: row.platform, allowRange: true, expected: row.expected)
    }

    @Test("py install still refuses ranges, and a bad range is reported")
    func rangesForInstall() {
        let items = [CoreInstalls.py314].map { FeedItem(entry: $0.entry, url: nil, feed: "test") }
        #expect(throws: SelectionError.rangeNotAllowed("<3.13,!=3.12")) {
            try selectEntry(items, request: "<3.13,!=3.12", defaultPlatform: "-64")
        }
        #expect {
            try selectEntry(items, request: ">>3.12", defaultPlatform: "-64", allowRange: true)
        } throws: { error in
            if case .invalidRequest? = error as? SelectionError { return true }
            return false
        }
    }
}

@Suite("Feed selection: resolveURL")
struct ResolveURLTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var reference: String
        var base: String
        var expected: String
        var testDescription: String { "\(reference) against \(base)" }
    }

    static let rows: [Row] = [
        Row(reference: "python.tar.gz", base: "https://h.example/feeds/index.json", expected: "https://h.example/feeds/python.tar.gz"),
        Row(reference: "../dl/python.tar.gz", base: "https://h.example/feeds/v1/index.json", expected: "https://h.example/feeds/dl/python.tar.gz"),
        Row(reference: "./a/./b.zip", base: "https://h.example/feeds/index.json", expected: "https://h.example/feeds/a/b.zip"),
        Row(reference: "/root.json", base: "https://h.example/feeds/index.json", expected: "https://h.example/root.json"),
        Row(reference: "next.json", base: "https://h.example/feeds/", expected: "https://h.example/feeds/next.json"),
        Row(reference: "next.json", base: "https://h.example", expected: "https://h.example/next.json"),
        Row(reference: "next.json", base: "https://h.example:8443/feeds/i.json?from=/a/b#frag/c", expected: "https://h.example:8443/feeds/next.json"),
        Row(reference: "../../../../x.json", base: "https://h.example/a/index.json", expected: "https://h.example/x.json"),
        Row(reference: "https://other.example/x.tar.gz", base: "https://h.example/index.json", expected: "https://other.example/x.tar.gz"),
        Row(reference: "file:///srv/x.tar.gz", base: "/srv/index.json", expected: "file:///srv/x.tar.gz"),
        Row(reference: "x.tar.gz", base: "file:///srv/feeds/index.json", expected: "file:///srv/feeds/x.tar.gz"),
        Row(reference: "x.tar.gz", base: "/srv/feeds/index.json", expected: "/srv/feeds/x.tar.gz"),
        Row(reference: "../x.tar.gz", base: "/srv/feeds/index.json", expected: "/srv/x.tar.gz"),
        Row(reference: "/abs/x.tar.gz", base: "/srv/feeds/index.json", expected: "/abs/x.tar.gz"),
        Row(reference: "index-legacy.json", base: "Index/index.json", expected: "Index/index-legacy.json"),
    ]

    @Test("references resolve against the feed's URL", arguments: rows)
    func resolves(_ row: Row) {
        #expect(resolveURL(row.reference, against: row.base) == row.expected)
    }
}

/// The committed feeds in `Index/`, read with our own parser.
enum CoreRepository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let index = root + "/Index"

    static func feedNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: index)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Every entry of `name` and its `next` pages.
    static func chain(_ name: String) throws -> [FeedItem] {
        var items: [FeedItem] = []
        var next: String? = index + "/" + name
        var pages = 0
        while let path = next {
            pages += 1
            try #require(pages < 10, "next loop at \(path)")
            let bytes = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
            let page = try FeedPage(parsing: Array(bytes), source: path)
            items += page.entries
            next = page.next
        }
        return items
    }
}

@Suite("Feed selection: the committed Index/ feeds")
struct CommittedFeedTests {
    @Test("there are feeds to check")
    func feedsExist() {
        #expect(CoreRepository.feedNames().count >= 10)
        #expect(CoreRepository.feedNames().contains("index-linux-x86_64-gnu.json"))
    }

    @Test("every Index/*.json parses with FeedPage without warnings", arguments: CoreRepository.feedNames())
    func parses(_ name: String) throws {
        let path = CoreRepository.index + "/" + name
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let page = try FeedPage(parsing: Array(bytes), source: path)
        #expect(page.warnings == [])
        #expect(!page.entries.isEmpty)
        for item in page.entries {
            #expect(item.url?.hasPrefix("https://") == true, "\(item.entry.id)")
            #expect(item.entry.sha256?.count == 64, "\(item.entry.id)")
            #expect(item.entry.archiveSuffix != nil, "\(item.entry.id)")
        }
        if let next = page.next {
            #expect(next.hasPrefix(CoreRepository.index + "/"))
            #expect(FileManager.default.fileExists(atPath: next), "next page \(next)")
        }
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var feed: String
        var platform: String
        var request: String
        /// `company/tag@sort-version` fragment checks, or nil for "nothing".
        var expected: String?
        var testDescription: String { "\(feed) \(request) → \(expected ?? "nothing")" }
    }

    static let x64 = "index-linux-x86_64-gnu.json"
    static let arm = "index-linux-aarch64-gnu.json"

    static let rows: [Row] = [
        Row(feed: x64, platform: "-64", request: "3", expected: "pythoncore-3.15-64@3.15.1"),
        Row(feed: x64, platform: "-64", request: "3.13", expected: "pythoncore-3.13-64@3.13.17"),
        Row(feed: x64, platform: "-64", request: "3.13.2", expected: "pythoncore-3.13-64@3.13.2"),
        Row(feed: x64, platform: "-64", request: "3.14.7", expected: "pythoncore-3.14-64@3.14.7"),
        Row(feed: x64, platform: "-64", request: "3.15.0", expected: "pythoncore-3.15-64@3.15.0"),
        Row(feed: x64, platform: "-64", request: "3t", expected: "pythoncore-3.15t-64@3.15.1"),
        Row(feed: x64, platform: "-64", request: "3-dev", expected: nil),
        Row(feed: x64, platform: "-64", request: "3.14t", expected: "pythoncore-3.14t-64@3.14.9"),
        Row(feed: x64, platform: "-64", request: "3.15", expected: "pythoncore-3.15-64@3.15.1"),
        Row(feed: x64, platform: "-64", request: "PyPy/3.11", expected: "pypy-3.11-64@3.11.17"),
        Row(feed: x64, platform: "-64", request: "pypy/", expected: "pypy-3.12-64@3.12.15"),
        Row(feed: x64, platform: "-64", request: "GraalPy/", expected: "graalpy-3.12-64@3.12.0"),
        Row(feed: x64, platform: "-64", request: "3.12-arm64", expected: nil),
        Row(feed: arm, platform: "-arm64", request: "3", expected: "pythoncore-3.15-arm64@3.15.1"),
        Row(feed: arm, platform: "-arm64", request: "3.13", expected: "pythoncore-3.13-arm64@3.13.17"),
        Row(feed: arm, platform: "-arm64", request: "3.14t", expected: "pythoncore-3.14t-arm64@3.14.9"),
        Row(feed: arm, platform: "-arm64", request: "PyPy/3.11", expected: "pypy-3.11-arm64@3.11.17"),
        Row(feed: arm, platform: "-arm64", request: "3.12-64", expected: nil),
    ]

    @Test("selection over the committed feeds", arguments: rows)
    func selects(_ row: Row) throws {
        let items = try CoreRepository.chain(row.feed)
        let result = Result { () throws(SelectionError) in try selectEntry(items, request: row.request, defaultPlatform: row.platform) }
        switch result {
        case .success(let chosen):
            #expect("\(chosen.entry.id)@\(chosen.entry.sortVersion)" == row.expected)
        case .failure(let error):
            #expect(row.expected == nil, "\(error)")
        }
    }

    /// The first page of every host's feed (the legacy pages are reached through `next`).
    static let hostFeeds = CoreRepository.feedNames().filter { !$0.hasSuffix("-legacy.json") }

    @Test("3 on every host feed is the newest stable CPython 3.x of its whole chain", arguments: hostFeeds)
    func newestStable(_ feed: String) throws {
        let platform = feed.contains("aarch64") ? "-arm64" : (feed.contains("i686") ? "-32" : "-64")
        let items = try CoreRepository.chain(feed)
        let chosen = try selectEntry(items, request: "3", defaultPlatform: platform)
        let newest = items.filter { $0.entry.company == "PythonCore" && !$0.entry.isPrerelease && !$0.entry.tag.contains("t") }
            .compactMap { try? Version(parsing: $0.entry.sortVersion) }.max()
        #expect(try Version(parsing: chosen.entry.sortVersion) == newest)
        #expect(chosen.entry.company == "PythonCore")
        #expect(!chosen.entry.isPrerelease)
    }

    @Test("a new minor line is picked only by name while it has only a prerelease, and by 3 once stable")
    func prereleaseUntilStable() throws {
        let items = try CoreRepository.chain(Self.x64)
        // GIVEN a 3.16 alpha added to the feed, THEN 3.16 picks it, but 3 stays on stable 3.15.
        let alpha = item(CoreInstalls.make(version: "3.16.0a1"))
        #expect(try selectEntry(items + [alpha], request: "3.16", defaultPlatform: "-64").entry.sortVersion == "3.16.0a1")
        #expect(try selectEntry(items + [alpha], request: "3", defaultPlatform: "-64").entry.sortVersion == "3.15.1")
        // GIVEN a stable 3.16.0 as well, THEN it wins over the prerelease, for 3.16 and for 3.
        let stable = item(CoreInstalls.make(version: "3.16.0"))
        #expect(try selectEntry(items + [alpha, stable], request: "3.16", defaultPlatform: "-64").entry.sortVersion == "3.16.0")
        #expect(try selectEntry(items + [alpha, stable], request: "3", defaultPlatform: "-64").entry.sortVersion == "3.16.0")
    }
}
