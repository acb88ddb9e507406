import Testing

@testable import PyManagerCore

// Hand-written rows for Tag (pymanager tagutils CompanyTag): pymanager's own
// tests/test_tagutils.py tables, then every example from the behaviour spec
// (seed sections 4.1.2, 4.1.4, 4.1.12 and 4.12.1.1).

struct MatchRow: Sendable, CustomTestStringConvertible {
    let install: String
    let pattern: String
    let matches: Bool
    var looseCompany = true
    let why: String
    var testDescription: String { "'\(pattern)' \(matches ? "selects" : "skips") '\(install)': \(why)" }
}

@Suite("Tag")
struct TagTests {
    // MARK: pymanager tests/test_tagutils.py

    @Test("core tags", arguments: ["3.13", "3.13-32", "3.13-arm64", "cpython/3.13", "PythonCore\\3.13", "\\Tag"])
    func coreTag(_ text: String) {
        #expect(Tag(parsing: text).isCore)
    }

    @Test("company tags", arguments: ["Company/Tag", "Company\\Tag", "Company/"])
    func companyTag(_ text: String) {
        #expect(!Tag(parsing: text).isCore)
    }

    @Test("equality")
    func equality() {
        #expect(Tag(parsing: "3.13") == Tag(parsing: "PythonCore\\3.13"))
        #expect(Tag(parsing: "3.13") != Tag(parsing: "Company\\3.13"))
        #expect(Tag(parsing: "3.13.0") != Tag(parsing: "3.13"))
        #expect(Tag(parsing: "3.14-arm64") == Tag(parsing: "3.14-ARM64"))  // platformAnyCase
    }

