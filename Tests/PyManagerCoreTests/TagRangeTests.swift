import Testing

@testable import PyManagerCore

// Hand-written rows for TagRange: pymanager's tests/test_tagutils.py range tables, the
// deliberate differences, and rejected specs.

struct RangeRow: Sendable, CustomTestStringConvertible {
    let spec: String
    let tag: String
    let satisfied: Bool
    var testDescription: String { "'\(spec)' \(satisfied ? "accepts" : "rejects") '\(tag)'" }

    init(_ spec: String, _ tag: String, _ satisfied: Bool) {
        self.spec = spec
        self.tag = tag
        self.satisfied = satisfied
    }
}

@Suite("TagRange")
struct TagRangeTests {
    @Test(
        "pymanager test_tagutils range rows",
        arguments: [
            // test_simple_tag_range
            RangeRow(">=3.10", "3.10", true), RangeRow(">=3.10", "3.10.1", true), RangeRow(">=3.10", "3.11", true),
            RangeRow(">=3.10", "4.0", true), RangeRow(">=3.10", "3.9", false), RangeRow(">=3.10", "2.0", false),
            RangeRow(">3.10", "3.9", false), RangeRow(">3.10", "3.10", false), RangeRow(">3.10", "3.10.0", false),
            RangeRow(">3.10", "3.10.1", false), RangeRow(">3.10", "3.11", true),
            RangeRow("<=3.10", "3.10", true), RangeRow("<=3.10", "3.9", true), RangeRow("<=3.10", "2.0", true),
            RangeRow("<=3.10", "3.11", false), RangeRow("<=3.10", "4.0", false),
            RangeRow("<3.10", "3.11", false), RangeRow("<3.10", "3.10", false), RangeRow("<3.10", "3.10.0", false),
            RangeRow("<3.10", "3.10.1", false), RangeRow("<3.10", "3.9", true),
            RangeRow("=3.10", "3.10", true), RangeRow("=3.10", "3.10.1", true), RangeRow("=3.10", "3.9", false),
            RangeRow("=3.10", "3.11", false), RangeRow("~=3.10", "3.10", true), RangeRow("~=3.10", "3.10.1", true),
            RangeRow("~=3.10", "3.9", false), RangeRow("~=3.10", "3.11", false),
            // test_tag_range_platforms
            RangeRow(">=3.10-32", "3.10-32", true), RangeRow(">=3.10-32", "3.10.1-32", true),
            RangeRow(">=3.10", "3.10-32", true), RangeRow(">=3.10-32", "3.10-64", false),
            RangeRow(">=3.10-32", "3.10.1", false),
            // test_tag_range_suffixes
            RangeRow(">=3.10", "3.10-embed", true), RangeRow(">=3.10-embed", "3.10", false),
            RangeRow(">=3.10-embed", "3.10-embed", true),
            // test_tag_range_company
            RangeRow(">=Company\\3.10", "Company\\3.10", true), RangeRow(">=Company\\3.10", "Company\\3.11", true),
            RangeRow(">=Company\\3.10", "Company\\3.9", false),
            RangeRow(">=Company\\3.10", "OtherCompany\\3.10", false),
            RangeRow("=Company\\", "Company\\3.11", true),
        ])
    func pymanagerRows(_ row: RangeRow) throws {
        #expect(try TagRange(parsing: row.spec).isSatisfied(by: Tag(parsing: row.tag)) == row.satisfied)
    }

