// Matching a shebang's alias or command against the installed runtimes.
// Mirrors pymanager `scriptutils._find_shebang_command`, without Windows'
// windowed/console split (Linux has none: `pythonw` means `python`).

/// What the alias matcher needs to know about one installed runtime.
///
/// The launcher builds these from its install records; order matters (the
/// first match wins), so pass them in the launcher's preference order.
public struct ShebangRuntime: Equatable, Sendable {
    /// The install's id, e.g. `pythoncore-3.12-64`.
    public var id: String
    /// The company, e.g. `PythonCore` or `PyPy`.
    public var company: String
    /// The tag, e.g. `3.12-64` or `3.14t`.
    public var tag: String
    /// Alias names the install provides, e.g. `["python3.12", "python3"]` or `["pypy3.11"]`.
    public var aliasNames: [String]
    /// The executable path, e.g. `/home/u/.local/share/py/3.12/bin/python3.12`.
    /// Its file name and trailing path components are matchable too.
    public var executablePath: String

    /// Creates a runtime description; see the properties for examples.
    public init(id: String, company: String, tag: String, aliasNames: [String], executablePath: String) {
        self.id = id
        self.company = company
        self.tag = tag
        self.aliasNames = aliasNames
        self.executablePath = executablePath
    }
}

/// Which rule matched an alias, for `-v` output.
public enum ShebangAliasRule: Equatable, Sendable, CustomStringConvertible {
    /// `python`, `python3`, `py`, `pythonw`, `pythonw3`, `pyw`: the default runtime or the active venv.
    case defaultName
    /// Equal to one of the runtime's alias names.
    case aliasName(caseInsensitive: Bool)
    /// Equal to the file name of the runtime's executable.
    case executableName(caseInsensitive: Bool)
    /// The shebang is the runtime's whole (absolute) executable path, or, for a
    /// relative executable path, ends with it (`/` and `\` both separate, `.` is ignored).
    case executablePath(caseInsensitive: Bool)
    /// `python<TAG>` that no runtime names: look up `PythonCore/<TAG>`.
    case coreTagFallback

    public var description: String {
        func ci(_ flag: Bool) -> String { flag ? " (case-insensitive)" : "" }
        switch self {
        case .defaultName: return "default command name"
        case .aliasName(let flag): return "alias name" + ci(flag)
        case .executableName(let flag): return "executable name" + ci(flag)
        case .executablePath(let flag): return "executable path" + ci(flag)
        case .coreTagFallback: return "python<TAG> fallback"
        }
    }
}

/// The result of matching an alias: a runtime, the default, a tag to look up, or nothing.
public enum ShebangAliasMatch: Equatable, Sendable {
    /// Use the active virtual environment if any, else the default runtime.
    case defaultRuntime
    /// This runtime, found by `rule`.
    case runtime(ShebangRuntime, rule: ShebangAliasRule)
    /// No runtime names it, but it is `python<TAG>`: resolve `tag` (e.g. `3.12`,
    /// `3.14t`, `3.12-64`) within the `PythonCore` company with the normal tag matcher.
    case coreTag(String)
    /// Nothing matched.
    case notFound

    /// The rule that produced this match, or nil for `.notFound`.
    public var rule: ShebangAliasRule? {
        switch self {
        case .defaultRuntime: return .defaultName
        case .runtime(_, let rule): return rule
        case .coreTag: return .coreTagFallback
        case .notFound: return nil
        }
    }

    /// For `.coreTag`, the company-qualified request, e.g. `PythonCore/3.12`.
    public var tagRequest: String? {
        guard case .coreTag(let tag) = self else { return nil }
        return "PythonCore/" + tag
    }
}

