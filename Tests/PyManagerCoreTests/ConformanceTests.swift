import Foundation
import Testing

@testable import PyManagerCore

// Loads the reference decisions recorded from python/pymanager (Tests/Fixtures/versions.json
// and tags.json; field meanings in shared/data/conformance/README.md) and names the
// deliberate differences from the reference that some recorded cases depend on.

/// The deliberate differences from pymanager (conformance README), cited by the tests
/// that skip, invert or re-derive a recorded case.
enum Difference: String, CaseIterable, Sendable {
    case spacesSeparateBounds = "a range spec separated by spaces means both bounds"
    case equalEqualInList = "==X (also inside a list) means equal to X"
    case platformAnyCase = "platform suffixes are recognised in any case"
    case operatorInBound = "a spec such as >>3.12 is an error, not a crash"
    case explicitCoreCompany = "an explicit core company never selects another company's runtime"
}

/// Fixture file loading, relative to this source file (Tests/Fixtures in the package).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The decoded top-level object of a fixture file, or empty when it cannot be read;
    /// `ConformanceFixtureTests` fails loudly in that case.
    static func load(_ name: String) -> [String: Any] {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            return [:]
        }
        return object
    }

    static func rows(_ file: [String: Any], _ key: String) -> [Any] {
        file[key] as? [Any] ?? []
    }

    nonisolated(unsafe) static let versions = load("versions.json")
    nonisolated(unsafe) static let tags = load("tags.json")
}

// MARK: - Case types

struct CompareCase: Sendable, CustomTestStringConvertible {
    let a: String
    let b: String
    let result: Int
    var testDescription: String { "\(a) vs \(b) -> \(result)" }

    static let all: [CompareCase] = Fixtures.rows(Fixtures.versions, "compare").compactMap { row in
        guard let r = row as? [Any], r.count == 3, let a = r[0] as? String, let b = r[1] as? String,
            let result = r[2] as? Int
        else { return nil }
        return CompareCase(a: a, b: b, result: result)
    }
}

struct PrereleaseCase: Sendable, CustomTestStringConvertible {
    let version: String
    let isPrerelease: Bool
    var testDescription: String { "\(version) -> \(isPrerelease)" }

    static let all: [PrereleaseCase] = Fixtures.rows(Fixtures.versions, "prerelease").compactMap { row in
        guard let r = row as? [Any], r.count == 2, let v = r[0] as? String, let p = r[1] as? Bool else { return nil }
        return PrereleaseCase(version: v, isPrerelease: p)
    }
}

struct SortKeyCase: Sendable, CustomTestStringConvertible {
    let version: String
    let key: [Int]
    var testDescription: String { "\(version) -> \(key)" }

    static let all: [SortKeyCase] = Fixtures.rows(Fixtures.versions, "sortkey").compactMap { row in
        guard let r = row as? [Any], r.count == 2, let v = r[0] as? String, let k = r[1] as? [Int] else { return nil }
        return SortKeyCase(version: v, key: k)
    }
}

enum VersionFixture {
    static let invalid: [String] = Fixtures.rows(Fixtures.versions, "invalid").compactMap { $0 as? String }
    static let sortedFeedVersions: [String] = Fixtures.rows(Fixtures.versions, "sorted_feed_versions").compactMap {
        $0 as? String
    }
}

struct MatchCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let tag: String
    let looseCompany: Bool
    let result: Bool
    var testDescription: String { "'\(pattern)' on '\(tag)' loose=\(looseCompany) -> \(result)" }

    static let all: [MatchCase] = Fixtures.rows(Fixtures.tags, "match").compactMap { row in
        guard let r = row as? [String: Any], let p = r["pattern"] as? String, let t = r["tag"] as? String,
            let loose = r["loose_company"] as? Bool, let result = r["result"] as? Bool
        else { return nil }
        return MatchCase(pattern: p, tag: t, looseCompany: loose, result: result)
    }

    /// Recorded results by (pattern, tag, loose), to derive expectations for cases that
    /// depend on a deliberate difference from equivalent recorded cases.
    static let lookup: [String: Bool] = Dictionary(
        all.map { ("\($0.pattern)\u{0}\($0.tag)\u{0}\($0.looseCompany)", $0.result) },
        uniquingKeysWith: { first, _ in first })

    static func recorded(_ pattern: String, _ tag: String, _ loose: Bool) -> Bool? {
        lookup["\(pattern)\u{0}\(tag)\u{0}\(loose)"]
    }
}

