import Testing

@testable import PyManagerCore

// Hand-written rows for Version (pymanager manage/verutils.py). The recorded reference
// decisions are in ConformanceVersionTests.

@Suite("Version")
struct VersionTests {
    struct OrderRow: Sendable, CustomTestStringConvertible {
        let lower: String
        let higher: String
        let why: String
        var testDescription: String { "\(lower) < \(higher): \(why)" }
    }

    @Test(
        "orders versions as pymanager does",
        arguments: [
            OrderRow(lower: "3.9", higher: "3.10", why: "fields are numeric"),
            OrderRow(lower: "3.14.0a1", higher: "3.14.0", why: "pre-releases first"),
            OrderRow(lower: "3.14.0a7", higher: "3.14.0b1", why: "alpha before beta"),
            OrderRow(lower: "3.14.0b4", higher: "3.14.0rc1", why: "beta before candidate"),
            OrderRow(lower: "3.14.0.dev1", higher: "3.14.0a1", why: "dev before alpha"),
            OrderRow(lower: "3.14.0*", higher: "3.14.0.dev1", why: "* before dev"),
            OrderRow(lower: "3.14", higher: "3.14.0", why: "fewer fields first when equal"),
            OrderRow(lower: "3.15.0a8", higher: "3.15.0a10", why: "serials are numeric"),
            OrderRow(lower: "1.2.3.4.5.6.7.8", higher: "1.2.3.4.5.6.7.8.9", why: "field count breaks ties"),
            OrderRow(lower: "3.14.0.1", higher: "3.14.1a1", why: "numbers before level"),
        ])
    func ordering(_ row: OrderRow) throws {
        let lower = try Version(parsing: row.lower)
        let higher = try Version(parsing: row.higher)
        #expect(lower < higher)
        #expect(!(higher < lower))
        #expect(lower != higher)
    }

    @Test(
        "spellings of one version are equal but keep their text",
        arguments: [
            ("3.1", "3.01"), ("3.14.0c1", "3.14.0rc1"), ("3.14.0RC2", "3.14.0rc2"), ("3.14.0-rc1", "3.14.0rc1"),
            ("3.14.0rc.1", "3.14.0rc1"), ("3.14.0a", "3.14.0a0"), ("1.2.3.4.5.6.7.8.9", "1.2.3.4.5.6.7.8.10"),
        ])
    func equalSpellings(_ a: String, _ b: String) throws {
        let x = try Version(parsing: a)
        let y = try Version(parsing: b)
        #expect(x == y)
        #expect(x.hashValue == y.hashValue)
        #expect(x.description == a)
        #expect(y.description == b)
    }

    @Test(
        "rejects text that is not a version, quoting it",
        arguments: [
            "", "3.x", "v3.12", " 3.12", "3.12 ", "3..12", ".3.12", "3.12.", "3.12-64", "3.14t", "3.12.0alpha1",
            "3.12.0rc1.dev1", "latest", "٣.١٢",
        ])
    func rejects(_ text: String) {
        #expect(throws: TagError.invalidVersion(text)) {
            try Version(parsing: text)
        }
    }

    @Test("the error message quotes the input and shows a valid example")
    func errorMessage() {
        let message = TagError.invalidVersion("3.x").description
        #expect(message.hasPrefix("Invalid version '3.x': "))
        #expect(message.contains("'3.14.0rc1'"))
    }

    @Test(
        "isPrerelease is true for any level marker",
        arguments: [
            ("3.14.0a1", true), ("3.14.0rc2", true), ("3.14dev", true), ("3.14.*", true), ("3.14.0", false),
            ("3", false),
        ])
    func prerelease(_ text: String, _ expected: Bool) throws {
        #expect(try Version(parsing: text).isPrerelease == expected)
    }

    @Test(
        "starts(with:) matches whole fields only",
        arguments: [
            ("3.14.2", "3.14", true), ("3.14", "3.14", true), ("3.1", "3.01", true), ("3.10", "3.1", false),
            ("3.14", "3.14.0", false), ("3.14", "3.1", false),
        ])
    func startsWith(_ text: String, _ prefix: String, _ expected: Bool) throws {
        #expect(try Version(parsing: text).starts(with: Version(parsing: prefix)) == expected)
    }

    @Test(
        "bounds compare only the bound's fields",
        arguments: [
            ("3.11", "3.10", true, false), ("3.10.5", "3.10", false, false), ("3.9", "3.10", false, true),
            ("3.12.10", "3.13", false, true), ("3.13.0", "3.13", false, false), ("4.0", "3", true, false),
        ])
    func bounds(_ text: String, _ bound: String, _ above: Bool, _ below: Bool) throws {
        let version = try Version(parsing: text)
        let limit = try Version(parsing: bound)
        #expect(version.isAbove(lowerBound: limit) == above)
        #expect(version.isBelow(upperBound: limit) == below)
    }

    @Test("isLooselyEqual follows pymanager __eq__: * prefixes and dev versions")
    func looseEquality() throws {
        let star = try Version(parsing: "3.*")
        let release = try Version(parsing: "3.12")
        #expect(star.isLooselyEqual(to: release))
        #expect(release.isLooselyEqual(to: star))
        #expect(star != release)
        let dev = try Version(parsing: "3.14.0.dev1")
        let candidate = try Version(parsing: "3.14.0rc2")
        #expect(dev.isLooselyEqual(to: candidate))
        #expect(!candidate.isLooselyEqual(to: dev))
        #expect(try !Version(parsing: "3.13").isLooselyEqual(to: release))
    }

    @Test("numbers too large for Int saturate instead of failing")
    func hugeNumbers() throws {
        let huge = try Version(parsing: "3.99999999999999999999999")
        #expect(huge.sortKey[1] == Int.max)
        #expect(try Version(parsing: "3.100") < huge)
    }
}
