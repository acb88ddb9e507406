// PEP 440 versions, only as far as `requires-python` needs them: parsing with
// the standard normalisations, and ordering. Named PEP440Version so it never
// clashes with the launcher's own runtime `Version`/`Tag` types.

/// Why a PEP 440 version or specifier was rejected.
public enum PEP440Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a PEP 440 version, e.g. `3.12x` or `3..1`.
    case invalidVersion(String)
    /// A specifier clause that is not valid; `problem` says why.
    case invalidSpecifier(String, problem: SpecifierProblem)

    /// What is wrong with a specifier clause.
    public enum SpecifierProblem: Equatable, Sendable {
        /// No operator, or an unknown one (`3.12`, `=3.12`, `=>3.12`).
        case missingOperator
        /// An operator with no version after it (`>=`).
        case missingVersion
        /// The text after the operator is not a PEP 440 version.
        case invalidVersion
        /// `.*` used with an operator other than `==`/`!=`, or after a pre/post/dev part.
        case wildcardNotAllowed
        /// A `+local` label used with an operator other than `==`/`!=`.
        case localNotAllowed
        /// `~=` needs at least two release components (`~=3.11`, not `~=3`).
        case compatibleNeedsTwoComponents
    }

    public var description: String {
        switch self {
        case .invalidVersion(let text):
            return "'\(text)' is not a valid PEP 440 version."
        case .invalidSpecifier(let text, let problem):
            let why: String
            switch problem {
            case .missingOperator: why = "it needs an operator such as '>=', '==' or '~='"
            case .missingVersion: why = "it has no version after the operator"
            case .invalidVersion: why = "the version is not valid PEP 440"
            case .wildcardNotAllowed: why = "'.*' is only allowed after a release with '==' or '!='"
            case .localNotAllowed: why = "a '+local' version is only allowed with '==' or '!='"
            case .compatibleNeedsTwoComponents: why = "'~=' needs at least two release numbers, e.g. '~=3.11'"
            }
            return "Invalid version specifier '\(text)': \(why)."
        }
    }
}

