// Internal pieces of a tag's identity, mirroring pymanager tagutils' `_CompanyKey`,
// `_AscendingText`, `_DescendingVersion` and `_sort_tag`.
//
// Text is compared as Python compares `str`: by Unicode scalar values, not by Swift's
// canonical-equivalence `String ==`. Python's `casefold()` is approximated with
// `lowercased()`, which is identical for ASCII.

/// Case-folded text compared scalar by scalar (pymanager `_AscendingText` and company names).
struct FoldedText: Hashable, Comparable, Sendable {
    let scalars: [UInt32]

    init(_ text: some StringProtocol) {
        scalars = text.lowercased().unicodeScalars.map(\.value)
    }

    var isEmpty: Bool { scalars.isEmpty }

    func hasPrefix(_ prefix: FoldedText) -> Bool {
        scalars.starts(with: prefix.scalars)
    }

    static func < (lhs: FoldedText, rhs: FoldedText) -> Bool {
        lhs.scalars.lexicographicallyPrecedes(rhs.scalars)
    }
}

/// One `-`-separated piece of a tag: its leading dotted number (sorted descending) and
/// the text after it (sorted ascending). `3.14t-dev` is `[3.14, "t", "dev"]`.
enum TagKeyPart: Hashable, Sendable {
    case version(Version)
    case text(FoldedText)

    /// pymanager `startswith` on key parts: numbers by `Version.starts(with:)`, text by
    /// prefix, except that an empty pattern text only matches empty text (so `3.14` does
    /// not match `3.14t`). Parts of different kinds never match.
    func starts(with pattern: TagKeyPart) -> Bool {
        switch (self, pattern) {
        case (.version(let value), .version(let prefix)):
            return value.starts(with: prefix)
        case (.text(let value), .text(let prefix)):
            return prefix.isEmpty ? value.isEmpty : value.hasPrefix(prefix)
        default:
            return false
        }
    }

    /// pymanager's tuple ordering of key parts: higher numbers first, numbers before
    /// text, text ascending.
    static func precedes(_ lhs: TagKeyPart, _ rhs: TagKeyPart) -> Bool {
        switch (lhs, rhs) {
        case (.version(let a), .version(let b)):
            return b < a
        case (.version, .text):
            return true
        case (.text, .version):
            return false
        case (.text(let a), .text(let b)):
            return a < b
        }
    }

    /// Builds pymanager `_sort_tag(tag)`: split on `-`, then `^(\d+(?:\.\d+)*)(.*)$` per piece.
    static func key(for tag: String) -> [TagKeyPart] {
        if tag.isEmpty {
            return []
        }
        var key: [TagKeyPart] = []
        for bit in tag.unicodeScalars.split(separator: "-", omittingEmptySubsequences: false) {
            let scalars = Array(bit)
            var numbers: [Int] = []
            var index = 0
            while let number = readNumber(scalars, &index) {
                numbers.append(number)
                guard index + 1 < scalars.count, scalars[index] == ".", isDigit(scalars[index + 1]) else {
                    break
                }
                index += 1
            }
            if numbers.isEmpty {
                key.append(.text(FoldedText(string(scalars[...]))))
            } else {
                key.append(.version(Version(numbers: numbers, text: string(scalars[..<index]))))
                key.append(.text(FoldedText(string(scalars[index...]))))
            }
        }
        return key
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }

    private static func readNumber(_ scalars: [Unicode.Scalar], _ index: inout Int) -> Int? {
        guard index < scalars.count, isDigit(scalars[index]) else {
            return nil
        }
        var value = 0
        while index < scalars.count, isDigit(scalars[index]) {
            let digit = Int(scalars[index].value - 48)
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            value = overflow1 || overflow2 ? Int.max : sum
            index += 1
        }
        return value
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Python tuple `<` over key parts: the first unequal part decides, else shorter first.
    static func keyPrecedes(_ lhs: [TagKeyPart], _ rhs: [TagKeyPart]) -> Bool {
        for (a, b) in zip(lhs, rhs) where a != b {
            return precedes(a, b)
        }
        return lhs.count < rhs.count
    }
}

/// A company name as pymanager compares it (`_CompanyKey`): case-folded, with the core
/// names `PythonCore`, `CPython` and `""` all folded to `""`.
struct CompanyKey: Hashable, Sendable {
    static let coreNames = [FoldedText("CPython"), FoldedText("PythonCore"), FoldedText("")]

    /// The folded name, or empty for any core company.
    let folded: FoldedText
    let isCore: Bool

    init(_ company: String) {
        let folded = FoldedText(company)
        isCore = CompanyKey.coreNames.contains(folded)
        self.folded = isCore ? FoldedText("") : folded
    }

    /// pymanager `_CompanyKey.startswith`: core matches core; with `allowPrefix` the
    /// pattern may be a prefix (`Exam` for `ExampleCorp`, `Py` for core); otherwise the
    /// folded names must be equal.
    func starts(with pattern: CompanyKey, allowPrefix: Bool) -> Bool {
        if isCore && pattern.isCore {
            return true
        }
        if allowPrefix {
            if isCore {
                return CompanyKey.coreNames.contains { $0.hasPrefix(pattern.folded) }
            }
            return folded.hasPrefix(pattern.folded)
        }
        return folded == pattern.folded
    }

    /// pymanager `_CompanyKey.__lt__`: core first, then by folded name.
    static func precedes(_ lhs: CompanyKey, _ rhs: CompanyKey) -> Bool {
        if lhs.isCore && !rhs.isCore {
            return true
        }
        if rhs.isCore {
            return false
        }
        return lhs.folded < rhs.folded
    }
}
