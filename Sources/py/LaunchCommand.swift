import PyManagerCore
import PyManagerInstalls

/// A runtime request and where it came from (provenance, for `-v`).
struct LaunchRequest {
    /// A tag or range; `nil` means the default.
    var tag: String?
    var reason: String
    /// Arguments to put before the script (from a shebang line).
    var extraArguments: [String] = []
    /// A non-runtime command chosen by a shebang (`/usr/bin/env node`).
    var command: String?
}

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
func launch(arguments: [String], allowInstall: Bool) -> Int32 {
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
        plan = try makePlan(request: request, pythonArguments: pythonArguments, context: context, log: log, allowInstall: allowInstall)
    } catch let failure as CommandFailure {
        Posix.printError(failure.message)
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
func makePlan(request: LaunchRequest, pythonArguments: [String], context: Context, log: Log, allowInstall: Bool) throws -> LaunchPlan {
    if let command = request.command {
        return LaunchPlan(
            executable: command, arguments: [command] + request.extraArguments + pythonArguments, reason: request.reason,
            environment: [EnvironmentKey.recursionGuard: String(launchDepth(context.environment) + 1)])
    }
    let settings = context.settings
    var (outcome, installs) = resolveRuntime(request: request.tag, context: context, includeUnmanaged: settings.includeUnmanaged)
    if case .failure(let error) = outcome {
        let nothingInstalled = installs.isEmpty
        if case .invalidRequest = error { throw CommandFailure(message: error.description, code: ExitCode.usage) }
        if settings.automaticInstall && (allowInstall || nothingInstalled) {
            let tag = request.tag ?? settings.defaultTag
            log.info("Installing Python \(tag) because it is not installed yet.")
            try autoInstall(tag: tag, context: context)
            context.invalidateInstalls()
            (outcome, installs) = resolveRuntime(request: request.tag, context: context, includeUnmanaged: settings.includeUnmanaged)
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
        // One line (the brief for RC_NO_PYTHON); what is installed is for -v.
        if case .noMatch = error, !installs.isEmpty {
            log.verbose("Installed: " + installs.prefix(8).map { describeForError($0) }.joined(separator: ", ")
                + (installs.count > 8 ? ", …" : ".") + " \"py list\" shows them all.")
        }
        throw CommandFailure(message: error.description, code: ExitCode.noPython)
    }
}

/// The runtime `py -V:<request>` starts (`nil`: the default), and the installs it was
/// chosen from. Launching and `py list --one` both call this, so they always agree.
///
/// Managed installs (and the virtual environment) are tried first and the system is
/// searched only when they cannot answer, which keeps the launch path short. "Cannot
/// answer" includes a bare tag that only found another company's runtime: that is the
/// last-resort fallback of `matchingInstalls`, below unmanaged CPython.
func resolveRuntime(request: String?, context: Context, includeUnmanaged: Bool) -> (Result<RuntimeMatch, ResolutionError>, [Install]) {
    let settings = context.settings
    func resolve(_ installs: [Install]) -> Result<RuntimeMatch, ResolutionError> {
        Result { () throws(ResolutionError) in
            try installToRun(installs, request: request, defaultTag: settings.defaultTag, defaultPlatform: settings.defaultPlatform)
        }
    }
    let managed = context.installs(includeUnmanaged: false)
    let outcome = resolve(managed)
    guard includeUnmanaged else { return (outcome, managed) }
    if case .success(let match) = outcome, !isCompanyFallback(match, request: request ?? settings.defaultTag) {
        return (outcome, managed)
    }
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

func describeForError(_ install: Install) -> String {
    install.isVirtualEnvironment ? "the active virtual environment" : install.companyTag.description
}

func launchDepth(_ environment: [String: String]) -> Int {
    environment[EnvironmentKey.recursionGuard].flatMap { Int($0) } ?? 0
}
