import PyManagerCore
import PyManagerInstalls

/// What the launcher was asked to start.
enum LaunchChoice {
    /// A tag or range; `nil` means the default (virtual environment, then `default_tag`).
    case tag(String?)
    /// A runtime named by a shebang alias (`python3.12`, `pypy3.11`).
    case executable(String)
    /// A PEP 440 specifier set (PEP 723 `requires-python`, `.python-version`).
    case specifiers(PEP440SpecifierSet, text: String)
    /// A non-Python command from a shebang; `searchPath` for `/usr/bin/env <cmd>`.
    case command(String, searchPath: Bool)
}

/// A launch request and where it came from (provenance, shown with `-v`).
struct LaunchRequest {
    var choice: LaunchChoice
    var reason: String
    /// Arguments to put before the script (from a shebang line).
    var extraArguments: [String] = []
    /// Where a `.python-version` or script asked for it (for "not installed" messages).
    var origin: String?
    /// The whole one-line error when the runtime asked for is not installed
    /// (a shebang names the script, its line and the `py install` to run).
    var notInstalledMessage: String?
}

/// Chooses what to launch; first match wins (DESIGN.md "Launching"):
/// 1. `-V:<TAG>` / `-3.<N>` on the command line;
/// 2. the script's shebang line, when it names a runtime or a command
///    (`python`/`python3`/`py` name no runtime in particular: go on);
/// 3. the script's PEP 723 `requires-python`;
/// 4. the active virtual environment;
/// 5. the nearest `.python-version` (unless `python_version_file` is false);
/// 6. `default_tag`, then the best install.
func chooseRequest(tagOption: String?, pythonArguments: [String], context: Context, log: Log) -> LaunchRequest {
    if let tagOption {
        return LaunchRequest(choice: .tag(tagOption), reason: "-V:\(tagOption) on the command line")
    }
    if let index = scriptArgumentIndex(pythonArguments) {
        let script = Path.resolve(pythonArguments[index], relativeTo: context.workingDirectory)
        if let request = requestFromScript(script, context: context, log: log) { return request }
    }
    return defaultRequest(context: context, log: log)
}

/// Steps 4–6 of `chooseRequest`: what `py` (and `py list --one`) use with no tag and no script.
func defaultRequest(context: Context, log: Log) -> LaunchRequest {
    let settings = context.settings
    if let venv = settings.virtualEnv, !venv.isEmpty, Posix.exists(Path.join(venv, "pyvenv.cfg")) {
        return LaunchRequest(choice: .tag(nil), reason: "the active virtual environment \(venv)")
    }
    if settings.pythonVersionFile,
        let path = PythonVersionFile.nearest(from: context.workingDirectory, fileExists: { Posix.kind($0) == .file }),
        let bytes = Posix.readFile(path)
    {
        let file = PythonVersionFile(contents: bytes)
        switch file.selected {
        case let entry? where entry.request != nil:
            let origin = "\(path) line \(entry.line)"
            switch entry.request {
            case .tag(let tag)?:
                return LaunchRequest(choice: .tag(tag), reason: "'\(entry.value)' in \(origin)", origin: origin)
            case .specifiers(let specs)?:
                return LaunchRequest(choice: .specifiers(specs, text: entry.value), reason: "'\(entry.value)' in \(origin)", origin: origin)
            case nil:
                break
            }
        default:
            log.warn("\(path) names no version py can use; ignoring it.")
        }
    }
    let source = settings.store.source(of: "default_tag") ?? "the built-in default"
    return LaunchRequest(choice: .tag(nil), reason: "the default tag '\(settings.defaultTag)' from \(source)")
}