/// A PEP 440 version such as `3.12.4`, `3.14.0a2`, `1!2.0.post1.dev3+local.7`.
///
/// Equality and ordering follow PEP 440: `3.12 == 3.12.0`; `3.13.0.dev1 <
/// 3.13.0a1 < 3.13.0rc1 < 3.13.0 < 3.13.0.post1`.
public struct PEP440Version: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// A pre-release phase; `alpha`, `beta`, `c`, `pre`, `preview` normalise to these.
    public enum PreReleaseKind: Int, Comparable, Sendable {
        case alpha, beta, releaseCandidate
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The epoch (`1` in `1!2.0`), 0 when absent.
    public let epoch: UInt64
    /// The release numbers, e.g. `[3, 12, 4]`; never empty.
    public let release: [UInt64]
    /// The pre-release phase and number, e.g. `(.alpha, 2)` for `a2`.
    public let preRelease: (kind: PreReleaseKind, number: UInt64)?
    /// The post-release number.
    public let postRelease: UInt64?
    /// The development release number.
    public let devRelease: UInt64?
    /// The local label's parts, lowercased, e.g. `["ubuntu", "1"]` for `+ubuntu.1`.
    public let local: [String]?
    /// Parses a PEP 440 version (case-insensitive, surrounding whitespace ignored,
    /// optional `v`, the standard spellings and separators). Throws `.invalidVersion`.
    public init(parsing text: String) throws(PEP440Error) {
        let trimmed = ShebangLine.trim(text)
        var parser = Parser(Array(trimmed.lowercased().unicodeScalars))
        guard let parsed = parser.parseVersion(), parser.atEnd else { throw .invalidVersion(text) }
        self = parsed
        self.originalStorage = trimmed
    }

    init(
        epoch: UInt64, release: [UInt64], preRelease: (kind: PreReleaseKind, number: UInt64)?,
        postRelease: UInt64?, devRelease: UInt64?, local: [String]?
    ) {
        self.epoch = epoch
        self.release = release
        self.preRelease = preRelease
        self.postRelease = postRelease
        self.devRelease = devRelease
        self.local = local
        self.originalStorage = nil
    }

    private var originalStorage: String?

    /// True for pre-releases and development releases (`3.14.0a2`, `3.14.0.dev1`).
    public var isPrerelease: Bool { preRelease != nil || devRelease != nil }
    /// True when there is a `.postN` part.
    public var isPostrelease: Bool { postRelease != nil }

    /// The version without its local label.
    public var publicVersion: PEP440Version {
        PEP440Version(
            epoch: epoch, release: release, preRelease: preRelease, postRelease: postRelease,
            devRelease: devRelease, local: nil)
    }

    /// Only the epoch and release, e.g. `3.14.0` for `3.14.0rc1`.
    public var baseVersion: PEP440Version {
        PEP440Version(epoch: epoch, release: release, preRelease: nil, postRelease: nil, devRelease: nil, local: nil)
    }

    /// The normalised form, e.g. `3.14.0rc1` for `3.14.0-RC.1`.
    public var description: String {
        var text = epoch == 0 ? "" : "\(epoch)!"
        text += release.map(String.init).joined(separator: ".")
        if let pre = preRelease {
            text += ["a", "b", "rc"][pre.kind.rawValue] + String(pre.number)
        }
        if let post = postRelease { text += ".post\(post)" }
        if let dev = devRelease { text += ".dev\(dev)" }
        if let local { text += "+" + local.joined(separator: ".") }
        return text
    }

    public static func == (lhs: PEP440Version, rhs: PEP440Version) -> Bool { compare(lhs, rhs) == 0 }
    public static func < (lhs: PEP440Version, rhs: PEP440Version) -> Bool { compare(lhs, rhs) < 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        var trimmed = release[...]
        while trimmed.count > 1, trimmed.last == 0 { trimmed = trimmed.dropLast() }
        hasher.combine(Array(trimmed))
        hasher.combine(preRelease?.kind)
        hasher.combine(preRelease?.number)
        hasher.combine(postRelease)
        hasher.combine(devRelease)
        hasher.combine(local)
    }

    // MARK: - Ordering (packaging's `_cmpkey`)

    static func compare(_ a: PEP440Version, _ b: PEP440Version) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        for index in 0..<max(a.release.count, b.release.count) {
            let x = index < a.release.count ? a.release[index] : 0
            let y = index < b.release.count ? b.release[index] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        // A dev-only release sorts before every pre-release; no pre-release sorts after all.
        func preKey(_ v: PEP440Version) -> (Int, Int, UInt64) {
            if let pre = v.preRelease { return (1, pre.kind.rawValue, pre.number) }
            if v.postRelease == nil, v.devRelease != nil { return (0, 0, 0) }
            return (2, 0, 0)
        }
        let preA = preKey(a)
        let preB = preKey(b)
        if preA != preB { return preA < preB ? -1 : 1 }
        let postA = a.postRelease.map { (1, $0) } ?? (0, 0)
        let postB = b.postRelease.map { (1, $0) } ?? (0, 0)
        if postA != postB { return postA < postB ? -1 : 1 }
        let devA = a.devRelease.map { (0, $0) } ?? (1, 0)
        let devB = b.devRelease.map { (0, $0) } ?? (1, 0)
        if devA != devB { return devA < devB ? -1 : 1 }
        return compareLocal(a.local, b.local)
    }

    /// No label sorts first; numeric parts sort after alphanumeric ones.
    private static func compareLocal(_ a: [String]?, _ b: [String]?) -> Int {
        guard let a else { return b == nil ? 0 : -1 }
        guard let b else { return 1 }
        for (x, y) in zip(a, b) {
            let nx = UInt64(x)
            let ny = UInt64(y)
            switch (nx, ny) {
            case (let p?, let q?): if p != q { return p < q ? -1 : 1 }
            case (nil, nil): if x != y { return x < y ? -1 : 1 }
            case (nil, _?): return -1
            case (_?, nil): return 1
            }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    // MARK: - Parsing (packaging's VERSION_PATTERN, by hand)

    struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        init(_ s: [Unicode.Scalar]) { self.s = s }

        var atEnd: Bool { i == s.count }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }

        static func isDigit(_ c: Unicode.Scalar?) -> Bool {
            guard let c else { return false }
            return c >= "0" && c <= "9"
        }

        mutating func number() -> UInt64?? {
            guard Parser.isDigit(peek()) else { return .some(nil) }
            var value: UInt64 = 0
            while let c = peek(), Parser.isDigit(c) {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(UInt64(c.value - 48))
                if o1 || o2 { return nil }
                value = plus
                i += 1
            }
            return .some(value)
        }

        mutating func separator() {
            if let c = peek(), c == "-" || c == "_" || c == "." { i += 1 }
        }

        mutating func word(_ options: [String]) -> String? {
            for option in options {
                let scalars = Array(option.unicodeScalars)
                if i + scalars.count <= s.count, Array(s[i..<(i + scalars.count)]) == scalars {
                    i += scalars.count
                    return option
                }
            }
            return nil
        }

        /// `[sep] label [sep] [number]`, restoring the position when there is no label.
        mutating func labelled(_ labels: [String]) -> (String, UInt64)?? {
            let start = i
            separator()
            guard let label = word(labels) else {
                i = start
                return .some(nil)
            }
            let beforeSep = i
            separator()
            guard let value = number() else { return nil }
            if value == nil { i = beforeSep }
            return .some((label, value ?? 0))
        }

        mutating func parseVersion() -> PEP440Version? {
            if peek() == "v" { i += 1 }
            guard let first = number(), let firstValue = first else { return nil }
            var epoch: UInt64 = 0
            var release: [UInt64] = [firstValue]
            if peek() == "!" {
                i += 1
                epoch = firstValue
                guard let head = number(), let headValue = head else { return nil }
                release = [headValue]
            }
            while peek() == ".", Parser.isDigit(peek(1)) {
                i += 1
                guard let part = number(), let value = part else { return nil }
                release.append(value)
            }
            guard let pre = labelled(["alpha", "beta", "preview", "pre", "rc", "a", "b", "c"]) else { return nil }
            let preRelease = pre.map { label, value -> (kind: PreReleaseKind, number: UInt64) in
                switch label {
                case "alpha", "a": return (.alpha, value)
                case "beta", "b": return (.beta, value)
                default: return (.releaseCandidate, value)
                }
            }
            var postRelease: UInt64? = nil
            if peek() == "-", Parser.isDigit(peek(1)) {
                i += 1
                guard let value = number() else { return nil }
                postRelease = value
            } else {
                guard let post = labelled(["post", "rev", "r"]) else { return nil }
                postRelease = post?.1
            }
            guard let dev = labelled(["dev"]) else { return nil }
            var local: [String]? = nil
            if peek() == "+" {
                i += 1
                var parts: [String] = []
                var current = String.UnicodeScalarView()
                while let c = peek() {
                    if (c >= "a" && c <= "z") || Parser.isDigit(c) {
                        current.append(c)
                    } else if c == "-" || c == "_" || c == "." {
                        guard !current.isEmpty else { return nil }
                        parts.append(String(current))
                        current = String.UnicodeScalarView()
                    } else {
                        return nil
                    }
                    i += 1
                }
                guard !current.isEmpty else { return nil }
                parts.append(String(current))
                // Numeric parts compare as numbers, so store them without leading zeros.
                local = parts.map { part in UInt64(part).map(String.init) ?? part }
            }
            return PEP440Version(
                epoch: epoch, release: release, preRelease: preRelease, postRelease: postRelease,
                devRelease: dev?.1, local: local)
        }
    }
}

extension PEP440Version {
    /// The text as given to `init(parsing:)`, trimmed; `description` for built values.
    /// Equality ignores it (`3.12` == `3.12.0`); `===` compares it.
    public var originalText: String { originalStorage ?? description }
}
