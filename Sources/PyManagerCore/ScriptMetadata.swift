// PEP 723 inline script metadata: finding the `# /// script` block and reading
// its `requires-python`. The block rules are the PEP's reference regex,
//   (?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\s(?P<content>(^#(| .*)$\s)+)^# ///$
// applied line by line, with Python's universal newlines.

/// Why a script's PEP 723 metadata could not be used. Line numbers are 1-based
/// lines of the script file.
public enum ScriptMetadataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two complete `# /// script` blocks (PEP 723: tools MUST error).
    case multipleBlocks(firstLine: Int, secondLine: Int)
    /// A `# /// script` line with no matching `# ///`. PEP 723 says unclosed
    /// blocks MUST be ignored: the launcher should warn and carry on as if the
    /// script had no metadata. Only reported when there is no complete block.
    case unclosedBlock(line: Int)
    /// The block's content is not valid TOML.
    case invalidTOML(line: Int, problem: TOMLProblem)
    /// `requires-python` is set to something other than a string.
    case requiresPythonNotAString(line: Int)
    /// `requires-python` is not a valid PEP 440 specifier set.
    case invalidRequiresPython(line: Int, PEP440Error)

    public var description: String {
        switch self {
        case .multipleBlocks(let first, let second):
            return "The script has two '# /// script' metadata blocks (lines \(first) and \(second)). "
                + "Remove one of them."
        case .unclosedBlock(let line):
            return "The '# /// script' block on line \(line) has no closing '# ///' line, so it was ignored. "
                + "Every line up to '# ///' must start with '#'."
        case .invalidTOML(let line, let problem):
            return "Invalid TOML in the script metadata on line \(line): \(ScriptMetadataError.explain(problem))."
        case .requiresPythonNotAString(let line):
            return "'requires-python' on line \(line) must be a string, e.g. requires-python = \">=3.11\"."
        case .invalidRequiresPython(let line, let error):
            return "'requires-python' on line \(line) is not valid: \(error)"
        }
    }

    private static func explain(_ problem: TOMLProblem) -> String {
        switch problem {
        case .unterminatedString: return "a string has no closing quote"
        case .invalidEscape: return "a string has an invalid '\\' escape"
        case .expectedEquals: return "expected '=' after the key"
        case .invalidKey: return "expected a key"
        case .expectedValue: return "expected a value after '='"
        case .invalidValue(let text): return "'\(text)' is not a value (strings need quotes)"
        case .unterminatedArray: return "an array has no closing ']'"
        case .unterminatedInlineTable: return "an inline table has no closing '}'"
        case .unterminatedTableHeader: return "a table header has no closing ']'"
        case .unexpectedCharacters: return "unexpected characters after a value"
        case .duplicateKey(let key): return "the key '\(key)' is set twice"
        }
    }
}

/// A script's PEP 723 `script` metadata block.
public struct ScriptMetadata: Equatable, Sendable {
    /// The line of `# /// script` (1-based).
    public let startLine: Int
    /// The line of the closing `# ///` (1-based).
    public let endLine: Int
    /// The TOML text: the block's lines with their leading `# ` or `#` removed.
    public let toml: String
    /// The top-level `requires-python` string, e.g. `>=3.11`, if present.
    public let requiresPython: String?
    /// The script line `requires-python` is on, if present.
    public let requiresPythonLine: Int?

    /// Finds and reads the `script` block in a script's bytes (decoded as in
    /// `ScriptSource`: BOM, PEP 263 `coding:`, invalid bytes never fail).
    /// Returns nil when there is no block.
    ///
    /// Throws `ScriptMetadataError`: `.multipleBlocks`, `.unclosedBlock` (ignorable,
    /// see there), `.invalidTOML`, `.requiresPythonNotAString`.
    public static func find(inScript bytes: [UInt8]) throws(ScriptMetadataError) -> ScriptMetadata? {
        try find(in: ScriptSource(decoding: bytes).text)
    }

