// Shebang lines: reading `#!...` from a script's first bytes and classifying it.
//
// This file only parses. `ShebangAlias.swift` matches aliases against runtimes,
// `ShebangTemplates.swift` applies the `shebang_templates` config,
// `ShebangPolicy.swift` applies `shebang_can_run_anything[_silently]`, and
// `ShebangResolution.swift` combines them in pymanager's order.

/// What a script's shebang line asks for, classified but not yet resolved.
///
/// The forms follow pymanager (`scriptutils.py`) and the install manager docs
/// ("Shebang lines"). Only these commands are *virtual*, i.e. name a runtime
/// rather than a file:
///
/// 1. `/usr/bin/env <ALIAS> [args]` and `/usr/bin/env -S <ALIAS> [args]`
/// 2. `/usr/bin/<ALIAS> [args]`
/// 3. `/usr/local/bin/<ALIAS> [args]`
/// 4. `<ALIAS> [args]` (a bare name)
///
/// where `<ALIAS>` is python-like (see `isPythonLikeAlias(_:)`). Then:
///
/// 5. `/usr/bin/env <cmd> [args]` with any other `cmd` is `.envSearch`.
/// 6. Everything else is `.executable`: a path, absolute or relative to the
///    script's folder, possibly quoted, possibly with arguments.
///
/// Arguments are split shell-like (see `splitArguments(_:)`) and go *before*
/// the script path on the final command line.
public enum Shebang: Equatable, Sendable {
    /// A virtual command naming a python-like alias,
    /// e.g. `#!/usr/bin/env python3 -u` → `.virtual(alias: "python3", arguments: ["-u"])`.
    case virtual(alias: String, arguments: [String])
    /// `/usr/bin/env` with a command that is not python-like,
    /// e.g. `#!/usr/bin/env node` → `.envSearch(command: "node", arguments: [])`.
    /// The launcher may search `PATH` for it, guarded by `ShebangPolicy`.
    case envSearch(command: String, arguments: [String])
    /// Any other command, e.g. `#!"/opt/my py/python" -E` →
    /// `.executable(path: "/opt/my py/python", arguments: ["-E"])`.
    /// A relative path (see `pathIsRelative`) is relative to the script's folder.
    case executable(path: String, arguments: [String])

    /// Classifies a first line, e.g. `Shebang(parsing: "#! /usr/bin/python3")`.
    ///
    /// Returns nil when the line does not start with `#!`, has nothing after it,
    /// or contains a NUL character (a binary file). A trailing `\r` or `\n` is ignored.
    public init?(parsing line: String) {
        guard let parsed = ShebangLine(parsing: line) else { return nil }
        self = parsed.shebang
    }

    /// The alias, command or path the shebang names.
    public var command: String {
        switch self {
        case .virtual(let alias, _): return alias
        case .envSearch(let command, _): return command
        case .executable(let path, _): return path
        }
    }

    /// The arguments after the command, to pass before the script path.
    public var arguments: [String] {
        switch self {
        case .virtual(_, let arguments), .envSearch(_, let arguments),
            .executable(_, let arguments):
            return arguments
        }
    }

    /// True for `.executable` paths that do not start with `/`; the launcher
    /// resolves them against the script's directory (`#!bin/python`, `#!.\py.exe`).
    public var pathIsRelative: Bool {
        guard case .executable(let path, _) = self else { return false }
        return !path.hasPrefix("/")
    }

    /// True for names that look like a Python command, case-insensitively, with
    /// an optional `.exe`: a base name (`python`, `pythonw`, `py`, `pyw`, `pypy`,
    /// `pypyw`, `graalpy`, `graalpyw`), then nothing or a version-like suffix
    /// starting with a digit (`3`, `3.12`, `3.14t`, `3.12-64`, `3.11-arm64`).
    ///
    /// Examples: `python3.12` and `PyPy3.11` are python-like; `pytest`, `py.test`,
    /// `perl` and `python-config` are not.
    public static func isPythonLikeAlias(_ name: String) -> Bool {
        var lower = name.lowercased()
        if lower.hasSuffix(".exe") { lower.removeLast(4) }
        for base in ["graalpyw", "graalpy", "pythonw", "python", "pypyw", "pypy", "pyw", "py"]
        where lower.hasPrefix(base) {
            return isVersionSuffix(Substring(lower.dropFirst(base.count)))
        }
        return false
    }

