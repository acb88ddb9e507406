// PEP 440 version specifiers (`>=3.11`, `==3.12.*`, `~=3.11`, …), with the
// semantics of the reference implementation (pypa/packaging `specifiers.py`),
// for matching `requires-python` against installed runtime versions.

/// One specifier clause, e.g. `>=3.11` or `==3.12.*`.
public struct PEP440Specifier: Equatable, Sendable, CustomStringConvertible {
    /// A comparison operator.
    public enum Operator: String, Equatable, Sendable, CaseIterable {
        /// `~=V`: `>=V` and `==` V without its last release number, `.*`.
        case compatible = "~="
        /// `==V` or `==V.*` (prefix match).
        case equal = "=="
        /// `!=V` or `!=V.*`.
        case notEqual = "!="
        /// `<=V`.
        case lessThanOrEqual = "<="
        /// `>=V`.
        case greaterThanOrEqual = ">="
        /// `<V`, excluding pre-releases of V unless V is one.
        case lessThan = "<"
        /// `>V`, excluding post-releases and local versions of V.
        case greaterThan = ">"
        /// `===V`: the same string, case-insensitively.
        case arbitrary = "==="
    }

    /// The operator.
    public let op: Operator
    /// The version text after the operator, trimmed, without `.*`.
    public let versionText: String
    /// The parsed version; nil only for `===` with a non-PEP 440 string.
    public let version: PEP440Version?
    /// True for `==V.*` and `!=V.*`.
    public let hasWildcard: Bool

    /// Parses one clause, e.g. `PEP440Specifier(parsing: " >= 3.11 ")`.
    /// Throws `PEP440Error.invalidSpecifier` saying what is wrong.
    public init(parsing text: String) throws(PEP440Error) {
        let trimmed = ShebangLine.trim(text)
        // Longest operators first, so `===` is not read as `==` and `<=` not as `<`.
        let ordered: [Operator] = [
            .arbitrary, .compatible, .equal, .notEqual, .lessThanOrEqual, .greaterThanOrEqual,
            .lessThan, .greaterThan,
        ]
        guard let op = ordered.first(where: { trimmed.hasPrefix($0.rawValue) }) else {
            throw .invalidSpecifier(trimmed, problem: .missingOperator)
        }
        var rest = ShebangLine.trim(trimmed.dropFirst(op.rawValue.count))
        guard !rest.isEmpty else { throw .invalidSpecifier(trimmed, problem: .missingVersion) }
        guard !rest.contains(where: { $0 == " " || $0 == "\t" }) else {
            throw .invalidSpecifier(trimmed, problem: .invalidVersion)
        }
        if op == .arbitrary {
            self.op = op
            self.versionText = rest
            self.version = try? PEP440Version(parsing: rest)
            self.hasWildcard = false
            return
        }
        var wildcard = false
        if rest.hasSuffix(".*") {
            guard op == .equal || op == .notEqual else {
                throw .invalidSpecifier(trimmed, problem: .wildcardNotAllowed)
            }
            wildcard = true
            rest.removeLast(2)
        }
        guard let version = try? PEP440Version(parsing: rest) else {
            throw .invalidSpecifier(trimmed, problem: rest.contains("*") ? .wildcardNotAllowed : .invalidVersion)
        }
        if wildcard, version.isPrerelease || version.isPostrelease || version.local != nil {
            throw .invalidSpecifier(trimmed, problem: .wildcardNotAllowed)
        }
        if version.local != nil, op != .equal, op != .notEqual {
            throw .invalidSpecifier(trimmed, problem: .localNotAllowed)
        }
        if op == .compatible, version.release.count < 2 {
            throw .invalidSpecifier(trimmed, problem: .compatibleNeedsTwoComponents)
        }
        self.op = op
        self.versionText = rest
        self.version = version
        self.hasWildcard = wildcard
    }

    /// The clause as written, normalised to `<op><version>[.*]`, e.g. `>=3.11`.
    public var description: String { op.rawValue + versionText + (hasWildcard ? ".*" : "") }

    /// True when this clause names a pre-release with an inclusive or ordered
    /// operator (`>=3.14.0a1`, `==3.14.0rc1`, `<3.13.0b1`), which lets the whole
    /// set match pre-releases.
    public var namesPrerelease: Bool {
        guard op != .notEqual, let version else { return false }
        return version.isPrerelease
    }

    /// True when `candidate` satisfies this clause. Pre-releases are excluded unless
    /// `prereleases` is true, or it is nil and this clause names a pre-release.
    public func contains(_ candidate: PEP440Version, prereleases: Bool? = nil) -> Bool {
        if candidate.isPrerelease, !(prereleases ?? namesPrerelease) { return false }
        return matches(candidate)
    }

