import PyManagerCore
import PyManagerInstalls

/// Splits a leading `-V:<TAG>` or `-3.<N>` off the Python arguments.
///
/// `-3…` means `PythonCore/3…` (core releases only, seed 4.12.1.1).
func takeTagOption(_ arguments: [String]) -> (tag: String?, rest: [String]) {
    guard let first = arguments.first else { return (nil, arguments) }
    if first.count > 3, first.lowercased().hasPrefix("-v:") {
        return (String(first.dropFirst(3)), Array(arguments.dropFirst()))
    }
    if first.hasPrefix("-3") {
        let tag = String(first.dropFirst())
        let head = tag.split(separator: "-").first.map(String.init) ?? tag
        let looksLikeVersion = head.allSatisfy { $0.isNumber || $0 == "." || $0 == "t" } && !head.hasSuffix(".")
        if looksLikeVersion { return ("PythonCore/" + tag, Array(arguments.dropFirst())) }
    }
    return (nil, arguments)
}

/// Launches Python: decide a `LaunchPlan`, then `execv` it (or print it
/// when `PYLAUNCHER_DRYRUN` is set).
func launch(arguments: [String], allowInstall: Bool, services: CommandServices) -> Int32 {
    let environment = Posix.environment()
    let context: Context
    do {
        context = try Context.load(environment: environment, commandLineConfig: nil, overrides: [], logLevelOverride: nil)
    } catch {
        Posix.printError(error.description)
        return ExitCode.failure
    }
    var log = context.log
    if environment[EnvironmentKey.launcherDebug] != nil { log.level = min(log.level, LogLevel.debug) }
    let (tagOption, pythonArguments) = takeTagOption(arguments)
    let request = chooseRequest(tagOption: tagOption, pythonArguments: pythonArguments, context: context, log: log)
    let plan: LaunchPlan
    do {
        plan = try makePlan(request: request, pythonArguments: pythonArguments, context: context, log: log, allowInstall: allowInstall, services: services)
    } catch let failure as CommandFailure {
        if !failure.message.isEmpty { Posix.printError(failure.message) }
        return failure.code
    } catch {
        Posix.printError("Internal error: \(error). Re-run with PYLAUNCHER_DEBUG=1 for details.")
        return ExitCode.internalError
    }
    log.verbose("Launching \(plan.executable) (\(plan.reason))")
    if environment[EnvironmentKey.dryRun] != nil {
        print(plan.commandLine)
        return ExitCode.success
    }
    let error = Posix.exec(plan.executable, arguments: plan.arguments, setEnvironment: plan.environment)
    Posix.printError("\(error) Check that the runtime is intact, or reinstall it with \"py install --force\".")
    return ExitCode.createProcess
}

/// Resolves the request to a runtime, installing it when allowed.
///
/// Auto-install (seed 4.1.2, 4.1.5): `py exec` installs a missing runtime
/// when `automatic_install` is on; any launch installs when no runtime
/// exists at all.
func makePlan(
    request: LaunchRequest, pythonArguments: [String], context: Context, log: Log, allowInstall: Bool, services: CommandServices
) throws -> LaunchPlan {
    log.verbose("Chose the runtime by \(request.reason)")
    switch request.choice {
    case .command(let command, let searchPath):
        let path = try locateCommand(command, searchPath: searchPath, context: context)
        return LaunchPlan(
            executable: path, arguments: [path] + request.extraArguments + pythonArguments, reason: request.reason,
            environment: [EnvironmentKey.recursionGuard: "1"])
    case .executable(let path):
        return LaunchPlan(executable: path, arguments: [path] + request.extraArguments + pythonArguments, reason: request.reason)
    case .specifiers(let specs, let text):
        return try planForSpecifiers(
            specs, text: text, request: request, pythonArguments: pythonArguments, context: context, log: log, allowInstall: allowInstall,
            services: services)
    case .tag(let tag):
        return try planForTag(
            tag, request: request, pythonArguments: pythonArguments, context: context, log: log, allowInstall: allowInstall,
            services: services)
    }
}

func planForTag(
    _ tag: String?, request: LaunchRequest, pythonArguments: [String], context: Context, log: Log, allowInstall: Bool,
    services: CommandServices
) throws -> LaunchPlan {
    let settings = context.settings
    var (outcome, installs) = resolveRuntime(request: tag, context: context, includeUnmanaged: settings.includeUnmanaged)
    if case .failure(let error) = outcome {
        if case .invalidRequest = error { throw CommandFailure(message: error.description, code: ExitCode.usage) }
        if settings.automaticInstall && (allowInstall || installs.isEmpty) {
            let wanted = tag ?? settings.defaultTag
            log.info("Installing Python \(wanted) because it is not installed yet.")
            try services.autoInstall([wanted])
            context.invalidateInstalls()
            (outcome, installs) = resolveRuntime(request: tag, context: context, includeUnmanaged: settings.includeUnmanaged)
        }
    }
    switch outcome {
    case .success(let match):
        log.debug("Chose \(match.install.id) at \(match.install.prefix) for run-for tag '\(match.runFor.tag)'")
        let executable = match.executable
        return LaunchPlan(
            executable: executable, arguments: [executable] + match.runFor.arguments + request.extraArguments + pythonArguments,
            reason: request.reason)
    case .failure(let error):
        var message = error.description
        if let missing = request.notInstalledMessage {
            message = missing
        } else if let origin = request.origin {
            message = "\(origin) asks for a runtime that is not installed. " + message
        }
        // One line (RC_NO_PYTHON); what is installed is for -v.
        if case .noMatch = error, !installs.isEmpty {
            log.verbose("Installed: " + installs.prefix(8).map { describeForError($0) }.joined(separator: ", ")
                + (installs.count > 8 ? ", …" : ".") + " \"py list\" shows them all.")
        }
        throw CommandFailure(message: message, code: ExitCode.noPython)
    }
}

