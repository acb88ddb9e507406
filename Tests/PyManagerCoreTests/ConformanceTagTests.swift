import Testing

@testable import PyManagerCore

// Every case in Tests/Fixtures/tags.json, as recorded from pymanager's tagutils.
//
// Cases that depend on a deliberate difference (see `Difference`) are not skipped but
// re-derived: the expectation is computed from the rule and, where possible, from an
// equivalent recorded case; the test then checks our answer against that. Rows whose
// expectation differs from the recording are counted per difference in
// `deviationCounts`, so a change to the fixtures or to a rule shows up there.

/// What a recorded match case should give here, and which difference (if any) changed it.
enum MatchExpectation {
    static func expected(_ c: MatchCase) -> (value: Bool, difference: Difference?) {
        // explicitCoreCompany: `PythonCore/3` (or `/3.12`) only selects core installs;
        // pymanager lets it select e.g. `PythonEmbed\3.14-64` when companies are loose.
        if FixtureText.namesCoreCompany(c.pattern) && !FixtureText.installIsCore(c.tag) {
            return (false, c.result ? .explicitCoreCompany : nil)
        }
        // platformAnyCase: `3.14-ARM64` is `3.14` restricted to `-arm64` installs, which is
        // the recorded answer for `3.14` plus the platform check.
        if let (base, platform) = FixtureText.nonLowercasePlatform(c.pattern),
            let baseResult = MatchCase.recorded(base, c.tag, c.looseCompany)
        {
            let value = baseResult && FixtureText.platform(of: c.tag) == platform
            return (value, value != c.result ? .platformAnyCase : nil)
        }
        return (c.result, nil)
    }
}

/// What a recorded range case should give here.
enum RangeExpectation: Equatable {
    case satisfied(Bool)
    case unsupportedOperator
    case invalidBound

    /// Specs whose bound tag starts with an operator character (operatorInBound).
    /// pymanager crashes on `>>3.12` and silently matches nothing on the others.
    static let operatorInBoundSpecs: Set<String> = [">>3.12", "<<3.12", "<>3.12", "=>3.12"]

    static func expected(_ c: RangeCase) -> (value: RangeExpectation, difference: Difference?) {
        switch c.outcome {
        case .error:
            return (.unsupportedOperator, nil)
        case .crash:
            return (.invalidBound, .operatorInBound)
        case .result(let recorded):
            if operatorInBoundSpecs.contains(c.spec) {
                return (.invalidBound, .operatorInBound)
            }
            // equalEqualInList: `==3.12` is `=3.12` (pymanager reads `=` + tag `=3.12`).
            // In `>=3.10,==3.12` the extra bound is recorded through `>= 3.10 , < 3.13`;
            // every tag equal to 3.12 is below 3.13, so that adds exactly `>=3.10`.
            if c.spec == "==3.12" || c.spec == ">=3.10,==3.12" {
                guard var value = RangeCase.recorded("=3.12", c.tag, c.looseCompany) else {
                    return (.satisfied(recorded), nil)
                }
                if c.spec.hasPrefix(">=3.10"), let lower = RangeCase.recorded(">= 3.10 , < 3.13", c.tag, c.looseCompany)
                {
                    value = value && lower
                }
                return (.satisfied(value), value != recorded ? .equalEqualInList : nil)
            }
            // explicitCoreCompany: a single bound naming the core company only accepts
            // core installs (`!=` would accept all others).
            let isSingleBound = !c.spec.contains(",") && !c.spec.contains(";")
            let boundTag = String(c.spec.drop { "<>=!~ ".contains($0) })
            if isSingleBound && FixtureText.namesCoreCompany(boundTag) && !FixtureText.installIsCore(c.tag) {
                let value = c.spec.hasPrefix("!")
                return (.satisfied(value), value != recorded ? .explicitCoreCompany : nil)
            }
            return (.satisfied(recorded), nil)
        }
    }
}

@Suite("Conformance: tags.json")
struct ConformanceTagTests {
    @Test("match: install tag satisfies the user's pattern", arguments: MatchCase.all)
    func match(_ c: MatchCase) {
        let install = Tag(parsing: c.tag, looseCompany: c.looseCompany)
        let pattern = Tag(parsing: c.pattern)
        let (expected, difference) = MatchExpectation.expected(c)
        #expect(install.matches(pattern) == expected, "\(difference?.rawValue ?? "as recorded")")
    }

