import Testing

@testable import PyManagerCore

struct SpecRow: CustomTestStringConvertible, Sendable {
    let specifiers: String
    let version: String
    let contains: Bool
    var testDescription: String { "\(version) in '\(specifiers)' → \(contains)" }
    init(_ specifiers: String, _ version: String, _ contains: Bool) {
        self.specifiers = specifiers
        self.version = version
        self.contains = contains
    }
}

@Suite("PEP 440 specifier sets")
struct PEP440SpecifierTests {
    /// Many rows follow pypa/packaging tests/test_specifiers.py.
    static let rows: [SpecRow] = [
        // >=, <=, >, <
        SpecRow(">=3.11", "3.11", true), SpecRow(">=3.11", "3.11.0", true), SpecRow(">=3.11", "3.12.4", true),
        SpecRow(">=3.11", "3.10.14", false), SpecRow(">=3.11", "3.14.0a2", false), SpecRow(">=3.11", "4.0", true),
        SpecRow("<=3.12", "3.12.0", true), SpecRow("<=3.12", "3.12.1", false), SpecRow("<=3.12", "3.12+local", true),
        SpecRow(">3.12", "3.12.1", true), SpecRow(">3.12", "3.12", false), SpecRow(">3.12", "3.12.0.post1", false),
        SpecRow(">3.12", "3.12+local", false), SpecRow(">3.12.post1", "3.12.post2", true), SpecRow(">3.12", "3.13", true),
        SpecRow("<3.13", "3.12.9", true), SpecRow("<3.13", "3.13", false), SpecRow("<3.13", "3.13.0rc1", false),
        SpecRow("<3.13", "3.13.0.dev1", false), SpecRow("<3.13rc2", "3.13rc1", true), SpecRow("<3.13", "3.12.0rc1", false),
        SpecRow("<3.13", "2.7", true),
        // ranges
        SpecRow(">=3.10,<3.13", "3.10", true), SpecRow(">=3.10,<3.13", "3.12.4", true), SpecRow(">=3.10,<3.13", "3.13.0", false),
        SpecRow(">=3.10,<3.13", "3.9.18", false), SpecRow(" >= 3.10 , < 3.13 ", "3.11", true), SpecRow(">=3.10,", "3.11", true),
        SpecRow(">=3.9,!=3.10.*", "3.10.2", false), SpecRow(">=3.9,!=3.10.*", "3.11.0", true),
        // == and wildcards
        SpecRow("==3.12", "3.12", true), SpecRow("==3.12", "3.12.0", true), SpecRow("==3.12", "3.12.1", false),
        SpecRow("==3.12.0", "3.12", true), SpecRow("==3.12", "3.12+local.1", true), SpecRow("==3.12+local.1", "3.12+local.1", true),
        SpecRow("==3.12+local.1", "3.12", false), SpecRow("==3.12+local.1", "3.12+other", false),
        SpecRow("==3.12.*", "3.12", true), SpecRow("==3.12.*", "3.12.0", true), SpecRow("==3.12.*", "3.12.4", true),
        SpecRow("==3.12.*", "3.12.4.post1", true), SpecRow("==3.12.*", "3.13.0", false), SpecRow("==3.12.*", "3.1", false),
        SpecRow("==3.12.*", "3.120", false), SpecRow("==3.12.*", "3.12.0rc1", false), SpecRow("==3.*", "3.14.1", true),
        SpecRow("==3.12.0.*", "3.12", true), SpecRow("==3.12.*", "1!3.12", false), SpecRow("==1!3.12.*", "1!3.12.2", true),
        SpecRow("==3.12.*", "3.12.1+local", true),
        // !=
        SpecRow("!=3.12.1", "3.12.1", false), SpecRow("!=3.12.1", "3.12.2", true), SpecRow("!=3.12.1", "3.12.1+x", false),
        SpecRow("!=3.12.*", "3.12.9", false), SpecRow("!=3.12.*", "3.13", true), SpecRow("!=3.12.1", "3.14.0a1", false),
        // ~=
        SpecRow("~=3.11", "3.11", true), SpecRow("~=3.11", "3.12.4", true), SpecRow("~=3.11", "4.0", false),
        SpecRow("~=3.11", "3.10", false), SpecRow("~=3.11.2", "3.11.5", true), SpecRow("~=3.11.2", "3.12.0", false),
        SpecRow("~=3.11.2", "3.11.1", false), SpecRow("~=3.11.0", "3.11.0.post1", true), SpecRow("~=3.14.0a1", "3.14.0a2", true),
        SpecRow("~=3.14.0a1", "3.14.0", true), SpecRow("~=3.14.0a1", "3.15.0", false), SpecRow("~=1!3.1", "1!3.4", true),
        SpecRow("~=1!3.1", "3.4", false),
        // ===
        SpecRow("===3.12.4", "3.12.4", true), SpecRow("===3.12.4", "3.12.4.0", false), SpecRow("===3.12.4", "3.12.4+x", false),
        SpecRow("===foobar", "FooBar", true), SpecRow("===foobar", "foobaz", false),
        // pre-release rules
        SpecRow(">=3.14.0a1", "3.14.0a2", true), SpecRow(">=3.14.0a1", "3.14.0", true), SpecRow(">=3.14.0a1", "3.15.0b1", true),
        SpecRow(">=3.13", "3.14.0a2", false), SpecRow(">=3.13,<3.15.0a1", "3.14.0rc1", true), SpecRow("==3.14.0rc1", "3.14.0rc1", true),
        SpecRow("==3.14.*", "3.14.0b1", false), SpecRow(">=3.13,!=3.14.0a1", "3.14.0a2", false), SpecRow("<=3.14.0.dev1", "3.14.0.dev1", true),
        SpecRow(">3.13.0rc1", "3.13.0rc2", true), SpecRow("", "3.14.0a1", false), SpecRow("", "3.12.4", true),
        SpecRow(">=3.12", "3.13.0.dev0", false),
        // invalid candidates
        SpecRow(">=3.11", "3.14t", false), SpecRow(">=3.11", "", false), SpecRow("===3.14t", "3.14t", true),
        SpecRow("", "not a version", false),
    ]