    @Test(
        "matching (test_tag_match, test_tag_platform_match)",
        arguments: [
            MatchRow(install: "3.13", pattern: "Company\\3.13", matches: false, why: "other company"),
            MatchRow(install: "3.13", pattern: "3.13", matches: true, why: "same tag"),
            MatchRow(install: "3.13.0", pattern: "3.13", matches: true, why: "prefix"),
            MatchRow(install: "3.13.2", pattern: "3.13", matches: true, why: "prefix"),
            MatchRow(install: "3.13", pattern: "3.13.0", matches: false, why: "pattern longer"),
            MatchRow(install: "3.13", pattern: "3.13.2", matches: false, why: "pattern longer"),
            MatchRow(install: "PythonCore\\3.13", pattern: "", matches: true, why: "empty pattern"),
            MatchRow(install: "PythonCore\\4.56", pattern: "", matches: true, why: "empty pattern"),
            MatchRow(install: "PythonCore\\3.13", pattern: "3", matches: true, why: "major prefix"),
            MatchRow(install: "PythonCore\\4.56", pattern: "3", matches: false, why: "other major"),
            MatchRow(install: "3.10-64", pattern: "3.10", matches: true, why: "no platform in pattern"),
            MatchRow(install: "3.10-64", pattern: "3.10-64", matches: true, why: "same platform"),
            MatchRow(install: "3.10", pattern: "3.10-64", matches: false, why: "install has no platform"),
            MatchRow(install: "3.10-arm64", pattern: "3.10-64", matches: false, why: "other platform"),
        ])
    func pymanagerMatch(_ row: MatchRow) {
        #expect(
            Tag(parsing: row.install, looseCompany: row.looseCompany).matches(Tag(parsing: row.pattern)) == row.matches)
    }

    @Test("order (test_tag_order)")
    func order() {
        let pairs = [
            ("3.13.2", "3.13"), ("3.13.1", "3.13.1-32"), ("3.13.1", "3.13.1-arm64"), ("3.13.1", "a3.13.1"),
            ("a3.13.1", "b3.13.1"), ("3.13.1a", "3.13.1b"), ("3.14-64", "3.14-32"), ("3.14", "3.14-64"),
            ("3.14", "3.14t"),
        ]
        for (first, second) in pairs {
            #expect(Tag.isPreferred(Tag(parsing: first), over: Tag(parsing: second)), "\(first) before \(second)")
            #expect(!Tag.isPreferred(Tag(parsing: second), over: Tag(parsing: first)), "\(second) after \(first)")
        }
    }

    @Test("sorting (test_tag_sort): core first, newest first, then companies by name")
    func sort() {
        let expected = [
            "3.11-64", "3.10.4", "3.10", "3.9", "3.9-32", "Company/Version10", "Company/Version9",
            "OtherCompany/3.9.2", "OtherCompany/3.9-32",
        ]
        let tags = expected.map { Tag(parsing: $0) }
        for shuffled in [
            Array(tags.reversed()), Array(tags[4...] + tags[..<4]),
            [tags[5], tags[0], tags[8], tags[2], tags[1], tags[7], tags[3], tags[6], tags[4]],
        ] {
            #expect(shuffled.sorted(by: Tag.isPreferred) == tags)
        }
    }

    @Test("appending a suffix (test_tag_concatenate)")
    func concatenate() {
        #expect(Tag(parsing: "3.13").appending(suffix: "-64") == Tag(parsing: "3.13-64"))
        #expect(Tag(parsing: "3.13-64").appending(suffix: "-64") == Tag(parsing: "3.13-64-64"))
        #expect(Tag(parsing: "3.13-arm64").appending(suffix: "-64") == Tag(parsing: "3.13-arm64-64"))
        let appended = Tag(parsing: "3.13-64").appending(suffix: "-64")
        #expect(appended.tag == "3.13-64")
        #expect(appended.platform == "-64")
        let company = Tag(parsing: "ExampleCorp/1.0", looseCompany: false).appending(suffix: "-32")
        #expect(company.description == "ExampleCorp\\1.0-32")
        #expect(!company.looseCompany)
    }

    // MARK: behaviour spec examples

    @Test(
        "spec examples: -V:<TAG> selection",
        arguments: [
            MatchRow(install: "3.1-32", pattern: "3.1", matches: true, why: "4.12.1.1: prefix at a '-' boundary"),
            MatchRow(install: "3.1.0", pattern: "3.1", matches: true, why: "prefix at a '.' boundary"),
            MatchRow(install: "3.10", pattern: "3.1", matches: false, why: "4.12.1.1: 3.1 must not match 3.10"),
            // The legacy-launcher text (4.12.1.1) says "-V:3.01 does not match 3.1"; pymanager,
            // and the recorded oracle (tags.json match and equal), compare numerically, so it does.
            MatchRow(install: "3.1", pattern: "3.01", matches: true, why: "pymanager compares numbers numerically"),
            MatchRow(install: "3.14", pattern: "3.14", matches: true, why: "4.1.2: -V:3.14"),
            MatchRow(install: "3.14-arm64", pattern: "3-arm64", matches: true, why: "4.1.2: -V:3-arm64"),
            MatchRow(install: "3.14-64", pattern: "3-arm64", matches: false, why: "platform must match"),
            MatchRow(install: "3.14", pattern: "3-arm64", matches: false, why: "platform must match"),
            MatchRow(
                install: "Distributor\\1.0", pattern: "Distributor\\1.0", matches: true, why: "4.1.2: company and tag"),
            MatchRow(
                install: "Distributor\\1.0", pattern: "distrib/", matches: true, why: "4.1.2: company prefix, any tag"),
            MatchRow(
                install: "Distributor\\1.0", pattern: "distrib/", matches: false, looseCompany: false,
                why: "prefix only when company matching is loose"),
            MatchRow(
                install: "Distributor\\1.0", pattern: "DISTRIBUTOR/", matches: true, looseCompany: false,
                why: "company is case-insensitive"),
            MatchRow(
                install: "PythonCore\\3.14-64", pattern: "PythonCore/", matches: true,
                why: "4.12.1.1: any PythonCore runtime"),
            MatchRow(
                install: "CPython\\3.12", pattern: "PythonCore/", matches: true, why: "CPython is the core company"),
            MatchRow(
                install: "PythonEmbed\\3.14", pattern: "PythonCore/", matches: false,
                why: "explicitCoreCompany (deliberate): no other company"),
            MatchRow(
                install: "PythonCore\\3.14", pattern: "PythonCore/3", matches: true,
                why: "4.12.1.1: PythonCore's Python 3"),
            MatchRow(
                install: "PythonEmbed\\3.14-64", pattern: "PythonCore/3", matches: false,
                why: "explicitCoreCompany (deliberate): pymanager would select it"),
            MatchRow(
                install: "PythonEmbed\\3.14-64", pattern: "3", matches: true,
                why: "4.12.1.1: -V:3 selects from any company"),
            MatchRow(
                install: "PythonEmbed\\3.14-64", pattern: "3", matches: false, looseCompany: false,
                why: "but not on a strict (first) pass"),
            MatchRow(install: "3.14t", pattern: "3.14t", matches: true, why: "4.1.12: free-threaded tag"),
            MatchRow(install: "3.14.4t-64", pattern: "3.14t", matches: true, why: "free-threaded prefix"),
            MatchRow(install: "3.14t", pattern: "3.14", matches: false, why: "3.14 is not free-threaded"),
            MatchRow(install: "3.14t-64", pattern: "3", matches: false, why: "3 is not free-threaded"),
            MatchRow(
                install: "3.14t-arm64", pattern: "3.14t-arm64", matches: true, why: "4.1.12: free-threaded on arm64"),
            MatchRow(install: "3.14t-64", pattern: "3.14t-arm64", matches: false, why: "other platform"),
            MatchRow(install: "3.14-arm64", pattern: "3.14-ARM64", matches: true, why: "platformAnyCase (deliberate)"),
            MatchRow(install: "3.14T", pattern: "3.14t", matches: true, why: "text is case-insensitive"),
        ])
    func specMatch(_ row: MatchRow) {
        #expect(
            Tag(parsing: row.install, looseCompany: row.looseCompany).matches(Tag(parsing: row.pattern)) == row.matches)
    }

    @Test(
        "parsing splits company, tag and platform",
        arguments: [
            ("3.14t-arm64", "", "3.14t", "-arm64", "3.14t-arm64"),
            ("PythonCore/3.12", "PythonCore", "3.12", "", "3.12"),
            ("Company\\Tag", "Company", "Tag", "", "Company\\Tag"),
            ("a/b/c", "a\\b", "c", "", "a\\b\\c"),
            ("Py\\", "Py", "", "", "Py\\"),
            ("3.14-ARM64", "", "3.14", "-arm64", "3.14-arm64"),
            ("3.12-dev-64", "", "3.12-dev", "-64", "3.12-dev-64"),
        ])
    func parsing(_ text: String, _ company: String, _ tag: String, _ platform: String, _ description: String) {
        let parsed = Tag(parsing: text)
        #expect(parsed.company == company)
        #expect(parsed.tag == tag)
        #expect(parsed.platform == platform)
        #expect(parsed.description == description)
    }

    @Test("namesCoreCompany is set only when the core company is written out")
    func namesCoreCompany() {
        #expect(Tag(parsing: "PythonCore/3").namesCoreCompany)
        #expect(Tag(parsing: "cpython\\3").namesCoreCompany)
        #expect(Tag(parsing: "/3.12").namesCoreCompany)
        #expect(!Tag(parsing: "3").namesCoreCompany)
        #expect(!Tag(parsing: "ExampleCorp/3").namesCoreCompany)
        #expect(Tag(company: "PythonCore", tag: "3.14").namesCoreCompany)
        #expect(!Tag(company: "", tag: "3.14").namesCoreCompany)
    }

    @Test("description round-trips: Tag(parsing: t.description) == t, for every tag in the fixtures")
    func roundTrip() {
        var texts = Set<String>()
        for c in MatchCase.all {
            texts.insert(c.pattern)
            texts.insert(c.tag)
        }
        for c in OrderCase.all {
            texts.insert(c.a)
            texts.insert(c.b)
        }
        texts.formUnion(["3.14t-arm64", "Distributor\\1.0", "distrib/", "PythonCore/", "a/b/c", "3.14-ARM64", ""])
        #expect(texts.count > 100)
        for text in texts {
            let tag = Tag(parsing: text)
            let again = Tag(parsing: tag.description)
            #expect(again == tag, "\(text) -> \(tag.description)")
            #expect(again.description == tag.description)
            #expect(again.isCore == tag.isCore)
        }
    }

    @Test("splitPlatform and companiesMatch examples")
    func freeFunctions() {
        #expect(splitPlatform("3.14-arm64") == ("3.14", "-arm64"))
        #expect(splitPlatform("3.14-x64") == ("3.14-x64", ""))
        #expect(splitPlatform("3.14-Arm64") == ("3.14", "-arm64"))
        #expect(splitPlatform("-64") == ("", "-64"))
        #expect(companiesMatch("PythonCore", "CPython"))
        #expect(companiesMatch("", "pythoncore"))
        #expect(!companiesMatch("ExampleCorp", "Example"))
        #expect(!companiesMatch("PythonEmbed", "PythonCore"))
    }
}
