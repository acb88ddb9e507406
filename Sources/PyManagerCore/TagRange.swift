/// A set of bounds on tags, all of which must hold, as pymanager's `TagRange`:
/// `>=3.10,<3.13`, `>=3.10;<3.13`, `>=3.10 <3.13`, `!=3.12`, `>=ExampleCorp/1.0`.
///
/// Bounds compare only as many version fields as the bound gives: `<3.13` excludes
/// `3.13.1`, `>3.10` excludes `3.10.1`. A bound's platform, company and text pieces must
/// match the tag (`>=3.10-32` only accepts `-32` tags; `>=3.10` accepts `3.10-32`).
public struct TagRange: Hashable, CustomStringConvertible, Sendable {
    /// A bound's comparison, spelled as in the spec.
    ///
    /// Declared longest first, which is also the order they are recognised in.
    public enum Operator: String, CaseIterable, Hashable, Sendable {
        /// Same as `=` (for people who type it out of habit).
        case equalEqual = "=="
        /// Same as `=`.
        case compatible = "~="
        /// Equal to the bound (as `=`) or above it: `>=3.10` accepts `3.10`, `3.10.1`, `3.11`.
        case greaterOrEqual = ">="
        /// Equal to the bound (as `=`) or below it: `<=3.10` accepts `3.10`, `3.10.1`, `3.9`.
        case lessOrEqual = "<="
        /// Not equal to the bound (as `=`): `!=3.12` rejects `3.12` and `3.12.10`.
        case notEqual = "!="
        /// The tag matches the bound exactly or by version prefix: `=3.10` accepts `3.10.1`.
        case equal = "="
        /// Above the bound on the bound's fields: `>3.10` accepts `3.11` but not `3.10.1`.
        case greater = ">"
        /// Below the bound on the bound's fields: `<3.13` accepts `3.12.10` but not `3.13.1`.
        case less = "<"
    }

    /// One operator and tag, e.g. `>=3.10` or `<ExampleCorp/2`.
    public struct Bound: Hashable, CustomStringConvertible, Sendable {
        /// The comparison, e.g. `.greaterOrEqual`.
        public let op: Operator
        /// The tag compared against; its company and platform must also match.
        public let tag: Tag

        /// A bound from an operator and a tag: `Bound(op: .less, tag: Tag(parsing: "3.13"))`.
        public init(op: Operator, tag: Tag) {
            self.op = op
            self.tag = tag
        }

        /// `">=3.10"`, `"<ExampleCorp\\2"`.
        public var description: String { op.rawValue + tag.description }

        /// pymanager's `Range*.__call__` for this operator.
        public func isSatisfied(by candidate: Tag) -> Bool {
            switch op {
            case .equal, .equalEqual, .compatible:
                return candidate.matchesBound(tag)
            case .greaterOrEqual:
                return candidate.matchesBound(tag) || candidate.isAbove(lowerBound: tag)
            case .greater:
                return candidate.isAbove(lowerBound: tag)
            case .lessOrEqual:
                return candidate.matchesBound(tag) || candidate.isBelow(upperBound: tag)
            case .less:
                return candidate.isBelow(upperBound: tag)
            case .notEqual:
                return !candidate.matchesBound(tag)
            }
        }
    }

    /// The bounds in the order given. Empty for `""`, which every tag satisfies.
    public let bounds: [Bound]

    /// A range from already-built bounds.
    public init(bounds: [Bound]) {
        self.bounds = bounds
    }

    /// Parses a range spec: bounds separated by `,`, `;` or whitespace, each an operator
    /// (`==`, `=`, `~=`, `>=`, `>`, `<=`, `<`, `!=`) followed by a tag; spaces around the
    /// operator are ignored (`>= 3.10 , < 3.13`). Empty bounds are skipped.
    ///
    /// Differs from pymanager on purpose in three ways:
    /// 1. Whitespace before an operator starts a new bound, so `>=3.10 <3.13` means both
    ///    bounds (pymanager reads one bound with tag `3.10 <3.13`).
    /// 2. `==3.12` is equal-to-3.12 anywhere, including inside a list (`>=3.10,==3.12`);
    ///    pymanager reads it as `=` with tag `=3.12`, which matches nothing.
    /// 3. A tag that itself starts with an operator character (`>>3.12`, `=>3.12`,
    ///    `<<3.12`) is rejected; pymanager crashes on some and matches nothing on others.
    ///
    /// - Throws: `TagError.unsupportedRangeOperator` for a bound without an operator
    ///   (`3.12`, `~3.12`, `^3.12`, `>=3.10,3.12`); `TagError.invalidRangeBound` for case 3.
    public init(parsing spec: String) throws(TagError) {
        var bounds: [Bound] = []
        for piece in TagRange.boundTexts(spec) {
            guard
                let op = Operator.allCases.first(where: {
                    piece.unicodeScalars.starts(with: $0.rawValue.unicodeScalars)
                })
            else {
                throw .unsupportedRangeOperator(bound: piece, spec: spec)
            }
            let rest = TagRange.trimmed(
                String(String.UnicodeScalarView(piece.unicodeScalars.dropFirst(op.rawValue.unicodeScalars.count))))
            if let first = rest.unicodeScalars.first, TagRange.operatorCharacters.contains(first) {
                throw .invalidRangeBound(bound: piece, spec: spec)
            }
            bounds.append(Bound(op: op, tag: Tag(parsing: rest)))
        }
        self.bounds = bounds
    }

    /// True when `tag` satisfies every bound (pymanager `satisfied_by`). The tag's
    /// `looseCompany` decides whether bound companies may be prefixes.
    public func isSatisfied(by tag: Tag) -> Bool {
        bounds.allSatisfy { $0.isSatisfied(by: tag) }
    }

    /// Appends `suffix` to every bound's tag (pymanager `__add__`, used to apply the default
    /// platform): `>=3.12` plus `-64` is `>=3.12-64`.
    public func appending(suffix: String) -> TagRange {
        TagRange(bounds: bounds.map { Bound(op: $0.op, tag: $0.tag.appending(suffix: suffix)) })
    }

    /// The bounds joined with `,`: `">=3.10,<3.13"`.
    public var description: String {
        bounds.map(\.description).joined(separator: ",")
    }

    static let operatorCharacters: Set<Unicode.Scalar> = ["<", ">", "=", "!", "~"]

    /// Splits a spec into trimmed, non-empty bound texts: at `,` and `;`, and at whitespace
    /// that is followed by an operator character once the current bound has a tag.
    private static func boundTexts(_ spec: String) -> [String] {
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        var pendingSpace = String.UnicodeScalarView()

        func finish() {
            let piece = trimmed(String(current))
            if !piece.isEmpty {
                pieces.append(piece)
            }
            current = String.UnicodeScalarView()
            pendingSpace = String.UnicodeScalarView()
        }

        for scalar in spec.unicodeScalars {
            if scalar == "," || scalar == ";" {
                finish()
            } else if isWhitespace(scalar) {
                pendingSpace.append(scalar)
            } else {
                if !pendingSpace.isEmpty {
                    let hasTag = current.contains { !operatorCharacters.contains($0) && !isWhitespace($0) }
                    if operatorCharacters.contains(scalar) && hasTag {
                        finish()
                    } else {
                        current.append(contentsOf: pendingSpace)
                        pendingSpace = String.UnicodeScalarView()
                    }
                }
                current.append(scalar)
            }
        }
        finish()
        return pieces
    }

    /// Python `str.strip()` whitespace.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    private static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isWhitespace($0) }),
            let end = scalars.lastIndex(where: { !isWhitespace($0) })
        else {
            return ""
        }
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
