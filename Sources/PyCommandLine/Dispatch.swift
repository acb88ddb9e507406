import Glibc
import PyManagerCore
import PyManagerInstalls

/// Exit codes: 0 success, 1 failure, 2 usage; launching uses the legacy
/// launcher's codes (seed 4.12.8) where one fits.
public enum ExitCode {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 2
    public static let createProcess: Int32 = 101
    public static let noPython: Int32 = 103
    public static let internalError: Int32 = 109
}

/// A failure that ends the command with `code` after printing `message`.
public struct CommandFailure: Error {
    public var message: String
    public var code: Int32

    public init(message: String, code: Int32 = ExitCode.failure) {
        self.message = message
        self.code = code
    }
}

/// The commands that need the network, archives or hashes. `py` hands them
/// to `py-manage` so that it links none of libcurl, libarchive or
/// swift-crypto (each Python start would pay for loading them); `py-manage`
/// runs them in process.
public struct CommandServices {
    /// Runs `install`, `uninstall` or `list --online`/`--source`; gets the
    /// arguments after argv[0], returns the exit status.
    public var manage: ([String]) -> Int32
    /// Installs for a launch (`py exec`, or nothing installed at all): gets
    /// the arguments of `install --automatic …`. Throws `CommandFailure`.
    public var autoInstall: ([String]) throws -> Void

    public init(manage: @escaping ([String]) -> Int32, autoInstall: @escaping ([String]) throws -> Void) {
        self.manage = manage
        self.autoInstall = autoInstall
    }
}

/// The first argument decides what `py` does (DESIGN.md "Commands"):
/// 1. a subcommand (`list`, `install`, `uninstall`, `help`, `completion`, `exec`);
/// 2. help (`-h`, `-?`, `/?`, `--help`) or a legacy list (`-0`, `-0p`, `--list`, `--list-paths`);
/// 3. anything else launches Python with the arguments untouched
///    (`-V:<TAG>` or `-3.<N>` first to choose the runtime).
/// `pymanager` with no arguments prints help instead of launching.
public func runCommandLine(_ argv: [String], services: CommandServices) -> Int32 {
    let exeName = Path.basename(argv.first ?? "py")
    let args = Array(argv.dropFirst())
    let isPymanager = exeName.lowercased().hasPrefix("pymanager")
    guard let first = args.first else {
        if isPymanager {
            print(overviewHelp())
            return ExitCode.success
        }
        return launch(arguments: [], allowInstall: false, services: services)
    }
    return reportingErrors {
        switch first.lowercased() {
        case "install", "uninstall":
            return services.manage(args)
        case "completion":
            let command = try ParsedCommand(name: "completion", arguments: Array(args.dropFirst()))
            if let status = try showHelpIfAsked(command) { return status }
            return try Completion.run(command)
        case "list", "help":
            let command = try ParsedCommand(name: first.lowercased(), arguments: Array(args.dropFirst()))
            if command.name == "list" && !command.showHelp && (command.flag("online") || command.options["source"] != nil) {
                return try listLocalFeed(command) ?? services.manage(args)
            }
            return try runCommand(command)
        case "exec":
            return launch(arguments: Array(args.dropFirst()), allowInstall: true, services: services)
        case "-h", "-?", "/?", "--help", "/h":
            print(overviewHelp())
            return ExitCode.success
        case "-0", "--list":
            return try runCommand(ParsedCommand(name: "list", arguments: ["--format=legacy"]), legacyOptions: Array(args.dropFirst()))
        case "-0p", "--list-paths":
            return try runCommand(ParsedCommand(name: "list", arguments: ["--format=legacy-paths"]), legacyOptions: Array(args.dropFirst()))
        default:
            if isPymanager {
                throw UsageError(message: "Unknown command '\(first)'. To launch Python, use \"pymanager exec \(first)\".", command: nil)
            }
            return launch(arguments: args, allowInstall: false, services: services)
        }
    }
}

func runCommand(_ command: ParsedCommand, legacyOptions: [String] = []) throws -> Int32 {
    if !legacyOptions.isEmpty {
        throw UsageError(message: "The legacy list options take no other arguments (got '\(legacyOptions.joined(separator: " "))'). Use \"py list\" for filters and formats.", command: "list")
    }
    if let status = try showHelpIfAsked(command) { return status }
    let context = try loadContext(for: command)
    switch command.name {
    case "list": return try ListCommand(command: command, context: context).run()
    default: throw UsageError(message: "There is no command '\(command.name)'.", command: nil)
    }
}

/// Prints the help `command` asks for (`py help list`, `py list -?`), if it does.
public func showHelpIfAsked(_ command: ParsedCommand) throws -> Int32? {
    guard command.showHelp || command.name == "help" else { return nil }
    let topic = command.name == "help" ? command.positionals.first : command.name
    guard let text = HelpText.text(for: topic) else {
        throw UsageError(message: "There is no command '\(topic ?? "")'.", command: nil)
    }
    print(topic == nil ? overviewHelp() : text)
    return ExitCode.success
}

/// The configuration for a subcommand, with its `--config`, `-y` and `-v`/`-q` options applied.
public func loadContext(for command: ParsedCommand) throws -> Context {
    var overrides: [(String, ConfigValue)] = []
    if let confirm = command.confirmOverride { overrides.append(("confirm", .bool(confirm))) }
    return try Context.load(
        environment: Posix.environment(), commandLineConfig: command.configFile, overrides: overrides,
        logLevelOverride: command.logLevel)
}

/// Runs `body`, turning thrown errors into their message on stderr and an exit status
/// (see `failureReport`).
public func reportingErrors(_ body: () throws -> Int32) -> Int32 {
    do {
        return try body()
    } catch {
        let report = failureReport(error)
        if !report.message.isEmpty { Posix.printError(report.message) }
        return report.code
    }
}

/// The message and exit status for an error: usage 2, command failures their
/// own code, configuration 1, anything else 109 (an internal error).
public func failureReport(_ error: any Error) -> (message: String, code: Int32) {
    switch error {
    case let e as UsageError: return (e.description, ExitCode.usage)
    case let e as CommandFailure: return (e.message, e.code)
    case let e as ConfigError: return (e.description, ExitCode.failure)
    default: return ("Internal error: \(error). Re-run with -vv for details.", ExitCode.internalError)
    }
}