    @Test(
        "lists, upper bounds and the deliberate differences",
        arguments: [
            RangeRow(">=3.10,<3.13", "3.12.10-64", true), RangeRow(">=3.10,<3.13", "3.13-arm64", false),
            RangeRow(">=3.10;<3.13", "3.10-64", true), RangeRow(">= 3.10 , < 3.13", "3.12", true),
            RangeRow("<3.13", "3.12-dev-64", false),  // pymanager: more pieces than the bound
            RangeRow(">3.12", "3.14t", false),  // pymanager: text pieces must be equal
            RangeRow("!=3.12", "3.12.10-64", false), RangeRow("!=3.12", "3.13", true),
            RangeRow("", "anything", true),
            // spacesSeparateBounds (deliberate): both bounds apply.
            RangeRow(">=3.10 <3.13", "3.12", true), RangeRow(">=3.10 <3.13", "3.13", false),
            RangeRow(">=3.10 <3.13", "3.9", false), RangeRow(">=3.10  < 3.13", "3.14", false),
            // equalEqualInList (deliberate): == is =.
            RangeRow(">=3.10,==3.12", "3.12-64", true), RangeRow(">=3.10,==3.12", "3.13", false),
            RangeRow("==3.12", "3.12.1", true),
            // explicitCoreCompany (deliberate): core bounds only accept core installs.
            RangeRow(">=PythonCore\\3.12", "PythonEmbed\\3.14-64", false),
            RangeRow(">=PythonCore\\3.12", "CPython\\3.14-64", true),
            RangeRow(">=3.12", "PythonEmbed\\3.14-64", true),
            RangeRow("!=PythonCore/3", "PythonEmbed\\3.14-64", true),
        ])
    func rows(_ row: RangeRow) throws {
        #expect(try TagRange(parsing: row.spec).isSatisfied(by: Tag(parsing: row.tag)) == row.satisfied)
    }

    @Test("company prefixes in bounds apply only to loose install tags")
    func looseCompany() throws {
        let range = try TagRange(parsing: ">=Exam/1")
        #expect(range.isSatisfied(by: Tag(parsing: "ExampleCorp\\1.0", looseCompany: true)))
        #expect(!range.isSatisfied(by: Tag(parsing: "ExampleCorp\\1.0", looseCompany: false)))
    }

    @Test(
        "rejects a bound without an operator",
        arguments: [
            ("3.12", "3.12"), ("~3.12", "~3.12"), ("^3.12", "^3.12"), (">=3.10,3.12", "3.12"), (">=3.10,*", "*"),
            ("3.10-3.12", "3.10-3.12"), ("3.12.*", "3.12.*"), ("!3.12", "!3.12"),
        ])
    func unsupportedOperator(_ spec: String, _ bound: String) {
        #expect(throws: TagError.unsupportedRangeOperator(bound: bound, spec: spec)) {
            try TagRange(parsing: spec)
        }
    }

    @Test(
        "operatorInBound (deliberate): a doubled operator is an error, not a crash",
        arguments: [">>3.12", "<<3.12", "<>3.12", "=>3.12", ">=3.10,>>3.12", "< =3.12"])
    func invalidBound(_ spec: String) {
        #expect(throws: TagError.self) {
            try TagRange(parsing: spec)
        }
        do {
            _ = try TagRange(parsing: spec)
        } catch {
            guard case .invalidRangeBound(let bound, let recordedSpec) = error else {
                Issue.record("expected invalidRangeBound, got \(error)")
                return
            }
            #expect(recordedSpec == spec)
            #expect(spec.contains(bound))
            #expect(error.description.contains("'\(bound)'"))
        }
    }

    @Test("error messages quote the bound and the spec")
    func messages() {
        let message = TagError.invalidRangeBound(bound: ">>3.12", spec: ">>3.12").description
        #expect(message.hasPrefix("Invalid range bound '>>3.12': "))
        let listed = TagError.unsupportedRangeOperator(bound: "3.12", spec: ">=3.10,3.12").description
        #expect(listed.hasPrefix("Unsupported range specifier '3.12' in '>=3.10,3.12'. "))
    }

    @Test("bounds, description and appending(suffix:)")
    func bounds() throws {
        let range = try TagRange(parsing: " >= 3.10 ; <ExampleCorp/2 ")
        #expect(range.bounds.map(\.op) == [.greaterOrEqual, .less])
        #expect(range.description == ">=3.10,<ExampleCorp\\2")
        #expect(try TagRange(parsing: range.description) == range)
        let withPlatform = try TagRange(parsing: ">=3.12").appending(suffix: "-64")
        #expect(withPlatform.description == ">=3.12-64")
        #expect(withPlatform.isSatisfied(by: Tag(parsing: "3.14-64")))
        #expect(!withPlatform.isSatisfied(by: Tag(parsing: "3.14-arm64")))
        #expect(try TagRange(parsing: ",;").bounds.isEmpty)
    }
}
