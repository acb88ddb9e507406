/// A runtime's Python version as python-build-standalone describes it:
/// `major.minor.patch` plus an optional prerelease (`a1`, `b2`, `rc1`).
///
/// Ordering follows CPython's release order: `3.15.0a1 < 3.15.0b1 <
/// 3.15.0rc1 < 3.15.0 < 3.15.1`. `description` is the `sort-version` text
/// (`3.14.7`, `3.15.0rc1`), which pymanager's version parser reads back.
public struct RuntimeVersion: Comparable, Hashable, CustomStringConvertible, Sendable {
    /// A prerelease stage, ordered alpha < beta < release candidate.
    public enum Stage: Int, Comparable, Sendable {
        case alpha, beta, candidate

        public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.rawValue < rhs.rawValue }

        var text: String {
            switch self {
            case .alpha: return "a"
            case .beta: return "b"
            case .candidate: return "rc"
            }
        }
    }

    public var major: Int
    public var minor: Int
    public var patch: Int
    /// `nil` for a final release.
    public var prerelease: (stage: Stage, number: Int)?

    public init(major: Int, minor: Int, patch: Int, prerelease: (stage: Stage, number: Int)? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
    }

    /// Parses PBS's `prerelease` field: `""` (final), `a1`, `b2`, `rc1`.
    /// Returns `nil` for anything else (the caller reports the key).
    public init?(major: Int, minor: Int, patch: Int, prereleaseText: String) {
        self.init(major: major, minor: minor, patch: patch)
        if prereleaseText.isEmpty { return }
        let stages: [(String, Stage)] = [("rc", .candidate), ("a", .alpha), ("b", .beta)]
        for (prefix, stage) in stages where prereleaseText.hasPrefix(prefix) {
            let digits = prereleaseText.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let number = Int(digits) else {
                return nil
            }
            prerelease = (stage, number)
            return
        }
        return nil
    }

    /// Parses `3.14.7` or `3.15.0rc1` (the text of `description`); `nil` otherwise.
    public init?(parsing text: String) {
        let firstNonVersion = text.firstIndex(where: { !$0.isASCIIDigit && $0 != "." }) ?? text.endIndex
        let numbers = text[..<firstNonVersion].split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, numbers.allSatisfy({ !$0.isEmpty && $0.count < 6 }),
            let major = Int(numbers[0]), let minor = Int(numbers[1]), let patch = Int(numbers[2])
        else { return nil }
        self.init(major: major, minor: minor, patch: patch, prereleaseText: String(text[firstNonVersion...]))
    }

    /// True for alphas, betas and release candidates.
    public var isPrerelease: Bool { prerelease != nil }

    /// `3.14`: the minor line, which names install folders and tags.
    public var minorLine: String { "\(major).\(minor)" }

    public var description: String {
        let base = "\(major).\(minor).\(patch)"
        guard let prerelease else { return base }
        return base + prerelease.stage.text + String(prerelease.number)
    }

    public static func == (lhs: RuntimeVersion, rhs: RuntimeVersion) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch
            && lhs.prerelease?.stage == rhs.prerelease?.stage
            && lhs.prerelease?.number == rhs.prerelease?.number
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }

    public static func < (lhs: RuntimeVersion, rhs: RuntimeVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        switch (lhs.prerelease, rhs.prerelease) {
        case (nil, _): return false
        case (_, nil): return true
        case (let l?, let r?): return (l.stage.rawValue, l.number) < (r.stage.rawValue, r.number)
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
