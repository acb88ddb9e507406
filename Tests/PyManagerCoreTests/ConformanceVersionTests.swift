import Testing

@testable import PyManagerCore

// Every case in Tests/Fixtures/versions.json, as recorded from pymanager's verutils.
// None of the deliberate differences concern versions, so nothing is skipped here.

@Suite("Conformance: versions.json")
struct ConformanceVersionTests {
    @Test("compare: ordering of a against b", arguments: CompareCase.all)
    func compare(_ c: CompareCase) throws {
        let a = try Version(parsing: c.a)
        let b = try Version(parsing: c.b)
        let actual = a < b ? -1 : (b < a ? 1 : 0)
        #expect(actual == c.result)
        #expect((a == b) == (c.result == 0))
    }

    @Test("prerelease: isPrerelease", arguments: PrereleaseCase.all)
    func prerelease(_ c: PrereleaseCase) throws {
        #expect(try Version(parsing: c.version).isPrerelease == c.isPrerelease)
    }

    @Test("invalid: rejected with invalidVersion quoting the input", arguments: VersionFixture.invalid)
    func invalid(_ text: String) {
        #expect(throws: TagError.invalidVersion(text)) {
            try Version(parsing: text)
        }
    }

    @Test("sortkey: pymanager's key", arguments: SortKeyCase.all)
    func sortKey(_ c: SortKeyCase) throws {
        #expect(try Version(parsing: c.version).sortKey == c.key)
    }

    @Test("sorted_feed_versions: sorting any permutation gives the recorded ascending order")
    func sortedFeedVersions() throws {
        let recorded = VersionFixture.sortedFeedVersions
        try #require(!recorded.isEmpty)
        let versions = try recorded.map { try Version(parsing: $0) }
        for (lower, higher) in zip(versions, versions.dropFirst()) {
            #expect(lower < higher, "\(lower) should sort before \(higher)")
        }
        // Deterministic shuffles: reversed, and an interleaving of odd and even positions.
        let reversed = Array(versions.reversed())
        let interleaved =
            versions.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            + versions.enumerated().filter { $0.offset % 2 == 0 }.map(\.element).reversed()
        for permutation in [reversed, interleaved] {
            #expect(permutation.sorted().map(\.description) == recorded)
        }
    }
}