/// The runtime `py -V:<request>` starts (`nil`: the default), and the installs it was
/// chosen from. Launching and `py list --one` both call this, so they always agree.
///
/// Managed installs (and the virtual environment) are tried first and the system is
/// searched only when they cannot answer, which keeps the launch path short. "Cannot
/// answer" includes a bare tag that only found another company's runtime: that is the
/// last-resort fallback of `matchingInstalls`, below unmanaged CPython.
///
/// A choice among managed installs is remembered (`LaunchMemo`, keyed by the stores'
/// stamps), so a repeated request reads one install record, whatever the stores hold.
func resolveRuntime(request: String?, context: Context, includeUnmanaged: Bool) -> (Result<RuntimeMatch, ResolutionError>, [Install]) {
    let settings = context.settings
    // `default` (any case) is the default runtime, as no request is (seed 4.1.5).
    let request = request.flatMap { TagRequest.isDefaultKeyword($0) ? nil : $0 }
    func resolve(_ installs: [Install]) -> Result<RuntimeMatch, ResolutionError> {
        Result { () throws(ResolutionError) in
            try installToRun(installs, request: request, defaultTag: settings.defaultTag, defaultPlatform: settings.defaultPlatform)
        }
    }
    let memoKey = context.launchMemoKey(request: request ?? "")
    if let memoKey, let match = context.rememberedMatch(key: memoKey) { return (.success(match), [match.install]) }
    let managed = context.installs(includeUnmanaged: false)
    let outcome = resolve(managed)
    if case .success(let match) = outcome, !isCompanyFallback(match, request: request ?? settings.defaultTag) {
        if let memoKey { context.remember(match, key: memoKey) }
        return (outcome, managed)
    }
    guard includeUnmanaged else { return (outcome, managed) }
    let all = context.installs(includeUnmanaged: true)
    return (resolve(all), all)
}

/// True when `match` is another company's runtime chosen for a tag that names no company.
func isCompanyFallback(_ match: RuntimeMatch, request: String) -> Bool {
    guard match.install.isManaged, !match.install.companyTag.isCore,
        case .tag(let pattern)? = try? TagRequest(parsing: request)
    else { return false }
    return pattern.company.isEmpty && !pattern.namesCoreCompany
}

/// The newest runtime whose version satisfies `specs`, installed by `py exec` if needed.
func planForSpecifiers(
    _ specs: PEP440SpecifierSet, text: String, request: LaunchRequest, pythonArguments: [String], context: Context, log: Log,
    allowInstall: Bool, services: CommandServices
) throws -> LaunchPlan {
    let settings = context.settings
    var all = context.installs(includeUnmanaged: settings.includeUnmanaged)
    var found = installs(all, satisfying: specs).first
    if found == nil, settings.automaticInstall, allowInstall || all.isEmpty {
        log.info("Installing a runtime to satisfy '\(text)' (\(request.origin ?? request.reason)).")
        try services.autoInstall(["--requires-python=" + text])
        context.invalidateInstalls()
        all = context.installs(includeUnmanaged: settings.includeUnmanaged)
        found = installs(all, satisfying: specs).first
    }
    guard let install = found else {
        throw CommandFailure(
            message: "No installed runtime satisfies '\(text)' (\(request.origin ?? request.reason)). "
                + "Run \"py exec\" to install one automatically, or \"py install <version>\".",
            code: ExitCode.noPython)
    }
    let runFor = install.defaultRunFor
    let executable = install.path(of: runFor.target)
    return LaunchPlan(
        executable: executable, arguments: [executable] + runFor.arguments + request.extraArguments + pythonArguments,
        reason: request.reason)
}

/// A shebang's command: searched on `PATH` for `/usr/bin/env <cmd>`, never
/// resolving to this launcher itself (a script cannot make it loop).
func locateCommand(_ command: String, searchPath: Bool, context: Context) throws -> String {
    guard searchPath, !command.contains("/") else {
        guard Posix.isExecutableFile(command) else {
            throw CommandFailure(message: "The shebang command '\(command)' is not an executable file. Fix the script's first line.", code: ExitCode.createProcess)
        }
        return command
    }
    let me = context.binary.flatMap { Posix.realPath($0) }
    for dir in (context.environment["PATH"] ?? "").split(separator: ":") where !dir.isEmpty {
        let candidate = Path.join(String(dir), command)
        guard Posix.isExecutableFile(candidate) else { continue }
        if let me, Posix.realPath(candidate) == me { continue }
        return candidate
    }
    throw CommandFailure(message: "The shebang command '\(command)' was not found on PATH. Install it, or change the script's first line.", code: ExitCode.createProcess)
}

func describeForError(_ install: Install) -> String {
    install.isVirtualEnvironment ? "the active virtual environment" : install.companyTag.description
}
