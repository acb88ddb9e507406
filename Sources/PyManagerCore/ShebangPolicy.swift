// `shebang_can_run_anything` and `shebang_can_run_anything_silently`: may a
// shebang start something that is not a known Python runtime? Messages follow
// pymanager `scriptutils._parse_shebang`.

/// What to do with a shebang that names an arbitrary command.
public enum ShebangPolicyDecision: Equatable, Sendable {
    /// Run the command; nothing to say.
    case run
    /// Run the command after printing `warnings` (one line each) to stderr.
    case runWithWarning([String])
    /// Do not run the command: print `warnings` and launch the default runtime.
    case refuse([String])

    /// The lines to print to stderr, if any.
    public var warnings: [String] {
        switch self {
        case .run: return []
        case .runWithWarning(let lines), .refuse(let lines): return lines
        }
    }
}

/// The two configuration switches, plus the recursion guard.
///
/// Decision for `.envSearch` and `.executable` shebangs (no runtime matched them):
/// 1. the recursion guard is set (we were started by such a shebang) → refuse;
/// 2. `canRunAnythingSilently` → run, no warning (it wins over `canRunAnything`,
///    as in pymanager);
/// 3. `canRunAnything` → run with a warning;
/// 4. otherwise → refuse, warn, and use the default runtime.
///
/// `.virtual` shebangs always `.run`: they name a runtime, not a command.
public struct ShebangPolicy: Equatable, Sendable {
    /// `shebang_can_run_anything` (pymanager's default: true).
    public var canRunAnything: Bool
    /// `shebang_can_run_anything_silently` (pymanager's default: false).
    public var canRunAnythingSilently: Bool
    /// True when `recursionGuardVariable` is set in the environment.
    public var recursionGuardActive: Bool

    /// The variable the launcher sets before running an arbitrary shebang
    /// command, so that command cannot loop back into another one (pymanager's name).
    public static let recursionGuardVariable = "__PYTHON_MANAGER_SUPPRESS_ARBITRARY_SHEBANG"

    /// Creates a policy; `environment` is only read for `recursionGuardVariable`.
    public init(
        canRunAnything: Bool = true, canRunAnythingSilently: Bool = false,
        environment: [String: String] = [:]
    ) {
        self.canRunAnything = canRunAnything
        self.canRunAnythingSilently = canRunAnythingSilently
        let guardValue = environment[ShebangPolicy.recursionGuardVariable] ?? ""
        self.recursionGuardActive = !guardValue.isEmpty
    }

    /// Decides whether `shebang`, which no installed runtime matched, may run.
    /// `line` is the shebang text to quote in messages (e.g. `ShebangLine.text`).
    public func decide(_ shebang: Shebang, line: String) -> ShebangPolicyDecision {
        if case .virtual = shebang { return .run }
        if recursionGuardActive {
            return .refuse([
                "A shebang '\(line)' was found, but arbitrary commands cannot start other "
                    + "arbitrary commands. Launching with default runtime."
            ])
        }
        if canRunAnythingSilently { return .run }
        if canRunAnything {
            let first: String
            if case .envSearch = shebang {
                first =
                    "A shebang '\(line)' was found but could not be matched to an installed "
                    + "runtime, so it will be treated as an arbitrary command."
            } else {
                first =
                    "A shebang '\(line)' was found but does not match any supported template "
                    + "(e.g. '/usr/bin/python'), so it will be treated as an arbitrary command."
            }
            return .runWithWarning([
                first,
                "To prevent execution of programs that are not Python runtimes, set "
                    + "'shebang_can_run_anything' to 'false' in your configuration file.",
            ])
        }
        return .refuse([
            "A shebang '\(line)' was found, but could not be matched to an installed runtime.",
            "Arbitrary command execution is disabled. Set 'shebang_can_run_anything' to "
                + "'true' in your configuration file to enable it. Launching with default runtime.",
        ])
    }
}