/// Steps 2–3 of `chooseRequest` for one script file; `nil` to go on.
func requestFromScript(_ script: String, context: Context, log: Log) -> LaunchRequest? {
    guard let bytes = readScriptHead(script) else {
        log.debug("Could not read \(script) to look for a shebang; launching as usual.")
        return nil
    }
    let settings = context.settings
    log.debug("Looking for a shebang and inline metadata in \(script)")
    if let line = ShebangLine(script: bytes) {
        let runtimes = context.installs(includeUnmanaged: settings.includeUnmanaged).filter { !$0.isVirtualEnvironment }.map {
            ShebangRuntime(id: $0.id, company: $0.company, tag: $0.tag, aliasNames: $0.entry.aliases.map(\.name), executablePath: $0.executable)
        }
        let policy = ShebangPolicy(
            canRunAnything: settings.shebangCanRunAnything, canRunAnythingSilently: settings.shebangCanRunAnythingSilently,
            environment: context.environment)
        if let resolution = ShebangResolution.resolve(
            line: "#!" + line.text, runtimes: runtimes, templates: ShebangTemplates(settings.shebangTemplates), policy: policy,
            isExecutableFile: Posix.isExecutableFile)
        {
            for w in resolution.warnings { log.warn(w) }
            let why = "the shebang '#!\(line.text)' of \(script)"
            switch resolution.outcome {
            case .runtime(let runtime):
                return LaunchRequest(choice: .executable(runtime.executablePath), reason: why, extraArguments: resolution.arguments)
            case .tag(let tag):
                // Like `py -V:<TAG>`: installed automatically when allowed, else an error (never the default).
                let wanted = tag.lowercased().hasPrefix("pythoncore/") ? String(tag.dropFirst(11)) : tag
                let missing = "\(script): the shebang '#!\(line.text)' asks for runtime '\(wanted)', which is not installed. "
                    + "Run \"py install \(wanted)\" to install it."
                return LaunchRequest(
                    choice: .tag(tag), reason: why, extraArguments: resolution.arguments, notInstalledMessage: missing)
            case .command(let command, true, _) where context.environment[EnvironmentKey.noSearchPath] != nil:
                log.warn("Not searching PATH for '\(command)' from \(why) because PYLAUNCHER_NO_SEARCH_PATH is set; using the default runtime.")
                return requestFromMetadata(bytes, script: script, log: log)
            case .command(let command, let searchPath, let isRelative):
                let path = isRelative ? Path.resolve(command, relativeTo: Path.directory(of: script)) : command
                return LaunchRequest(choice: .command(path, searchPath: searchPath), reason: why, extraArguments: resolution.arguments)
            case .defaultRuntime:
                // `python`, `python3`, `py`: no runtime in particular. Keep the
                // shebang's arguments and let the later rules choose.
                if let metadata = requestFromMetadata(bytes, script: script, log: log) {
                    return LaunchRequest(choice: metadata.choice, reason: metadata.reason, extraArguments: resolution.arguments, origin: metadata.origin)
                }
                if !resolution.arguments.isEmpty {
                    var request = defaultRequest(context: context, log: log)
                    request.extraArguments = resolution.arguments
                    return request
                }
                return nil
            case .ignored:
                break
            }
        }
    }
    return requestFromMetadata(bytes, script: script, log: log)
}

/// PEP 723 `requires-python` of a script, if it has one.
func requestFromMetadata(_ bytes: [UInt8], script: String, log: Log) -> LaunchRequest? {
    do {
        guard let metadata = try ScriptMetadata.find(inScript: bytes), let text = metadata.requiresPython,
            let specs = try metadata.requiresPythonSpecifiers()
        else { return nil }
        let origin = "requires-python = \"\(text)\" in \(script)"
        return LaunchRequest(choice: .specifiers(specs, text: text), reason: origin, origin: origin)
    } catch {
        log.warn("Ignoring the inline script metadata of \(script): \(error)")
        return nil
    }
}

/// The script's bytes (a PEP 723 block may be anywhere in it), or `nil`
/// when it is not a readable regular file.
func readScriptHead(_ path: String) -> [UInt8]? {
    guard Posix.kind(path) == .file, let bytes = Posix.readFile(path) else { return nil }
    return bytes
}
