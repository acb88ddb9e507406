/// A runtime version, parsed and ordered exactly as pymanager's `manage/verutils.py` `Version`.
///
/// Accepted text is `N[.N...]`, optionally followed by `[.-]LEVEL[.]SERIAL` where LEVEL is
/// `dev`, `a`, `b`, `c`, `rc` or `*` (any case) and SERIAL is optional digits:
/// `3.14`, `3.14.0rc1`, `3.14.0-rc.1`, `3.15.0a8`, `3.14.0.dev1`, `3.14.*`.
/// Ordering compares up to eight numeric fields, then the field count, then the level
/// (`*` < `dev` < `a` < `b` < `c` = `rc` < release), then the serial, so
/// `3.9 < 3.10`, `3.14.0a1 < 3.14.0`, `3.14 < 3.14.0` and `3.1 == 3.01`.
///
/// Equality and hashing use that sort key, so two spellings of one version are equal
/// (`3.14.0c1 == 3.14.0rc1`) while `description` keeps the original text.
/// Only ASCII digits are accepted (Python's `\d` would also take other Unicode digits),
/// and numbers too large for `Int` saturate at `Int.max`.
public struct Version: Hashable, Comparable, CustomStringConvertible, Sendable {
    /// pymanager's `MAX_FIELDS`: numeric fields beyond this are ignored for ordering.
    public static let maxFields = 8

    /// Level values in the sort key (pymanager `TEXT_MAP`).
    static let prefixLevel = 0
    static let devLevel = 1
    static let releaseLevel = 1000

    /// The text this version was parsed from, unchanged (`"3.14.0RC2"` stays as typed).
    public let description: String

    /// pymanager's `sortkey`: eight numeric fields (zero padded, truncated), the number of
    /// numeric fields given, the level (`*`=0, `dev`=1, `a`=2, `b`=3, `c`/`rc`=4, none=1000)
    /// and the serial. Example: `3.14.0rc2` is `[3, 14, 0, 0, 0, 0, 0, 0, 3, 4, 2]`.
    public let sortKey: [Int]

    /// Parses pymanager version text such as `3.14`, `3.14.0rc1` or `3.14.*`.
    ///
    /// - Throws: `TagError.invalidVersion` for anything else, e.g. `""`, `"3.x"`, `"v3.12"`,
    ///   `" 3.12"`, `"3.12-64"`, `"3.14t"`, `"3.12.0alpha1"`.
    public init(parsing text: String) throws(TagError) {
        guard let parsed = Version.parse(text) else {
            throw .invalidVersion(text)
        }
        self = parsed
    }

    /// A release version made of `numbers`, as pymanager builds from the digits of a tag.
    init(numbers: [Int], text: String) {
        self.init(text: text, numbers: numbers, level: Version.releaseLevel, serial: 0)
    }

    private init(text: String, numbers: [Int], level: Int, serial: Int) {
        var key = Array(numbers.prefix(Version.maxFields))
        while key.count < Version.maxFields {
            key.append(0)
        }
        key.append(numbers.count)
        key.append(level)
        key.append(serial)
        self.description = text
        self.sortKey = key
    }

    /// How many numeric fields were given (`3.14` has 2, `3.14.0rc1` has 3).
    var fieldCount: Int { sortKey[Version.maxFields] }
    var level: Int { sortKey[Version.maxFields + 1] }

    /// True for alpha, beta, release-candidate, `dev` and `*` versions: `3.14.0a1`, `3.14dev`.
    public var isPrerelease: Bool { level < Version.releaseLevel }

    /// pymanager `prefix_match`: the level is `*`, as in `3.14.*`.
    var isPrefixPattern: Bool { level == Version.prefixLevel }
    /// pymanager `prerelease_match`: the level is `dev`, as in `3.14.0.dev1`.
    var isDevPattern: Bool { level == Version.devLevel }

    /// Orders by the pymanager sort key: `3.14.0a1 < 3.14.0rc1 < 3.14 < 3.14.0 < 3.14.1`.
    public static func < (lhs: Version, rhs: Version) -> Bool {
        lhs.sortKey.lexicographicallyPrecedes(rhs.sortKey)
    }

    /// pymanager `Version.__eq__`: equal keys, or one side is a `*` prefix pattern of the
    /// other (`3.*` ~ `3.12`), or `self` is a `dev` version with the same numbers
    /// (`3.14.0.dev1` ~ `3.14.0rc2`). Not symmetric in general, hence not `==`.
    public func isLooselyEqual(to other: Version) -> Bool {
        areEqual(other)
    }

    /// pymanager `Version.startswith`: `3.14.2` starts with `3.14`, `3.14` does not start
    /// with `3.1` nor with `3.14.0`, and `3.1` starts with `3.01`.
    public func starts(with prefix: Version) -> Bool {
        areEqual(prefix, otherPrefixMatch: true)
    }

