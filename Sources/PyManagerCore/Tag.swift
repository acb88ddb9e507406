/// The platform suffixes pymanager treats specially, in preference order (after no suffix).
let supportedPlatformSuffixes = ["-64", "-32", "-arm64"]

/// Splits a recognised platform suffix off a tag: `"3.14-arm64"` gives `("3.14", "-arm64")`,
/// `"3.14-64-32"` gives `("3.14-64", "-32")`, `"3.14-x64"` gives `("3.14-x64", "")`.
///
/// Matches pymanager tagutils `split_platform`, except that the suffix is recognised in any
/// case and returned in lower case (`"3.14-ARM64"` gives `("3.14", "-arm64")`); pymanager
/// only knows the lower-case spellings.
public func splitPlatform(_ tag: String) -> (tag: String, platform: String) {
    let scalars = Array(tag.unicodeScalars)
    for suffix in supportedPlatformSuffixes {
        let suffixScalars = Array(suffix.unicodeScalars)
        guard scalars.count >= suffixScalars.count else {
            continue
        }
        let tail = scalars[(scalars.count - suffixScalars.count)...]
        let matches = zip(tail, suffixScalars).allSatisfy { actual, expected in
            asciiLowercase(actual) == expected
        }
        if matches {
            var head = String.UnicodeScalarView()
            head.append(contentsOf: scalars[..<(scalars.count - suffixScalars.count)])
            return (String(head), suffix)
        }
    }
    return (tag, "")
}

private func asciiLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    if scalar >= "A" && scalar <= "Z", let lower = Unicode.Scalar(scalar.value + 32) {
        return lower
    }
    return scalar
}

/// True when two company names denote the same distributor: case-insensitive, and
/// `PythonCore`, `CPython` and `""` are all the core company.
///
/// pymanager tagutils `companies_match`: `("PythonCore", "CPython")` and
/// `("ExampleCorp", "examplecorp")` match; `("ExampleCorp", "Example")` does not.
public func companiesMatch(_ a: String, _ b: String) -> Bool {
    CompanyKey(a) == CompanyKey(b)
}

/// A runtime tag with its company, as pymanager's `CompanyTag`: `3.14-64`,
/// `PythonCore\3.14`, `ExampleCorp/1.0`, `3.14t-arm64`.
///
/// The tag is split into `-`-separated pieces; each piece's leading dotted number is
/// compared numerically and the rest as case-insensitive text, so `3.10` sorts above `3.1`
/// and `3.14T` equals `3.14t`. A recognised platform suffix (`-64`, `-32`, `-arm64`) is kept
/// apart in `platform`.
///
/// Equality (and hashing) follow pymanager `__eq__`: same company (core names are all one
/// company, case-insensitive), same tag key, same platform. `looseCompany` and
/// `namesCoreCompany` are matching options and are not part of equality, so
/// `Tag(parsing: t.description) == t` holds for every parsed tag.
public struct Tag: Hashable, CustomStringConvertible, Sendable {
    /// The company as given, `""` for a bare tag: `"PythonCore"`, `"ExampleCorp"`, `"a\\b"`.
    public let company: String
    /// The tag without its platform suffix: `"3.14"` for `3.14-64`, `"3.14t"` for `3.14t-arm64`.
    public let tag: String
    /// `""`, `"-64"`, `"-32"` or `"-arm64"` (always lower case).
    public let platform: String
    /// When this tag is an install's tag: may a pattern's company be a prefix of ours
    /// (`Exam/1` selects `ExampleCorp\1.0`)? pymanager `loose_company` / `allow_prefix`.
    public let looseCompany: Bool
    /// True when the core company was written out (`PythonCore/3`, `CPython\3.12`, `/3.12`).
    ///
    /// Such a pattern never selects another company's runtime. This is a deliberate
    /// difference from pymanager, where `PythonCore/3` also selects `PythonEmbed\3.14`
    /// whenever company prefixes are allowed; a bare `3` still selects from every company.
    public let namesCoreCompany: Bool

    let companyKey: CompanyKey
    let sortKey: [TagKeyPart]

