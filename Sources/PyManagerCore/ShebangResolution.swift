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
    /// `python3.12`, or whatever a `py -V:<TAG>` / `py -3.x` template named. The
    /// script asks for that runtime: when it is missing, the launch installs it
    /// or fails as `py -V:<TAG>` would, never falling back to the default.
    case tag(String)
    /// An arbitrary command, allowed by the policy. `searchPath` is true for
    /// `/usr/bin/env <cmd>` and a bare `<cmd>` (look `command` up on `PATH`);
    /// otherwise `command` is a path, relative to the script's folder when `isRelative`.
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
    /// 3. The alias, command or path (for `/usr/bin/<name>` and
    ///    `/usr/local/bin/<name>`, the name) goes to `ShebangAliasResolver`: a
    ///    default name, an installed runtime, or `python<TAG>` as `.tag` (which
    ///    the launcher resolves like `py -V:<TAG>`, failing when it is missing).
    /// 4. Nothing installed answers to it; then by the shebang's form:
    ///    - `/usr/bin/<name>`, `/usr/local/bin/<name>`: when `isExecutableFile`
    ///      says the path exists, the policy decides between
    ///      `.command(path, searchPath: false)` and `.ignored`; otherwise warn
    ///      and `.ignored` (`#!/usr/bin/envpython3`);
    ///    - `/usr/bin/env <name>` and a bare `<name>` (`#!perl`, `#!ruby -w`):
    ///      the policy decides between `.command(name, searchPath: true)` and `.ignored`;
    ///    - any other path: the policy decides between
    ///      `.command(path, searchPath: false)` and `.ignored`.
    ///
    /// - Parameter isExecutableFile: whether a path is an executable file
    ///   (the launcher asks the disk; the default says no file exists).
    public static func resolve(
        line: String, runtimes: [ShebangRuntime], templates: ShebangTemplates = ShebangTemplates([:]),
        policy: ShebangPolicy = ShebangPolicy(), isExecutableFile: (String) -> Bool = { _ in false }
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
        let form = ShebangForm(shebang, firstWord: Shebang.splitWords(parsed.text).first ?? "")
        let command: Shebang
        switch form {
        case .usrBin(let path):
            guard isExecutableFile(path) else {
                result.arguments = []
                result.warnings += [
                    "A shebang '\(parsed.text)' was found, but could not be matched to an installed runtime.",
                    "If the script does not behave properly, try installing the correct runtime with \"py install\".",
                ]
                return result
            }
            command = .executable(path: path, arguments: shebang.arguments)
        case .env(let name):
            command = .envSearch(command: name, arguments: shebang.arguments)
        case .bare(let name):
            command = .executable(path: name, arguments: shebang.arguments)
        case .path:
            command = shebang
        }
        let decision = policy.decide(command, line: parsed.text)
        result.warnings += decision.warnings
        switch decision {
        case .run, .runWithWarning:
            switch form {
            case .env(let name), .bare(let name):
                result.outcome = .command(name, searchPath: true, isRelative: false)
            case .usrBin(let path):
                result.outcome = .command(path, searchPath: false, isRelative: false)
            case .path(let path):
                result.outcome = .command(path, searchPath: false, isRelative: shebang.pathIsRelative)
            }
        case .refuse:
            result.arguments = []
        }
        return result
    }
}

/// Where a shebang's command is looked for when no installed runtime answers to it.
enum ShebangForm: Equatable {
    /// `/usr/bin/<name>` or `/usr/local/bin/<name>`: the file itself, if it exists.
    case usrBin(String)
    /// `/usr/bin/env [-S] <name>`: `PATH`.
    case env(String)
    /// A bare `<name>`, no `/` or `\`: `PATH`, as for `env`.
    case bare(String)
    /// Any other path, absolute or relative to the script's folder.
    case path(String)

    /// `firstWord` is the shebang's first word as written (`/usr/bin/env`, `/usr/bin/python3.9`).
    init(_ shebang: Shebang, firstWord: String) {
        if case .envSearch(let name, _) = shebang {
            self = .env(name)
            return
        }
        if firstWord == "/usr/bin/env", case .virtual(let alias, _) = shebang {
            self = .env(alias)
            return
        }
        for prefix in ["/usr/bin/", "/usr/local/bin/"]
        where firstWord.hasPrefix(prefix) && !firstWord.dropFirst(prefix.count).contains("/") {
            self = .usrBin(firstWord)
            return
        }
        let name = shebang.command
        self = name.contains("/") || name.contains("\\") ? .path(name) : .bare(name)
    }
}
