// The `shebang_templates` configuration: rewriting a shebang before it is
// classified. Behaviour from the install manager docs ("Shebang lines", 26.3)
// and pymanager's `test_scriptutils.test_shebang_templates` table.

/// The runtime a `py`/`pyw` template replacement asks for.
public enum ShebangTemplateRequest: Equatable, Sendable {
    /// Plain `py`: the default runtime (or the active virtual environment).
    case defaultRuntime
    /// `py -V:<TAG>` or `py -3.<x>`: a tag request string for the tag matcher,
    /// e.g. `3.12`, `MyCustomPython/3`, `Test/2`.
    case tag(String)
}

/// How a template applied to a shebang line.
public enum ShebangTemplateResult: Equatable, Sendable {
    /// The replacement was `py`, `py -V:<TAG>` or `py -3.x` (or `pyw …`): launch
    /// that runtime. `arguments` are the words the shebang had after the matched
    /// command, to pass before the script path.
    case launch(ShebangTemplateRequest, arguments: [String], match: ShebangTemplateMatch)
    /// Any other replacement is written back into the shebang: re-parse `line`
    /// (it starts with `#!`) with `ShebangLine(parsing:)` and continue as usual.
    case rewritten(line: String, match: ShebangTemplateMatch)
    /// The replacement starts with `py`/`pyw` but has other arguments, which the
    /// install manager does not support (e.g. `py -m foo`). Warn and ignore it.
    case unsupported(replacement: String, match: ShebangTemplateMatch)

    /// The template that applied.
    public var match: ShebangTemplateMatch {
        switch self {
        case .launch(_, _, let match), .rewritten(_, let match), .unsupported(_, let match):
            return match
        }
    }
}

/// Which template matched, and how (for `-v` output).
public struct ShebangTemplateMatch: Equatable, Sendable {
    /// The key from `shebang_templates`, as written in the config.
    public var template: String
    /// True when the key matched the whole line, false when it matched the command.
    public var wholeLine: Bool
    /// True when only a case-insensitive comparison matched.
    public var caseInsensitive: Bool

    /// Creates a match description.
    public init(template: String, wholeLine: Bool, caseInsensitive: Bool) {
        self.template = template
        self.wholeLine = wholeLine
        self.caseInsensitive = caseInsensitive
    }
}

/// The `shebang_templates` mapping from a shebang command or line to a replacement.
///
/// Precedence, first match wins (surrounding whitespace is ignored on both sides,
/// and a key may be written with or without its leading `#!`):
/// 1. the whole line, exactly;
/// 2. the whole line, case-insensitively;
/// 3. the command (the line up to the first space or tab), exactly;
/// 4. the command, case-insensitively.
///
/// Example: with `["/usr/bin/python3": "py -V:3.12"]`, `#!/usr/bin/python3 -E`
/// becomes `.launch(.tag("3.12"), arguments: ["-E"], …)`.
public struct ShebangTemplates: Equatable, Sendable {
    /// The mapping as read from the configuration.
    public var mapping: [String: String]

    /// Wraps a `shebang_templates` mapping.
    public init(_ mapping: [String: String]) {
        self.mapping = mapping
    }

    /// Applies the templates to a script's first line (with its `#!`).
    /// Returns nil when the line is not a shebang or no template matches.
    public func apply(toLine line: String) -> ShebangTemplateResult? {
        guard let text = ShebangTemplates.shebangText(line) else { return nil }
        let (command, rest) = ShebangTemplates.splitCommand(text)
        let candidates: [(subject: String, wholeLine: Bool, rest: String)] = [
            (text, true, ""), (command, false, rest),
        ]
        // Sorted so a case-insensitive tie between keys is decided the same way every run.
        let keys = mapping.keys.sorted()
        for candidate in candidates {
            for caseInsensitive in [false, true] {
                let fold: (String) -> String = { caseInsensitive ? $0.lowercased() : $0 }
                let subject = fold(candidate.subject)
                guard
                    let key = keys.first(where: { fold(ShebangTemplates.normalizeKey($0)) == subject }),
                    let replacement = mapping[key]
                else { continue }
                let match = ShebangTemplateMatch(
                    template: key, wholeLine: candidate.wholeLine, caseInsensitive: caseInsensitive)
                return ShebangTemplates.result(replacement: replacement, rest: candidate.rest, match: match)
            }
        }
        return nil
    }

    /// Parses a template replacement of the form `py`, `py -V:<TAG>` or `py -3.x`
    /// (also `pyw`, any case). Returns nil for anything else.
    ///
    /// Examples: `py` → `.defaultRuntime`; `py -V:Test/2` → `.tag("Test/2")`;
    /// `pyw -3.12` → `.tag("3.12")`; `py -m x` and `/usr/bin/python` → nil.
    public static func parseLaunchCommand(_ replacement: String) -> ShebangTemplateRequest? {
        let words = Shebang.splitArguments(replacement)
        guard let first = words.first, isPyCommand(first) else { return nil }
        switch words.count {
        case 1:
            return .defaultRuntime
        case 2:
            let option = words[1]
            if option.hasPrefix("-V:") {
                let tag = String(option.dropFirst(3))
                return tag.isEmpty ? nil : .tag(tag)
            }
            if option.hasPrefix("-"), let digit = option.dropFirst().first, digit.isASCII, digit.isNumber {
                return .tag(String(option.dropFirst()))
            }
            return nil
        default:
            return nil
        }
    }

    // MARK: - Internals

    private static func isPyCommand(_ word: String) -> Bool {
        ["py", "pyw", "py.exe", "pyw.exe"].contains(word.lowercased())
    }

    private static func result(
        replacement: String, rest: String, match: ShebangTemplateMatch
    ) -> ShebangTemplateResult {
        let trimmed = ShebangLine.trim(replacement)
        if let request = parseLaunchCommand(trimmed) {
            return .launch(request, arguments: Shebang.splitArguments(rest), match: match)
        }
        if let first = Shebang.splitArguments(trimmed).first, isPyCommand(first) {
            return .unsupported(replacement: replacement, match: match)
        }
        if trimmed.isEmpty { return .unsupported(replacement: replacement, match: match) }
        let line = rest.isEmpty ? "#!" + trimmed : "#!" + trimmed + " " + rest
        return .rewritten(line: line, match: match)
    }

    /// The trimmed text after `#!`, or nil when the line is not a shebang.
    static func shebangText(_ line: String) -> String? {
        var body = Substring(line)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        guard body.hasPrefix("#!") else { return nil }
        body = body.dropFirst(2)
        if let end = body.firstIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            body = body[..<end]
        }
        let text = ShebangLine.trim(body)
        return text.isEmpty ? nil : text
    }

    /// Splits at the first space or tab: the command and the trimmed rest.
    static func splitCommand(_ text: String) -> (String, String) {
        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (text, "") }
        return (String(text[..<space]), ShebangLine.trim(text[space...]))
    }

    private static func normalizeKey(_ key: String) -> String {
        var body = Substring(ShebangLine.trim(key))
        if body.hasPrefix("#!") { body = body.dropFirst(2) }
        return ShebangLine.trim(body)
    }
}
