/// Why a version, tag, range or request typed by a user or found in a feed was rejected.
///
/// Each case carries the offending text; `description` quotes it and says what to type instead.
/// Thrown by `Version(parsing:)`, `TagRange(parsing:)` and `TagRequest(parsing:)`.
public enum TagError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The text is not a pymanager version (`3.14`, `3.14.0rc1`, `3.15.0a8`, `3.14.*`).
    ///
    /// Example: `Version(parsing: "3.x")`, `Version(parsing: "v3.12")`.
    case invalidVersion(String)

    /// A bound of a range does not start with `==`, `=`, `~=`, `>=`, `>`, `<=`, `<` or `!=`.
    ///
    /// Example: `TagRange(parsing: "~3.12")` gives `bound: "~3.12", spec: "~3.12"`;
    /// `TagRange(parsing: ">=3.10,3.12")` gives `bound: "3.12"`.
    case unsupportedRangeOperator(bound: String, spec: String)

    /// A bound's tag itself starts with an operator character, as in `>>3.12` or `=>3.12`.
    ///
    /// pymanager crashes (or silently matches nothing) on these; we reject them up front.
    case invalidRangeBound(bound: String, spec: String)

    /// `default`, `latest` or `help` (any case) was given where a tag or range is expected.
    ///
    /// Example: `TagRequest(parsing: "latest")`.
    case reservedWord(String)

    /// The message shown to the user: what failed, quoting the input, and what to do.
    public var description: String {
        switch self {
        case .invalidVersion(let text):
            return "Invalid version '\(text)': expected numbers separated by dots, optionally "
                + "followed by a pre-release marker such as 'a1', 'b2', 'rc1' or 'dev' (e.g. '3.14.0rc1')."
        case .unsupportedRangeOperator(let bound, let spec):
            let location = bound == spec ? "" : " in '\(spec)'"
            return "Unsupported range specifier '\(bound)'\(location). "
                + "Start each bound with one of ==, =, ~=, >=, >, <=, <, != (e.g. '>=3.10,<3.13')."
        case .invalidRangeBound(let bound, let spec):
            let location = bound == spec ? "" : " in '\(spec)'"
            return "Invalid range bound '\(bound)'\(location): use a single operator before each tag "
                + "(e.g. '>3.12' or '>=3.10,<3.13')."
        case .reservedWord(let word):
            return "'\(word)' is not a valid tag or filter. "
                + "Give a tag such as '3.14', or leave it out to use the default runtime."
        }
    }
}
