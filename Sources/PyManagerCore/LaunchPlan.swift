/// What the launcher will run, decided before anything is executed.
public struct LaunchPlan: Sendable, Equatable {
    /// Absolute path of the program to `execv`.
    public var executable: String
    /// The full argv, starting with argv[0].
    public var arguments: [String]
    /// Why this runtime was chosen, for `-v` and `PYLAUNCHER_DEBUG`.
    public var reason: String
    /// Environment variables to set before starting it.
    public var environment: [String: String]

    public init(executable: String, arguments: [String], reason: String, environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.reason = reason
        self.environment = environment
    }

    /// The command as one shell-quoted line (what `PYLAUNCHER_DRYRUN` prints).
    public var commandLine: String {
        arguments.map(shellQuote).joined(separator: " ")
    }
}

/// Quotes `word` for a POSIX shell only when needed: `a b` → `'a b'`, `it's` → `'it'\''s'`.
public func shellQuote(_ word: String) -> String {
    let safe = word.unicodeScalars.allSatisfy {
        ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x41 && $0.value <= 0x5A)
            || ($0.value >= 0x61 && $0.value <= 0x7A) || "@%+=:,./-_".unicodeScalars.contains($0)
    }
    if safe && !word.isEmpty { return word }
    return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}

/// Where the first Python argument that names a script file is, if any.
///
/// Follows CPython's command line: options before the script may be
/// combined (`-uB`); `-c` and `-m` end option parsing with no script file;
/// `-W`, `-X` (and `--check-hash-based-pycs`) take a value; `-` means stdin.
public func scriptArgumentIndex(_ arguments: [String]) -> Int? {
    var i = 0
    while i < arguments.count {
        let arg = arguments[i]
        if arg == "--" { return i + 1 < arguments.count ? i + 1 : nil }
        if arg == "-" { return nil }
        if arg.hasPrefix("--") {
            if arg == "--check-hash-based-pycs" { i += 1 }
            i += 1
            continue
        }
        if arg.hasPrefix("-") {
            let letters = arg.dropFirst()
            for (n, c) in letters.enumerated() {
                if c == "c" || c == "m" { return nil }
                if c == "W" || c == "X" {
                    // The value is the rest of this argument or the next one.
                    if n == letters.count - 1 { i += 1 }
                    break
                }
            }
            i += 1
            continue
        }
        return i
    }
    return nil
}