    /// Parses `Company/Tag`, `Company\Tag` or a bare `Tag` (the company is everything up
    /// to the last `/` or `\`, with `/` turned into `\`).
    ///
    /// Examples: `"3.14-64"`, `"PythonCore/3.12"`, `"ExampleCorp\\1.0"`, `"distrib/"`
    /// (company prefix, any tag), `"a/b/c"` (company `a\b`, tag `c`). Never fails: any
    /// text is a tag, though it may match nothing.
    /// - Parameter looseCompany: see `looseCompany`; only matters for an install's tag.
    public init(parsing text: String, looseCompany: Bool = true) {
        var company = ""
        var tag = text
        var hasSeparator = false
        var scalars = Array(text.unicodeScalars)
        if let separator = scalars.lastIndex(where: { $0 == "/" || $0 == "\\" }) {
            for index in scalars.indices where scalars[index] == "/" {
                scalars[index] = "\\"
            }
            company = Tag.string(scalars[..<separator])
            tag = Tag.string(scalars[(separator + 1)...])
            hasSeparator = true
        }
        let key = CompanyKey(company)
        self.init(
            company: company, companyKey: key, namesCoreCompany: hasSeparator && key.isCore,
            fullTag: tag, looseCompany: looseCompany)
    }

    /// A tag from separate company and tag strings, as read from an install or feed entry.
    ///
    /// Examples: `Tag(company: "PythonCore", tag: "3.14-64")`, `Tag(company: "", tag: "3")`.
    /// A non-empty core company (`PythonCore`, `CPython`) sets `namesCoreCompany`.
    public init(company: String, tag: String, looseCompany: Bool = true) {
        let key = CompanyKey(company)
        self.init(
            company: company, companyKey: key, namesCoreCompany: !company.isEmpty && key.isCore,
            fullTag: tag, looseCompany: looseCompany)
    }