    /// pymanager `above_lower_bound`: compares only as many fields as `bound` gives, so
    /// `3.11` and `3.11.2` are above `3.10` but `3.10.5` is not.
    public func isAbove(lowerBound bound: Version) -> Bool {
        let n = bound.fieldCount
        return Version.keyPrefix(bound.sortKey, n).lexicographicallyPrecedes(Version.keyPrefix(sortKey, n))
    }

    /// pymanager `below_upper_bound`: compares only as many fields as `bound` gives, so
    /// `3.12.10` is below `3.13` but `3.13.0` is not.
    public func isBelow(upperBound bound: Version) -> Bool {
        let n = bound.fieldCount
        return Version.keyPrefix(sortKey, n).lexicographicallyPrecedes(Version.keyPrefix(bound.sortKey, n))
    }

    /// pymanager `_are_equal`, with its optional overrides for prefix and pre-release matching.
    func areEqual(
        _ other: Version,
        prefixMatch: Bool = false,
        otherPrefixMatch: Bool = false,
        prereleaseMatch: Bool = false
    ) -> Bool {
        if sortKey == other.sortKey {
            return true
        }
        if prefixMatch || isPrefixPattern {
            let n = fieldCount
            if fieldCount <= other.fieldCount && Version.keyPrefix(sortKey, n) == Version.keyPrefix(other.sortKey, n) {
                return true
            }
        } else if otherPrefixMatch || other.isPrefixPattern {
            let n = other.fieldCount
            if fieldCount >= other.fieldCount && Version.keyPrefix(sortKey, n) == Version.keyPrefix(other.sortKey, n) {
                return true
            }
        }
        if prereleaseMatch || isDevPattern {
            let n = Version.maxFields
            if Version.keyPrefix(sortKey, n) == Version.keyPrefix(other.sortKey, n) {
                return true
            }
        }
        return false
    }

    /// Python's `key[:n]`.
    private static func keyPrefix(_ key: [Int], _ n: Int) -> ArraySlice<Int> {
        key.prefix(max(0, n))
    }

    /// Equal sort keys: `3.1 == 3.01`, `3.14.0c1 == 3.14.0rc1`, `3.14 != 3.14.0`.
    public static func == (lhs: Version, rhs: Version) -> Bool {
        lhs.sortKey == rhs.sortKey
    }

    /// Hashes the sort key, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(sortKey)
    }
}

// MARK: - Parsing

extension Version {
    /// Hand-written equivalent of pymanager's pattern
    /// `^(\d+(\.\d+)*)([\.\-]?(\*|dev|a|b|c|rc)[\.]?(\d*))?$`, case-insensitive.
    fileprivate static func parse(_ text: String) -> Version? {
        let bytes = Array(text.utf8)
        var index = 0
        var numbers: [Int] = []
        guard let first = readNumber(bytes, &index) else {
            return nil
        }
        numbers.append(first)
        while index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), isDigit(bytes[index + 1]) {
            index += 1
            guard let next = readNumber(bytes, &index) else {
                return nil
            }
            numbers.append(next)
        }
        var level = releaseLevel
        var serial = 0
        if index < bytes.count {
            if bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard let (matchedLevel, length) = readLevel(bytes, index) else {
                return nil
            }
            level = matchedLevel
            index += length
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
            }
            if index < bytes.count {
                guard let value = readNumber(bytes, &index) else {
                    return nil
                }
                serial = value
            }
            guard index == bytes.count else {
                return nil
            }
        }
        return Version(text: text, numbers: numbers, level: level, serial: serial)
    }

    fileprivate static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Reads one or more ASCII digits at `index`, saturating at `Int.max`.
    fileprivate static func readNumber(_ bytes: [UInt8], _ index: inout Int) -> Int? {
        guard index < bytes.count, isDigit(bytes[index]) else {
            return nil
        }
        var value = 0
        while index < bytes.count, isDigit(bytes[index]) {
            let digit = Int(bytes[index] - UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            value = overflow1 || overflow2 ? Int.max : sum
            index += 1
        }
        return value
    }

    /// The level word at `index` (case-insensitive) and its length, per pymanager `TEXT_MAP`.
    fileprivate static func readLevel(_ bytes: [UInt8], _ index: Int) -> (level: Int, length: Int)? {
        let levels: [(word: String, level: Int)] = [
            ("*", prefixLevel), ("dev", devLevel), ("a", 2), ("b", 3), ("c", 4), ("rc", 4),
        ]
        for (word, value) in levels {
            let wordBytes = Array(word.utf8)
            guard index + wordBytes.count <= bytes.count else {
                continue
            }
            var matched = true
            for (offset, expected) in wordBytes.enumerated() {
                var actual = bytes[index + offset]
                if actual >= UInt8(ascii: "A") && actual <= UInt8(ascii: "Z") {
                    actual += 32
                }
                if actual != expected {
                    matched = false
                    break
                }
            }
            if matched {
                return (value, wordBytes.count)
            }
        }
        return nil
    }
}