    @Test("range: tag satisfies the spec, or the spec is rejected", arguments: RangeCase.all)
    func range(_ c: RangeCase) {
        let (expected, difference) = RangeExpectation.expected(c)
        let note = Comment(rawValue: difference?.rawValue ?? "as recorded")
        do {
            let range = try TagRange(parsing: c.spec)
            let satisfied = range.isSatisfied(by: Tag(parsing: c.tag, looseCompany: c.looseCompany))
            #expect(RangeExpectation.satisfied(satisfied) == expected, note)
        } catch {
            switch error {
            case .unsupportedRangeOperator(_, let spec):
                #expect(expected == .unsupportedOperator && spec == c.spec, note)
            case .invalidRangeBound(_, let spec):
                #expect(expected == .invalidBound && spec == c.spec, note)
            default:
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test("order: -1 when a is preferred over b", arguments: OrderCase.all)
    func order(_ c: OrderCase) {
        let a = Tag(parsing: c.a)
        let b = Tag(parsing: c.b)
        let actual = Tag.isPreferred(a, over: b) ? -1 : (Tag.isPreferred(b, over: a) ? 1 : 0)
        #expect(actual == c.result)
        #expect(!(Tag.isPreferred(a, over: b) && Tag.isPreferred(b, over: a)))
    }

    @Test("equal: tag equality", arguments: EqualCase.all)
    func equal(_ c: EqualCase) {
        var expected = c.result
        if c.a == "3.14-ARM64" && c.b == "3.14-arm64" {
            expected = true  // platformAnyCase: inverted (pymanager: false)
        }
        let a = Tag(parsing: c.a)
        let b = Tag(parsing: c.b)
        #expect((a == b) == expected)
        if a == b {
            #expect(a.hashValue == b.hashValue)
        }
    }

    @Test("parse: user input classified as tag, range or error", arguments: ParseCase.all)
    func parse(_ c: ParseCase) throws {
        var expected = c.kind
        if c.input == ">=3.10 <3.13" {
            // spacesSeparateBounds: inverted (pymanager: one bound with tag `3.10 <3.13`).
            expected = .range([
                .init(op: ">=", company: "", tag: "3.10", platform: ""),
                .init(op: "<", company: "", tag: "3.13", platform: ""),
            ])
        }
        switch expected {
        case .error:
            let reserved = ["default", "latest", "help"].contains(c.input.lowercased())
            #expect(
                throws: reserved
                    ? TagError.reservedWord(c.input) : .unsupportedRangeOperator(bound: c.input, spec: c.input)
            ) {
                try TagRequest(parsing: c.input)
            }
        case .tag(let company, let tag, let platform, let isCore, let text):
            let request = try TagRequest(parsing: c.input)
            if company.isEmpty && tag.isEmpty && platform.isEmpty {
                // pymanager's empty CompanyTag("", ""): our `.any` (empty query).
                #expect(request == .any)
                return
            }
            guard case .tag(let parsed) = request else {
                Issue.record("expected a tag, got \(request)")
                return
            }
            #expect(parsed.company == company)
            #expect(parsed.tag == tag)
            #expect(parsed.platform == platform)
            #expect(parsed.isCore == isCore)
            #expect(parsed.description == text)
            #expect(request.description == text)
        case .range(let bounds):
            let request = try TagRequest(parsing: c.input)
            guard case .range(let range) = request else {
                Issue.record("expected a range, got \(request)")
                return
            }
            let actual = range.bounds.map {
                ParseCase.Bound(op: $0.op.rawValue, company: $0.tag.company, tag: $0.tag.tag, platform: $0.tag.platform)
            }
            #expect(actual == bounds)
        }
    }

    @Test("split_platform", arguments: SplitPlatformCase.all)
    func splitPlatformCase(_ c: SplitPlatformCase) {
        var expected = (tag: c.tag, platform: c.platform)
        if c.input == "3.14-ARM64" {
            expected = ("3.14", "-arm64")  // platformAnyCase: inverted (pymanager: no platform)
        }
        let actual = splitPlatform(c.input)
        #expect(actual.tag == expected.tag)
        #expect(actual.platform == expected.platform)
    }

    @Test("companies_match", arguments: CompaniesMatchCase.all)
    func companiesMatchCase(_ c: CompaniesMatchCase) {
        #expect(companiesMatch(c.a, c.b) == c.result)
        #expect(companiesMatch(c.b, c.a) == c.result)
    }

    /// How many recorded cases each deliberate difference changes. If this fails, a rule
    /// or the fixtures changed: check the cases before updating the numbers.
    @Test("deviations from the recorded reference are exactly the documented ones")
    func deviationCounts() {
        var counts: [Difference: Int] = [:]
        for c in MatchCase.all {
            if let difference = MatchExpectation.expected(c).difference {
                counts[difference, default: 0] += 1
            }
        }
        for c in RangeCase.all {
            if let difference = RangeExpectation.expected(c).difference {
                counts[difference, default: 0] += 1
            }
        }
        #expect(counts[.explicitCoreCompany] == 35 + 11)
        #expect(counts[.platformAnyCase] == 1)  // `3.14-ARM64` now selects `3.14-arm64`
        #expect(counts[.operatorInBound] == 212)
        #expect(counts[.equalEqualInList] == 20)
        #expect(counts[.spacesSeparateBounds] == nil)  // only in the parse table (1 row)
    }
}