    /// Finds and reads the `script` block in a script's text; see `find(inScript:)`.
    ///
    /// Example: `"# /// script\n# requires-python = \">=3.11\"\n# ///\n"` gives
    /// `requiresPython == ">=3.11"`, `requiresPythonLine == 2`.
    public static func find(in text: String) throws(ScriptMetadataError) -> ScriptMetadata? {
        let blocks = ScriptMetadata.blocks(in: ScriptSource.splitLines(text))
        let scripts = blocks.complete.filter { $0.type == "script" }
        if scripts.count > 1 {
            throw .multipleBlocks(firstLine: scripts[0].start + 1, secondLine: scripts[1].start + 1)
        }
        guard let block = scripts.first else {
            if let unclosed = blocks.unclosedScriptLine { throw .unclosedBlock(line: unclosed + 1) }
            return nil
        }
        let entries: [TOMLTopLevelEntry]
        do {
            entries = try MiniTOML.topLevelEntries(block.content)
        } catch {
            throw .invalidTOML(line: block.start + 1 + error.line, problem: error.problem)
        }
        var requires: String? = nil
        var requiresLine: Int? = nil
        if let entry = entries.first(where: { $0.key == ["requires-python"] }) {
            requiresLine = block.start + 1 + entry.line
            guard let value = entry.string else {
                throw .requiresPythonNotAString(line: block.start + 1 + entry.line)
            }
            requires = value
        }
        return ScriptMetadata(
            startLine: block.start + 1, endLine: block.end + 1, toml: block.content,
            requiresPython: requires, requiresPythonLine: requiresLine)
    }

    /// `requiresPython` parsed as a PEP 440 specifier set, or nil when absent.
    /// Throws `.invalidRequiresPython` with the line number.
    public func requiresPythonSpecifiers() throws(ScriptMetadataError) -> PEP440SpecifierSet? {
        guard let requiresPython else { return nil }
        do {
            return try PEP440SpecifierSet(parsing: requiresPython)
        } catch {
            throw .invalidRequiresPython(line: requiresPythonLine ?? startLine, error)
        }
    }

    // MARK: - Block scanning

    struct Block: Equatable {
        var type: String
        /// 0-based line indexes of the opening and closing lines.
        var start: Int
        var end: Int
        var content: String
    }

    /// All complete blocks of any type, in order (matches never overlap, like
    /// `re.finditer`), and the first `script` opener that did not start one.
    static func blocks(in lines: [String]) -> (complete: [Block], unclosedScriptLine: Int?) {
        var complete: [Block] = []
        var unclosed: Int? = nil
        var index = 0
        while index < lines.count {
            guard let type = openerType(lines[index]) else {
                index += 1
                continue
            }
            // The regex's content is greedy: take every following comment line, then
            // back off to the last `# ///`, keeping at least one content line.
            var runEnd = index + 1
            while runEnd < lines.count, isCommentLine(lines[runEnd]) { runEnd += 1 }
            var close: Int? = nil
            var candidate = runEnd - 1
            while candidate >= index + 2 {
                if lines[candidate].unicodeScalars.elementsEqual("# ///".unicodeScalars) {
                    close = candidate
                    break
                }
                candidate -= 1
            }
            guard let close else {
                if type == "script", unclosed == nil { unclosed = index }
                index += 1
                continue
            }
            let content = lines[(index + 1)..<close].map { line -> String in
                let scalars = line.unicodeScalars
                let drop = scalars.starts(with: "# ".unicodeScalars) ? 2 : 1
                return String(String.UnicodeScalarView(scalars.dropFirst(drop)))
            }
            complete.append(
                Block(type: type, start: index, end: close, content: content.joined(separator: "\n") + "\n"))
            index = close + 1
        }
        return (complete, unclosed)
    }

    /// `# /// TYPE` with TYPE in `[a-zA-Z0-9-]+`, nothing else on the line.
    private static func openerType(_ line: String) -> String? {
        let scalars = line.unicodeScalars
        guard scalars.starts(with: "# /// ".unicodeScalars) else { return nil }
        let type = scalars.dropFirst(6)
        guard !type.isEmpty,
            type.allSatisfy({ c in
                (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "-"
            })
        else { return nil }
        return String(String.UnicodeScalarView(type))
    }

    /// `#` alone, or `#` then a space.
    private static func isCommentLine(_ line: String) -> Bool {
        // Compared by scalars: a combining mark after the space must not hide it.
        line.unicodeScalars.elementsEqual("#".unicodeScalars)
            || line.unicodeScalars.starts(with: "# ".unicodeScalars)
    }
}
