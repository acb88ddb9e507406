import Testing

@testable import PyManagerCore

// Hand-written rows for TagRequest (pymanager tag_or_range) and installMatchesAny
// (pymanager install_matches_any).

@Suite("TagRequest")
struct TagRequestTests {
    @Test(
        "classifies input as tag, range or nothing",
        arguments: [
            ("3.12", "tag", "3.12"), ("  3.12  ", "tag", "3.12"), ("==3.12", "tag", "3.12"), ("= 3.12", "tag", "3.12"),
            ("~=3.12", "tag", "~=3.12"), ("PythonCore/3.12", "tag", "3.12"), ("distrib/", "tag", "distrib\\"),
            (">=3.12", "range", ">=3.12"), (" <3.13 ", "range", "<3.13"), ("!=3.12", "range", "!=3.12"),
            (">=3.10 <3.13", "range", ">=3.10,<3.13"), ("", "any", ""), ("   ", "any", ""), ("=", "any", ""),
        ])
    func classify(_ input: String, _ kind: String, _ description: String) throws {
        let request = try TagRequest(parsing: input)
        switch request {
        case .any: #expect(kind == "any")
        case .tag: #expect(kind == "tag")
        case .range: #expect(kind == "range")
        }
        #expect(request.description == description)
    }

    @Test("trailing spaces are ignored (deliberate difference: pymanager keeps them)")
    func trailingSpaces() throws {
        #expect(try TagRequest(parsing: "3.12 ") == TagRequest(parsing: "3.12"))
        #expect(try TagRequest(parsing: " >=3.12 ") == TagRequest(parsing: ">=3.12"))
    }

    @Test("reserved words are rejected", arguments: ["default", "Default", "latest", "LATEST", "help", " help "])
    func reserved(_ input: String) {
        let word = input.trimmingSpaces
        #expect(throws: TagError.reservedWord(word)) {
            try TagRequest(parsing: input)
        }
        #expect(
            TagError.reservedWord(word).description == "'\(word)' is not a valid tag or filter. "
                + "Give a tag such as '3.14', or leave it out to use the default runtime.")
    }

    @Test("range errors come through", arguments: ["!3.12", ">>3.12"])
    func rangeErrors(_ input: String) {
        #expect(throws: TagError.self) {
            try TagRequest(parsing: input)
        }
    }

    // MARK: installMatchesAny

    @Test("no requests match everything; the empty request matches only the default")
    func emptyRequests() throws {
        #expect(
            installMatchesAny(
                company: "PythonCore", tag: "3.14-64", installFor: [], isDefault: false, requests: [],
                looseCompany: false))
        let any = try TagRequest(parsing: "")
        #expect(
            any.matches(company: "PythonCore", tag: "3.14-64", installFor: [], isDefault: true, looseCompany: false))
        #expect(
            !any.matches(company: "PythonCore", tag: "3.14-64", installFor: [], isDefault: false, looseCompany: false))
    }

    @Test("tags are matched against install-for, falling back to the install's own tag")
    func installFor() throws {
        let three = try TagRequest(parsing: "3")
        let exact = try TagRequest(parsing: "3.14.4")
        let installFor = ["3.14-64", "3.14", "3-64", "3"]
        #expect(
            three.matches(
                company: "PythonCore", tag: "3.14.4-64", installFor: installFor, isDefault: false, looseCompany: false))
        #expect(
            !exact.matches(
                company: "PythonCore", tag: "3.14.4-64", installFor: installFor, isDefault: false, looseCompany: false))
        #expect(
            exact.matches(
                company: "PythonCore", tag: "3.14.4-64", installFor: [], isDefault: false, looseCompany: false))
    }

    @Test("ranges are tested against the install's own tag, never install-for or run-for")
    func rangesUseOwnTag() throws {
        let below = try TagRequest(parsing: "<3.12")
        // "3" in run-for is below 3.12 by pymanager's bound rules; the install itself is 3.14.
        #expect(
            !below.matches(
                company: "PythonCore", tag: "3.14-64", installFor: ["3", "3-64"], isDefault: false, looseCompany: true))
        #expect(
            below.matches(
                company: "PythonCore", tag: "3.11-64", installFor: ["3", "3-64"], isDefault: false, looseCompany: true))
    }

    @Test("an explicit core company never selects another company's runtime")
    func explicitCore() throws {
        let core = try TagRequest(parsing: "PythonCore/3")
        let bare = try TagRequest(parsing: "3")
        #expect(
            !core.matches(company: "PythonEmbed", tag: "3.14-64", installFor: [], isDefault: false, looseCompany: true))
        #expect(
            bare.matches(company: "PythonEmbed", tag: "3.14-64", installFor: [], isDefault: false, looseCompany: true))
        #expect(
            core.matches(company: "PythonCore", tag: "3.14-64", installFor: [], isDefault: false, looseCompany: false))
    }

    @Test("several requests: any one is enough")
    func several() throws {
        let requests = try [TagRequest(parsing: "3.12"), TagRequest(parsing: ">=3.14")]
        #expect(
            installMatchesAny(
                company: "PythonCore", tag: "3.14-64", installFor: [], isDefault: false, requests: requests,
                looseCompany: false))
        #expect(
            installMatchesAny(
                company: "PythonCore", tag: "3.12.10-64", installFor: [], isDefault: false, requests: requests,
                looseCompany: false))
        #expect(
            !installMatchesAny(
                company: "PythonCore", tag: "3.13-64", installFor: [], isDefault: false, requests: requests,
                looseCompany: false))
        #expect(
            !installMatchesAny(
                company: "ExampleCorp", tag: "3.14", installFor: [], isDefault: false,
                requests: [try TagRequest(parsing: "Exam/")], looseCompany: false))
        #expect(
            installMatchesAny(
                company: "ExampleCorp", tag: "3.14", installFor: [], isDefault: false,
                requests: [try TagRequest(parsing: "Exam/")], looseCompany: true))
    }
}