struct RangeCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable, Equatable {
        case result(Bool)
        case error
        case crash(String)
    }
    let spec: String
    let tag: String
    let looseCompany: Bool
    let outcome: Outcome
    var testDescription: String { "'\(spec)' on '\(tag)' loose=\(looseCompany) -> \(outcome)" }

    static let all: [RangeCase] = Fixtures.rows(Fixtures.tags, "range").compactMap { row in
        guard let r = row as? [String: Any], let s = r["spec"] as? String, let t = r["tag"] as? String else {
            return nil
        }
        let loose = r["loose_company"] as? Bool ?? true
        if let result = r["result"] as? Bool {
            return RangeCase(spec: s, tag: t, looseCompany: loose, outcome: .result(result))
        }
        if let crash = r["crash"] as? String {
            return RangeCase(spec: s, tag: t, looseCompany: loose, outcome: .crash(crash))
        }
        if r["error"] as? Bool == true {
            return RangeCase(spec: s, tag: t, looseCompany: loose, outcome: .error)
        }
        return nil
    }

    static let lookup: [String: Outcome] = Dictionary(
        all.map { ("\($0.spec)\u{0}\($0.tag)\u{0}\($0.looseCompany)", $0.outcome) },
        uniquingKeysWith: { first, _ in first })

    static func recorded(_ spec: String, _ tag: String, _ loose: Bool) -> Bool? {
        if case .result(let value) = lookup["\(spec)\u{0}\(tag)\u{0}\(loose)"] {
            return value
        }
        return nil
    }
}

struct OrderCase: Sendable, CustomTestStringConvertible {
    let a: String
    let b: String
    let result: Int
    var testDescription: String { "\(a) vs \(b) -> \(result)" }

    static let all: [OrderCase] = Fixtures.rows(Fixtures.tags, "order").compactMap { row in
        guard let r = row as? [Any], r.count == 3, let a = r[0] as? String, let b = r[1] as? String,
            let result = r[2] as? Int
        else { return nil }
        return OrderCase(a: a, b: b, result: result)
    }
}

struct EqualCase: Sendable, CustomTestStringConvertible {
    let a: String
    let b: String
    let result: Bool
    var testDescription: String { "\(a) == \(b) -> \(result)" }

    static let all: [EqualCase] = Fixtures.rows(Fixtures.tags, "equal").compactMap { row in
        guard let r = row as? [Any], r.count == 3, let a = r[0] as? String, let b = r[1] as? String,
            let result = r[2] as? Bool
        else { return nil }
        return EqualCase(a: a, b: b, result: result)
    }
}

struct ParseCase: Sendable, CustomTestStringConvertible {
    struct Bound: Sendable, Equatable {
        let op: String
        let company: String
        let tag: String
        let platform: String
    }
    enum Kind: Sendable, Equatable {
        case tag(company: String, tag: String, platform: String, isCore: Bool, text: String)
        case range([Bound])
        case error
    }
    let input: String
    let kind: Kind
    var testDescription: String { "'\(input)' -> \(kind)" }

    static let all: [ParseCase] = Fixtures.rows(Fixtures.tags, "parse").compactMap { row in
        guard let r = row as? [String: Any], let input = r["input"] as? String, let kind = r["kind"] as? String else {
            return nil
        }
        switch kind {
        case "tag":
            guard let c = r["company"] as? String, let t = r["tag"] as? String, let p = r["platform"] as? String,
                let core = r["is_core"] as? Bool, let s = r["str"] as? String
            else { return nil }
            return ParseCase(input: input, kind: .tag(company: c, tag: t, platform: p, isCore: core, text: s))
        case "range":
            guard let ranges = r["ranges"] as? [[String: String]] else { return nil }
            let bounds = ranges.map {
                Bound(
                    op: $0["op"] ?? "", company: $0["company"] ?? "", tag: $0["tag"] ?? "",
                    platform: $0["platform"] ?? "")
            }
            return ParseCase(input: input, kind: .range(bounds))
        case "error":
            return ParseCase(input: input, kind: .error)
        default:
            return nil
        }
    }
}

