/// What the user asked for when naming a runtime (`py -V:…`, `py list …`, `py install …`),
/// as classified by pymanager's `tag_or_range`, kept separate from the installs it may match.
public enum TagRequest: Hashable, CustomStringConvertible, Sendable {
    /// Nothing was asked for (`""`, `"  "`, `"="`): only the default install matches.
    ///
    /// This is pymanager's empty filter (`None`/`""` in `install_matches_any`). Callers that
    /// want "any runtime" instead can use `.tag(Tag(parsing: ""))`, which matches every core
    /// install (and every install when company prefixes are allowed).
    case any
    /// A tag or tag prefix, with optional company: `3.14`, `3-arm64`, `PythonCore/3`, `distrib/`.
    case tag(Tag)
    /// A range, recognised by a leading `<`, `>` or `!`: `>=3.10,<3.13`, `!=3.12`.
    case range(TagRange)

    /// Classifies user input as pymanager `tag_or_range` does:
    /// 1. leading spaces and `=` are dropped (`"==3.12"` is the tag `3.12`), and so are
    ///    trailing spaces (a deliberate difference: pymanager keeps them);
    /// 2. nothing left is `.any`;
    /// 3. a leading `<`, `>` or `!` makes a range (`"!3.12"` then fails as a range);
    /// 4. `default`, `latest` and `help` (any case) are rejected;
    /// 5. anything else is a tag (`"~=3.12"` is the literal tag `~=3.12`).
    ///
    /// - Throws: `TagError.reservedWord` for step 4, or the `TagRange(parsing:)` errors.
    public init(parsing text: String) throws(TagError) {
        var scalars = Substring(text).unicodeScalars
        while let first = scalars.first, first == " " || first == "=" {
            scalars.removeFirst()
        }
        while let last = scalars.last, last == " " {
            scalars.removeLast()
        }
        let trimmed = String(String.UnicodeScalarView(scalars))
        guard let first = trimmed.unicodeScalars.first else {
            self = .any
            return
        }
        if first == "<" || first == ">" || first == "!" {
            self = .range(try TagRange(parsing: trimmed))
            return
        }
        let lowered = trimmed.lowercased()
        if lowered == "default" || lowered == "latest" || lowered == "help" {
            throw .reservedWord(trimmed)
        }
        self = .tag(Tag(parsing: trimmed))
    }

    /// The request as text: `""` for `.any`, else the tag's or range's description.
    public var description: String {
        switch self {
        case .any:
            return ""
        case .tag(let tag):
            return tag.description
        case .range(let range):
            return range.description
        }
    }

    /// Does one install (or feed entry) satisfy this request? pymanager `install_matches_any`
    /// for a single filter:
    /// - `.any`: only when `isDefault`;
    /// - `.range`: tested against the entry's own `company`/`tag`, never its `installFor`
    ///   aliases, so `<3.12` does not pick 3.14 through a short `3` alias;
    /// - `.tag`: tested against each of `installFor` (the entry's `install-for` or
    ///   `run-for` tags), or against its own tag when that list is empty.
    ///
    /// `looseCompany` lets the request's company be a prefix of the entry's (`Exam/` for
    /// `ExampleCorp`); pymanager uses false on a first pass over a feed and true otherwise.
    public func matches(
        company: String, tag: String, installFor: [String], isDefault: Bool, looseCompany: Bool
    ) -> Bool {
        switch self {
        case .any:
            return isDefault
        case .range(let range):
            return range.isSatisfied(by: Tag(company: company, tag: tag, looseCompany: looseCompany))
        case .tag(let pattern):
            if installFor.isEmpty {
                return Tag(company: company, tag: tag, looseCompany: looseCompany).matches(pattern)
            }
            return installFor.contains { Tag(company: company, tag: $0, looseCompany: looseCompany).matches(pattern) }
        }
    }
}

/// True when the install or feed entry satisfies at least one request, or when there are
/// no requests at all (pymanager `install_matches_any`).
///
/// Example: with requests `[.tag(3.12), .range(>=3.14)]`, `PythonCore` `3.14-64` matches and
/// `3.13-64` does not. See `TagRequest.matches` for the parameters.
public func installMatchesAny(
    company: String, tag: String, installFor: [String], isDefault: Bool, requests: [TagRequest], looseCompany: Bool
) -> Bool {
    if requests.isEmpty {
        return true
    }
    return requests.contains {
        $0.matches(company: company, tag: tag, installFor: installFor, isDefault: isDefault, looseCompany: looseCompany)
    }
}