/// The word `default` where a tag is expected (seed 4.1.5).
@Suite("TagRequest: the word default")
struct DefaultKeywordTests {
    @Test(
        "isDefaultKeyword",
        arguments: [
            ("default", true), ("DEFAULT", true), ("Default", true), (" default ", true), ("\tdefault", true),
            ("defaults", false), ("default/", false), ("PythonCore/default", false), ("", false), ("3", false),
            ("=default", false), ("latest", false),
        ])
    func keyword(_ text: String, _ expected: Bool) {
        #expect(TagRequest.isDefaultKeyword(text) == expected)
    }

    struct FilterRow: CustomTestStringConvertible, Sendable {
        var defaultTag: String
        var hasExplicitDefault: Bool
        /// The request's description; `""` is `.any` (only the install marked default).
        var expected: String
        var testDescription: String { "default_tag '\(defaultTag)', explicit default \(hasExplicitDefault)" }
    }

    @Test(
        "defaultFilter: the explicit default (venv) when there is one, else default_tag",
        arguments: [
            FilterRow(defaultTag: "3.13", hasExplicitDefault: true, expected: ""),
            FilterRow(defaultTag: "3.13", hasExplicitDefault: false, expected: "3.13"),
            FilterRow(defaultTag: "PyPy/", hasExplicitDefault: false, expected: "PyPy\\"),
            FilterRow(defaultTag: ">=3.12", hasExplicitDefault: false, expected: ">=3.12"),
            FilterRow(defaultTag: "", hasExplicitDefault: false, expected: "3"),
            FilterRow(defaultTag: "  ", hasExplicitDefault: false, expected: "3"),
            FilterRow(defaultTag: "", hasExplicitDefault: true, expected: ""),
        ])
    func filter(_ row: FilterRow) throws {
        let request = try TagRequest.defaultFilter(defaultTag: row.defaultTag, hasExplicitDefault: row.hasExplicitDefault)
        #expect(request.description == row.expected)
        if row.hasExplicitDefault { #expect(request == .any) }
    }

    @Test("a default_tag that is no tag is reported as such")
    func badDefaultTag() {
        #expect(throws: TagError.reservedWord("latest")) {
            try TagRequest.defaultFilter(defaultTag: "latest", hasExplicitDefault: false)
        }
    }

    @Test("the filter marks what py list default shows")
    func filterMatches() throws {
        let venvFilter = try TagRequest.defaultFilter(defaultTag: "3.13", hasExplicitDefault: true)
        #expect(venvFilter.matches(company: "---", tag: "(venv)", installFor: [], isDefault: true, looseCompany: true))
        #expect(!venvFilter.matches(company: "PythonCore", tag: "3.13-64", installFor: ["3.13-64"], isDefault: false, looseCompany: true))
        let tagFilter = try TagRequest.defaultFilter(defaultTag: "3.13", hasExplicitDefault: false)
        #expect(tagFilter.matches(company: "PythonCore", tag: "3.13-64", installFor: ["3.13.5-64", "3.13-64"], isDefault: false, looseCompany: true))
        #expect(!tagFilter.matches(company: "PythonCore", tag: "3.14-64", installFor: ["3.14.2-64", "3.14-64"], isDefault: true, looseCompany: true))
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