struct SplitPlatformCase: Sendable, CustomTestStringConvertible {
    let input: String
    let tag: String
    let platform: String
    var testDescription: String { "\(input) -> (\(tag), \(platform))" }

    static let all: [SplitPlatformCase] = Fixtures.rows(Fixtures.tags, "split_platform").compactMap { row in
        guard let r = row as? [String], r.count == 3 else { return nil }
        return SplitPlatformCase(input: r[0], tag: r[1], platform: r[2])
    }
}

struct CompaniesMatchCase: Sendable, CustomTestStringConvertible {
    let a: String
    let b: String
    let result: Bool
    var testDescription: String { "\(a) ~ \(b) -> \(result)" }

    /// `null` company names are read as `""`, as pymanager's `company or ""` does.
    static let all: [CompaniesMatchCase] = Fixtures.rows(Fixtures.tags, "companies_match").compactMap { row in
        guard let r = row as? [Any], r.count == 3, let result = r[2] as? Bool else { return nil }
        return CompaniesMatchCase(a: r[0] as? String ?? "", b: r[1] as? String ?? "", result: result)
    }
}

// MARK: - Helpers that read fixture text without using the code under test

enum FixtureText {
    static let coreCompanies: Set<String> = ["", "pythoncore", "cpython"]

    /// pymanager's `replace("/", "\\").rpartition("\\")`: (company, hasSeparator, tag).
    static func partition(_ text: String) -> (company: String, hasSeparator: Bool, tag: String) {
        let replaced = text.replacingOccurrences(of: "/", with: "\\")
        guard let range = replaced.range(of: "\\", options: .backwards) else {
            return ("", false, replaced)
        }
        return (String(replaced[..<range.lowerBound]), true, String(replaced[range.upperBound...]))
    }

    static func isCoreCompany(_ company: String) -> Bool {
        coreCompanies.contains(company.lowercased())
    }

    /// True when `pattern` writes out a core company (`PythonCore/3`, `\3.12`).
    static func namesCoreCompany(_ pattern: String) -> Bool {
        let parts = partition(pattern)
        return parts.hasSeparator && isCoreCompany(parts.company)
    }

    static func installIsCore(_ tag: String) -> Bool {
        isCoreCompany(partition(tag).company)
    }

    /// The recorded (lower-case) platform of an install tag, by plain suffix test.
    static func platform(of tag: String) -> String {
        ["-64", "-32", "-arm64"].first { tag.hasSuffix($0) } ?? ""
    }

    /// A pattern's platform suffix written in a case pymanager does not recognise, e.g.
    /// `-ARM64`: returns the pattern without it and the suffix in lower case.
    static func nonLowercasePlatform(_ pattern: String) -> (base: String, platform: String)? {
        for suffix in ["-64", "-32", "-arm64"] where pattern.count >= suffix.count {
            let tail = String(pattern.suffix(suffix.count))
            if tail != suffix && tail.lowercased() == suffix {
                return (String(pattern.dropLast(suffix.count)), suffix)
            }
        }
        return nil
    }
}

@Suite("Conformance fixtures")
struct ConformanceFixtureTests {
    @Test("every fixture table is present and fully decoded")
    func fixturesLoaded() {
        #expect(CompareCase.all.count == Fixtures.rows(Fixtures.versions, "compare").count)
        #expect(CompareCase.all.count == 303)
        #expect(PrereleaseCase.all.count == 176)
        #expect(VersionFixture.invalid.count == 26)
        #expect(SortKeyCase.all.count == 176)
        #expect(VersionFixture.sortedFeedVersions.count == 120)
        #expect(MatchCase.all.count == 4928)
        #expect(RangeCase.all.count == 3791)
        #expect(OrderCase.all.count == 674)
        #expect(EqualCase.all.count == 16)
        #expect(ParseCase.all.count == 32)
        #expect(SplitPlatformCase.all.count == 13)
        #expect(CompaniesMatchCase.all.count == 10)
    }
}