    /// Splits a shebang's text into words, shell-like but friendly to Windows paths:
    ///
    /// - spaces and tabs separate words;
    /// - `"..."` groups, and inside it `\"` and `\\` are escapes;
    /// - `'...'` groups literally;
    /// - outside quotes a backslash escapes only a space, tab or quote, so
    ///   `C:\Python\python.exe` keeps its backslashes;
    /// - an unterminated quote runs to the end of the line.
    ///
    /// Example: `-X "a b" 'c d'` → `["-X", "a b", "c d"]`.
    public static func splitArguments(_ text: String) -> [String] {
        splitWords(text)
    }

    // MARK: - Internals

    private static func isVersionSuffix(_ rest: Substring) -> Bool {
        if rest.isEmpty { return true }
        guard let first = rest.first, first.isASCII, first.isNumber else { return false }
        return rest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
    }

    static func splitWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var inWord = false
        var quote: Unicode.Scalar? = nil
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            if let open = quote {
                if scalar == open {
                    quote = nil
                } else if open == "\"", scalar == "\\", let next, next == "\"" || next == "\\" {
                    current.append(next)
                    index += 1
                } else {
                    current.append(scalar)
                }
            } else if scalar == " " || scalar == "\t" {
                if inWord {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                    inWord = false
                }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
                inWord = true
            } else if scalar == "\\", let next, [" ", "\t", "\"", "'"].contains(next) {
                current.append(next)
                inWord = true
                index += 1
            } else {
                current.append(scalar)
                inWord = true
            }
            index += 1
        }
        if inWord { words.append(String(current)) }
        return words
    }
}

/// A script's shebang line: the text after `#!` and its classification.
///
/// Keep the `text` for messages and for `ShebangTemplates`, which match on it.
public struct ShebangLine: Equatable, Sendable {
    /// The text after `#!`, without surrounding whitespace or the line ending,
    /// e.g. `/usr/bin/env python3` for `#! /usr/bin/env python3\r\n`.
    public let text: String
    /// The classified command.
    public let shebang: Shebang

    /// Parses a first line (with or without its line ending), e.g. `#!python3 -u`.
    /// Returns nil when it is not a shebang: no `#!`, nothing after it, or a NUL.
    public init?(parsing line: String) {
        guard let trimmed = ShebangTemplates.shebangText(line), !trimmed.unicodeScalars.contains("\0") else { return nil }
        let words = Shebang.splitWords(trimmed)
        guard let first = words.first, !first.isEmpty else { return nil }
        self.text = trimmed
        self.shebang = ShebangLine.classify(command: first, rest: Array(words.dropFirst()))
    }

    /// Reads the shebang from a script's first bytes (the whole file is fine,
    /// only the first two lines are looked at). Handles a UTF-8 byte order mark,
    /// CRLF, and a PEP 263 `coding:` declaration on line 1 or 2 (UTF-8 or Latin-1;
    /// invalid bytes become U+FFFD). Returns nil when there is no shebang.
    public init?(script bytes: [UInt8]) {
        let (encoding, bom) = ScriptSource.detectEncoding(bytes)
        let first = ScriptSource.lineBytes(bytes, from: bom ? 3 : 0)
        self.init(parsing: ScriptSource.decode(first.line, as: encoding))
    }

    // MARK: - Internals

    static func trim<S: StringProtocol>(_ text: S) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{0C}" || $0 == "\u{0B}" }
        guard let start = text.firstIndex(where: { !isSpace($0) }),
            let end = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[start...end])
    }

    static func classify(command: String, rest: [String]) -> Shebang {
        if command == "/usr/bin/env" {
            var arguments = rest[...]
            if arguments.first == "-S" { arguments = arguments.dropFirst() }
            guard let name = arguments.first, !name.contains("/"), !name.isEmpty else {
                return .executable(path: command, arguments: rest)
            }
            let tail = Array(arguments.dropFirst())
            return Shebang.isPythonLikeAlias(name)
                ? .virtual(alias: name, arguments: tail)
                : .envSearch(command: name, arguments: tail)
        }
        for prefix in ["/usr/bin/", "/usr/local/bin/"] where command.hasPrefix(prefix) {
            let name = String(command.dropFirst(prefix.count))
            if !name.contains("/"), Shebang.isPythonLikeAlias(name) {
                return .virtual(alias: name, arguments: rest)
            }
            return .executable(path: command, arguments: rest)
        }
        if !command.contains("/"), !command.contains("\\"), Shebang.isPythonLikeAlias(command) {
            return .virtual(alias: command, arguments: rest)
        }
        return .executable(path: command, arguments: rest)
    }
}