/// Resolves shebang aliases and commands against a list of runtimes.
///
/// Precedence, first match wins:
/// 1. A default name (`python`, `python3`, `py`, `pythonw`, `pythonw3`, `pyw`,
///    any case, optional `.exe`) → `.defaultRuntime`.
/// 2. Exact match, runtimes in order: an alias name, then the executable's file
///    name, then the executable's trailing path components.
/// 3. The same, case-insensitively.
/// 4. `python<TAG>` / `pythonw<TAG>` where TAG starts with a digit → `.coreTag(TAG)`.
/// 5. `.notFound`.
///
/// A trailing `.exe` on either side is ignored, so Windows-era shebangs such
/// as `#!python3.12.exe` still match.
public struct ShebangAliasResolver: Equatable, Sendable {
    /// The runtimes to match, in preference order.
    public var runtimes: [ShebangRuntime]

    /// Creates a resolver over `runtimes` (in preference order).
    public init(runtimes: [ShebangRuntime]) {
        self.runtimes = runtimes
    }

    /// The names that mean "the default runtime or the active virtual environment".
    public static let defaultNames: Set<String> = ["python", "python3", "py", "pythonw", "pythonw3", "pyw"]

    /// Matches `alias`, a bare name (`python3.12`) or a path (`./bin/python`).
    ///
    /// Examples: `resolve("python")` → `.defaultRuntime`; `resolve("pypy3.11")` →
    /// the runtime with that alias; `resolve("python3.13")` → `.coreTag("3.13")`
    /// when no runtime lists it.
    public func resolve(_ alias: String) -> ShebangAliasMatch {
        let name = ShebangAliasResolver.stripExe(alias)
        if ShebangAliasResolver.defaultNames.contains(name.lowercased()) { return .defaultRuntime }
        for caseInsensitive in [false, true] {
            if let match = firstMatch(name, caseInsensitive: caseInsensitive) { return match }
        }
        let lower = name.lowercased()
        for prefix in ["pythonw", "python"] where lower.hasPrefix(prefix) {
            let tag = String(name.dropFirst(prefix.count))
            if let first = tag.first, first.isASCII, first.isNumber { return .coreTag(tag) }
            return .notFound
        }
        return .notFound
    }

    // MARK: - Internals

    private func firstMatch(_ name: String, caseInsensitive: Bool) -> ShebangAliasMatch? {
        let fold: (String) -> String = { caseInsensitive ? $0.lowercased() : $0 }
        let wanted = fold(name)
        let wantedParts = ShebangAliasResolver.components(wanted)
        for runtime in runtimes {
            if runtime.aliasNames.contains(where: { fold(ShebangAliasResolver.stripExe($0)) == wanted }) {
                return .runtime(runtime, rule: .aliasName(caseInsensitive: caseInsensitive))
            }
            let exeParts = ShebangAliasResolver.components(fold(runtime.executablePath))
            guard let fileName = exeParts.last else { continue }
            if ShebangAliasResolver.stripExe(fileName) == wanted {
                return .runtime(runtime, rule: .executableName(caseInsensitive: caseInsensitive))
            }
            // Like pymanager's `PurePath.match(executable)`: an absolute executable
            // must equal the whole path; a relative one matches trailing components.
            let exeIsAbsolute = runtime.executablePath.hasPrefix("/")
            let usable =
                exeIsAbsolute
                ? wanted.hasPrefix("/") && wantedParts.count == exeParts.count
                : wantedParts.count > 1 && wantedParts.count <= exeParts.count
            if usable,
                Array(exeParts.suffix(wantedParts.count)).map(ShebangAliasResolver.stripExe)
                    == wantedParts.map(ShebangAliasResolver.stripExe)
            {
                return .runtime(runtime, rule: .executablePath(caseInsensitive: caseInsensitive))
            }
        }
        return nil
    }

    static func stripExe(_ name: String) -> String {
        name.lowercased().hasSuffix(".exe") ? String(name.dropLast(4)) : name
    }

    static func components(_ path: String) -> [String] {
        path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
            .map(String.init)
            .filter { $0 != "." }
    }
}
