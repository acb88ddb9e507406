// The whole shebang decision in pymanager's order: templates, classification,
// alias lookup, then the arbitrary-command policy. Pure: the launcher passes the
// first line, the runtimes and the configuration, and carries out the result.

/// What the launcher should start for a script's shebang.
public enum ShebangOutcome: Equatable, Sendable {
    /// The active virtual environment, else the default runtime (`python`, `py`, template `py`).
    case defaultRuntime
    /// An installed runtime matched by alias, executable name or path.
    case runtime(ShebangRuntime)
    /// A tag request string to resolve with the tag matcher: `PythonCore/3.12` from
    /// `python3.12`, or whatever a `py -V:<TAG>` / `py -3.x` template named.
    case tag(String)
    /// An arbitrary command, allowed by the policy. `searchPath` is true for
    /// `/usr/bin/env <cmd>` (look `command` up on `PATH`); otherwise `command` is a
    /// path, relative to the script's folder when `isRelative`.
    case command(String, searchPath: Bool, isRelative: Bool)
    /// The shebang could not be used (no runtime, or refused by policy): launch
    /// as if there were no shebang, after printing the warnings.
    case ignored
}

/// A shebang decision with its arguments, warnings and provenance.
public struct ShebangResolution: Equatable, Sendable {
    /// What to start.
    public var outcome: ShebangOutcome
    /// Arguments from the shebang line, to pass before the script path.
    /// Empty for `.ignored`.
    public var arguments: [String]
    /// Lines for stderr (policy warnings, unmatched runtime, unsupported template).
    public var warnings: [String]
    /// The shebang as classified (after any template rewrite).
    public var shebang: Shebang?
    /// The template that applied, if any.
    public var template: ShebangTemplateMatch?
    /// The alias rule that matched, if any.
    public var aliasRule: ShebangAliasRule?

    /// Creates a resolution; normally produced by `resolve(line:…)`.
    public init(
        outcome: ShebangOutcome, arguments: [String] = [], warnings: [String] = [],
        shebang: Shebang? = nil, template: ShebangTemplateMatch? = nil, aliasRule: ShebangAliasRule? = nil
    ) {
        self.outcome = outcome
        self.arguments = arguments
        self.warnings = warnings
        self.shebang = shebang
        self.template = template
        self.aliasRule = aliasRule
    }

    /// Decides what a script's first line asks to launch. Returns nil when the
    /// line is not a shebang (the launcher goes on to PEP 723 metadata).
    ///
    /// Order (pymanager `scriptutils`):
    /// 1. `templates` (see `ShebangTemplates`): `py …` replacements decide here;
    ///    other replacements are written back into the line (once); unsupported
    ///    ones are ignored with a warning.
    /// 2. Classify (`Shebang`).
    /// 3. `.virtual(alias)`: `ShebangAliasResolver.resolve(alias)`; if nothing
    ///    matches, warn and `.ignored`.
    /// 4. `.envSearch(cmd)`: a runtime matching `cmd` first; else the policy decides
    ///    between `.command(cmd, searchPath: true)` and `.ignored`.
    /// 5. `.executable(path)`: a runtime matching the path (or the name after
    ///    `/usr/bin/` and `/usr/local/bin/`) first; else the policy decides
    ///    between `.command(path, searchPath: false)` and `.ignored`.
    public static func resolve(
        line: String, runtimes: [ShebangRuntime], templates: ShebangTemplates = ShebangTemplates([:]),
        policy: ShebangPolicy = ShebangPolicy()
    ) -> ShebangResolution? {
        var line = line
        var warnings: [String] = []
        var templateMatch: ShebangTemplateMatch? = nil
        switch templates.apply(toLine: line) {
        case .launch(let request, let arguments, let match)?:
            let outcome: ShebangOutcome
            switch request {
            case .defaultRuntime: outcome = .defaultRuntime
            case .tag(let tag): outcome = .tag(tag)
            }
            return ShebangResolution(outcome: outcome, arguments: arguments, template: match)
        case .rewritten(let newLine, let match)?:
            line = newLine
            templateMatch = match
        case .unsupported(let replacement, let match)?:
            warnings.append(
                "The shebang template '\(match.template)' has an unsupported replacement "
                    + "'\(replacement)': only 'py', 'py -V:<TAG>' and 'py -3.<x>' are allowed. It was ignored.")
        case nil:
            break
        }
        guard let parsed = ShebangLine(parsing: line) else {
            // Only a rewrite can get here with a line that is no longer a shebang.
            return templateMatch == nil
                ? nil : ShebangResolution(outcome: .ignored, warnings: warnings, template: templateMatch)
        }
        let shebang = parsed.shebang
        let resolver = ShebangAliasResolver(runtimes: runtimes)
        var result = ShebangResolution(
            outcome: .ignored, arguments: shebang.arguments, warnings: warnings, shebang: shebang,
            template: templateMatch)

        let lookup: String
        switch shebang {
        case .virtual(let alias, _): lookup = alias
        case .envSearch(let command, _): lookup = command
        case .executable(let path, _):
            lookup =
                ["/usr/bin/", "/usr/local/bin/"].first(where: { path.hasPrefix($0) })
                .map { String(path.dropFirst($0.count)) } ?? path
        }
        let match = resolver.resolve(lookup)
        result.aliasRule = match.rule
        switch match {
        case .defaultRuntime:
            result.outcome = .defaultRuntime
            return result
        case .runtime(let runtime, _):
            result.outcome = .runtime(runtime)
            return result
        case .coreTag(let tag):
            result.outcome = .tag("PythonCore/" + tag)
            return result
        case .notFound:
            break
        }
        if case .virtual = shebang {
            result.arguments = []
            result.warnings += [
                "A shebang '\(parsed.text)' was found, but could not be matched to an installed runtime.",
                "If the script does not behave properly, try installing the correct runtime with \"py install\".",
            ]
            return result
        }
        let decision = policy.decide(shebang, line: parsed.text)
        result.warnings += decision.warnings
        switch decision {
        case .run, .runWithWarning:
            let isEnv: Bool
            if case .envSearch = shebang { isEnv = true } else { isEnv = false }
            result.outcome = .command(shebang.command, searchPath: isEnv, isRelative: shebang.pathIsRelative)
        case .refuse:
            result.arguments = []
        }
        return result
    }
}