    @Test("contains", arguments: rows)
    func contains(row: SpecRow) throws {
        let set = try PEP440SpecifierSet(parsing: row.specifiers)
        #expect(set.contains(row.version) == row.contains)
    }

    @Test("prereleases: override")
    func prereleaseOverride() throws {
        let set = try PEP440SpecifierSet(parsing: ">=3.13")
        let alpha = try PEP440Version(parsing: "3.14.0a2")
        #expect(set.contains(alpha) == false)
        #expect(set.contains(alpha, prereleases: true) == true)
        #expect(try PEP440SpecifierSet(parsing: ">=3.14.0a1").contains(try PEP440Version(parsing: "3.14.0a2"), prereleases: false) == false)
        #expect(set.allowsPrereleases == false)
        #expect(try PEP440SpecifierSet(parsing: ">=3.13,<3.15a1").allowsPrereleases)
        #expect(try PEP440SpecifierSet(parsing: "!=3.14a1").allowsPrereleases == false)
    }

    static let invalid: [(String, PEP440Error.SpecifierProblem)] = [
        ("3.12", .missingOperator), ("=3.12", .missingOperator), ("=>3.12", .missingOperator), ("python>=3", .missingOperator),
        (">=", .missingVersion), ("== ", .missingVersion), (">=3.12.*", .wildcardNotAllowed), ("~=3.12.*", .wildcardNotAllowed),
        ("==3.*.1", .wildcardNotAllowed), ("==3.12a1.*", .wildcardNotAllowed), ("==3.12+x.*", .wildcardNotAllowed),
        (">=3.12+local", .localNotAllowed), ("~=3", .compatibleNeedsTwoComponents), (">=3.1x", .invalidVersion),
        (">=3 .12", .invalidVersion), ("<3..1", .invalidVersion), (">=three", .invalidVersion), ("==", .missingVersion),
    ]