    /// The operator's comparison, without the pre-release filter.
    func matches(_ candidate: PEP440Version) -> Bool {
        if op == .arbitrary {
            return candidate.originalText.lowercased() == versionText.lowercased()
        }
        guard let spec = version else { return false }
        switch op {
        case .equal:
            return equal(candidate, spec)
        case .notEqual:
            return !equal(candidate, spec)
        case .lessThanOrEqual:
            return candidate.publicVersion <= spec
        case .greaterThanOrEqual:
            return candidate.publicVersion >= spec
        case .lessThan:
            guard candidate < spec else { return false }
            // `<3.13` must not admit 3.13.0rc1.
            if !spec.isPrerelease, candidate.isPrerelease, candidate.baseVersion == spec.baseVersion {
                return false
            }
            return true
        case .greaterThan:
            guard candidate > spec else { return false }
            // `>3.12` must not admit 3.12.post1 or 3.12+local.
            if !spec.isPostrelease, candidate.isPostrelease, candidate.baseVersion == spec.baseVersion {
                return false
            }
            if candidate.local != nil, candidate.baseVersion == spec.baseVersion { return false }
            return true
        case .compatible:
            guard candidate.publicVersion >= spec else { return false }
            return PEP440Specifier.prefixMatches(candidate, epoch: spec.epoch, prefix: Array(spec.release.dropLast()))
        case .arbitrary:
            return false
        }
    }

    private func equal(_ candidate: PEP440Version, _ spec: PEP440Version) -> Bool {
        if hasWildcard {
            return PEP440Specifier.prefixMatches(candidate, epoch: spec.epoch, prefix: spec.release)
        }
        return spec.local == nil ? candidate.publicVersion == spec : candidate == spec
    }

    /// Same epoch, and the candidate's release (padded with zeros) starts with `prefix`.
    static func prefixMatches(_ candidate: PEP440Version, epoch: UInt64, prefix: [UInt64]) -> Bool {
        guard candidate.epoch == epoch else { return false }
        for (index, value) in prefix.enumerated() {
            let part = index < candidate.release.count ? candidate.release[index] : 0
            if part != value { return false }
        }
        return true
    }
}

/// A comma-separated set of PEP 440 specifiers, as in `requires-python`.
///
/// A version is contained when every clause contains it. Pre-releases
/// (`3.14.0a2`, `3.14.0.dev1`) are excluded unless a clause names a pre-release
/// (PEP 440 "Handling of pre-releases") or the caller passes `prereleases: true`.
/// The empty set contains every final release.
///
/// Example: `try PEP440SpecifierSet(parsing: ">=3.10,<3.13").contains("3.12.4")` is true.
public struct PEP440SpecifierSet: Equatable, Sendable, CustomStringConvertible {
    /// The clauses, in the order written.
    public let specifiers: [PEP440Specifier]

    /// Parses `>=3.10, <3.13`-style text; empty clauses (a trailing comma) are
    /// skipped, as in packaging. Throws `PEP440Error.invalidSpecifier` for the first bad clause.
    public init(parsing text: String) throws(PEP440Error) {
        var specifiers: [PEP440Specifier] = []
        for clause in text.split(separator: ",", omittingEmptySubsequences: false) {
            if ShebangLine.trim(clause).isEmpty { continue }
            specifiers.append(try PEP440Specifier(parsing: String(clause)))
        }
        self.specifiers = specifiers
    }

    /// Creates a set from parsed clauses.
    public init(_ specifiers: [PEP440Specifier]) {
        self.specifiers = specifiers
    }

    /// The clauses joined with `,`, e.g. `>=3.10,<3.13`.
    public var description: String { specifiers.map(\.description).joined(separator: ",") }

    /// True when some clause names a pre-release, so pre-releases may match.
    public var allowsPrereleases: Bool { specifiers.contains(where: \.namesPrerelease) }

    /// True when `version` (e.g. `3.12.4`, `3.14.0a2`) satisfies every clause.
    /// A string that is not a PEP 440 version (e.g. the tag `3.14t`) only matches
    /// a set made entirely of `===` clauses naming exactly that string.
    public func contains(_ version: String) -> Bool {
        guard let parsed = try? PEP440Version(parsing: version) else {
            let text = ShebangLine.trim(version).lowercased()
            return !specifiers.isEmpty
                && specifiers.allSatisfy { $0.op == .arbitrary && $0.versionText.lowercased() == text }
        }
        return contains(parsed)
    }

    /// True when `version` satisfies every clause. `prereleases` overrides the
    /// default pre-release rule (nil: allowed only when `allowsPrereleases`).
    public func contains(_ version: PEP440Version, prereleases: Bool? = nil) -> Bool {
        let allow = prereleases ?? allowsPrereleases
        if version.isPrerelease, !allow { return false }
        return specifiers.allSatisfy { $0.contains(version, prereleases: allow) }
    }
}