    private init(company: String, companyKey: CompanyKey, namesCoreCompany: Bool, fullTag: String, looseCompany: Bool) {
        let (tag, platform) = splitPlatform(fullTag)
        self.company = company
        self.companyKey = companyKey
        self.namesCoreCompany = namesCoreCompany
        self.tag = tag
        self.platform = platform
        self.looseCompany = looseCompany
        self.sortKey = TagKeyPart.key(for: tag)
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// True for the core company: `PythonCore`, `CPython` or none (any case).
    public var isCore: Bool { companyKey.isCore }

    /// pymanager `__str__`: `"3.14-64"` for core tags, `"ExampleCorp\\1.0-64"` otherwise.
    public var description: String {
        isCore ? tag + platform : company + "\\" + tag + platform
    }

    /// pymanager `__add__`: appends text to the full tag and re-splits the platform, keeping
    /// the company and options. `Tag(parsing: "3.14").appending(suffix: "-64")` is `3.14-64`;
    /// `3.13-64` plus `-64` is `3.13-64-64` (tag `3.13-64`, platform `-64`).
    public func appending(suffix: String) -> Tag {
        Tag(
            company: company, companyKey: companyKey, namesCoreCompany: namesCoreCompany,
            fullTag: tag + platform + suffix, looseCompany: looseCompany)
    }

    /// Does this install tag satisfy the user's `pattern`? pymanager `CompanyTag.match`.
    ///
    /// 1. The pattern's company must be ours, or a prefix of it when `looseCompany` is set
    ///    (a bare pattern has the core company, which every company starts with when loose).
    ///    A pattern with `namesCoreCompany` only matches core tags (deliberate difference).
    /// 2. Each piece of the pattern must prefix ours at a `.`/`-` boundary: `3.1` matches
    ///    `3.1-32` and `3.1.0` but not `3.10`; `3` matches `3.14` but not `3.14t`; numbers are
    ///    numeric, so `3.01` matches `3.1`.
    /// 3. The pattern's platform, if any, must equal ours: `3.10` matches `3.10-64`, `3.10-64`
    ///    does not match `3.10` nor `3.10-arm64`.
    public func matches(_ pattern: Tag) -> Bool {
        guard companyAccepts(pattern), pattern.platform.isEmpty || pattern.platform == platform else {
            return false
        }
        guard sortKey.count >= pattern.sortKey.count else {
            return false
        }
        return zip(sortKey, pattern.sortKey).allSatisfy { $0.starts(with: $1) }
    }

    /// Steps shared by `matches` and the range bounds: company rules including the
    /// explicit-core difference.
    private func companyAccepts(_ pattern: Tag) -> Bool {
        if pattern.namesCoreCompany && !isCore {
            return false
        }
        return companyKey.starts(with: pattern.companyKey, allowPrefix: looseCompany)
    }

    /// pymanager `matches_bound` (the `=`, `~=`, `==` and `!=` test): like `matches`, but
    /// text pieces must be equal, not prefixes. `3.10.1` matches bound `3.10`.
    func matchesBound(_ bound: Tag) -> Bool {
        compare(toBound: bound, sizeAllowed: { $0 >= $1 }) { $0.starts(with: $1) }
    }

    /// pymanager `above_lower_bound` (the `>` test): every numeric piece is above the
    /// bound's, compared on the bound's field count, and text pieces are equal.
    /// Where pymanager would crash (a number against a text bound) this returns false.
    func isAbove(lowerBound bound: Tag) -> Bool {
        compare(toBound: bound, sizeAllowed: { $0 >= $1 }) { $0.isAbove(lowerBound: $1) }
    }

    /// pymanager `below_upper_bound` (the `<` test): no more pieces than the bound, every
    /// numeric piece below the bound's, text pieces equal.
    func isBelow(upperBound bound: Tag) -> Bool {
        compare(toBound: bound, sizeAllowed: { $0 <= $1 }) { $0.isBelow(upperBound: $1) }
    }

    /// The shared shape of the three bound tests: the company and platform must be
    /// accepted, the piece counts allowed, numeric pieces pass `test`, text pieces equal.
    private func compare(
        toBound bound: Tag, sizeAllowed: (Int, Int) -> Bool, _ test: (Version, Version) -> Bool
    ) -> Bool {
        guard companyAccepts(bound), bound.platform.isEmpty || bound.platform == platform,
            sizeAllowed(sortKey.count, bound.sortKey.count)
        else {
            return false
        }
        return zip(sortKey, bound.sortKey).allSatisfy { part, boundPart in
            if case .version(let value) = part {
                guard case .version(let boundValue) = boundPart else {
                    return false
                }
                return test(value, boundValue)
            }
            return part == boundPart
        }
    }

    /// True when `a` sorts before `b` in pymanager's tag order (`CompanyTag.__lt__`), i.e.
    /// `a` is preferred:
    /// 1. the core company first, then other companies by case-insensitive name;
    /// 2. then by tag pieces: higher numbers first (`3.14` before `3.13`, `3.13.2` before
    ///    `3.13`), numbers before text, text ascending (`3.14` before `3.14t`);
    /// 3. then by platform: none, `-64`, `-32`, `-arm64`.
    ///
    /// `sorted(by: Tag.isPreferred)` gives pymanager's `sorted()` order.
    public static func isPreferred(_ a: Tag, over b: Tag) -> Bool {
        if a.companyKey != b.companyKey {
            return CompanyKey.precedes(a.companyKey, b.companyKey)
        }
        if a.sortKey != b.sortKey {
            return TagKeyPart.keyPrecedes(a.sortKey, b.sortKey)
        }
        if a.platform != b.platform {
            return platformRank(a.platform) < platformRank(b.platform)
        }
        return false
    }

    /// Position in pymanager's platform order; unknown suffixes (not produced by
    /// `splitPlatform`) would come last.
    private static func platformRank(_ platform: String) -> Int {
        if platform.isEmpty {
            return 0
        }
        if let index = supportedPlatformSuffixes.firstIndex(of: platform) {
            return index + 1
        }
        return supportedPlatformSuffixes.count + 1
    }

    /// pymanager `__eq__`: same company key, tag key and platform. `3.13 == PythonCore\3.13`,
    /// `3.14t-64 == 3.14T-64`, `3.1 == 3.01`; `3.13.0 != 3.13`, `3.14 != 3.14-64`.
    public static func == (lhs: Tag, rhs: Tag) -> Bool {
        lhs.companyKey == rhs.companyKey && lhs.sortKey == rhs.sortKey && lhs.platform == rhs.platform
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(companyKey)
        hasher.combine(sortKey)
        hasher.combine(platform)
    }
}