    @Test("invalid clauses are rejected with the problem", arguments: invalid)
    func rejects(text: String, problem: PEP440Error.SpecifierProblem) {
        #expect(throws: PEP440Error.invalidSpecifier(ShebangLine.trim(text), problem: problem)) {
            try PEP440SpecifierSet(parsing: ">=1," + text)
        }
    }

    @Test("description normalises clauses")
    func description() throws {
        #expect(try PEP440SpecifierSet(parsing: " >= 3.10 , < 3.13 ,, ==3.11.* ").description == ">=3.10,<3.13,==3.11.*")
        #expect(try PEP440SpecifierSet(parsing: "").specifiers.isEmpty)
        #expect(PEP440Error.invalidSpecifier("~=3", problem: .compatibleNeedsTwoComponents).description.contains("'~=3'"))
    }
}

struct VersionRow: CustomTestStringConvertible, Sendable {
    let text: String
    let normalized: String?
    var testDescription: String { text }
    init(_ text: String, _ normalized: String?) {
        self.text = text
        self.normalized = normalized
    }
}

@Suite("PEP 440 versions")
struct PEP440VersionTests {
    static let rows: [VersionRow] = [
        VersionRow("3.12.4", "3.12.4"), VersionRow("3", "3"), VersionRow("v3.12", "3.12"), VersionRow(" 3.12 ", "3.12"),
        VersionRow("3.14.0a2", "3.14.0a2"), VersionRow("3.14.0A2", "3.14.0a2"), VersionRow("3.14.0alpha2", "3.14.0a2"),
        VersionRow("3.14.0-beta.1", "3.14.0b1"), VersionRow("3.14.0c1", "3.14.0rc1"), VersionRow("3.14.0pre1", "3.14.0rc1"),
        VersionRow("3.14.0preview1", "3.14.0rc1"), VersionRow("3.14.0rc", "3.14.0rc0"), VersionRow("1.0-1", "1.0.post1"),
        VersionRow("1.0.post", "1.0.post0"), VersionRow("1.0rev2", "1.0.post2"), VersionRow("1.0_r3", "1.0.post3"),
        VersionRow("1.0.dev", "1.0.dev0"), VersionRow("1.0-dev-4", "1.0.dev4"), VersionRow("1!2.0", "1!2.0"),
        VersionRow("0!2.0", "2.0"), VersionRow("1.0+Ubuntu-1", "1.0+ubuntu.1"), VersionRow("1.0a1.post2.dev3+abc.007", "1.0a1.post2.dev3+abc.7"),
        VersionRow("3.14t", nil), VersionRow("", nil), VersionRow("3.", nil), VersionRow(".3", nil), VersionRow("3..1", nil),
        VersionRow("1.0+", nil), VersionRow("1.0+a..b", nil), VersionRow("1.0-", nil), VersionRow("a1", nil),
        VersionRow("99999999999999999999999", nil), VersionRow("1.0 a1", nil),
    ]

    @Test("parse and normalise", arguments: rows)
    func parse(row: VersionRow) {
        #expect((try? PEP440Version(parsing: row.text))?.description == row.normalized)
    }

    /// Ascending, from packaging's test_version.py ordering.
    static let ordered = [
        "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456",
        "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34",
        "1.0.post456", "1.0.15", "1.1.dev1", "3.12.4", "3.13.0a1", "3.13.0", "1!0.1",
    ]

    @Test("ordering follows PEP 440")
    func ordering() throws {
        let versions = try Self.ordered.map { text throws(PEP440Error) in try PEP440Version(parsing: text) }
        for (a, b) in zip(versions, versions.dropFirst()) {
            #expect(a < b, "\(a) < \(b)")
        }
        #expect(versions.shuffled().sorted() == versions)
    }

    @Test("equality pads with zeros and hashes alike")
    func equality() throws {
        let a = try PEP440Version(parsing: "3.12")
        let b = try PEP440Version(parsing: "3.12.0.0")
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(a.originalText == "3.12")
        #expect(try PEP440Version(parsing: "3.14.0.dev1").isPrerelease)
        #expect(try PEP440Version(parsing: "3.14.0rc1").baseVersion.description == "3.14.0")
    }
}
