import Glibc
import PyManagerCore
import PyManagerInstalls

/// Exit codes: 0 success, 1 failure, 2 usage; launching uses the legacy
/// launcher's codes (seed 4.12.8) where one fits.
enum ExitCode {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2
    static let createProcess: Int32 = 101
    static let noPython: Int32 = 103
    static let internalError: Int32 = 109
}

/// A failure that ends the command with `code` after printing `message`.
struct CommandFailure: Error {
    var message: String
    var code: Int32 = ExitCode.failure
}

/// The first argument decides what `py` does (DESIGN.md "Commands"):
/// 1. a subcommand (`list`, `install`, `uninstall`, `help`, `exec`);
/// 2. help (`-h`, `-?`, `/?`, `--help`) or a legacy list (`-0`, `-0p`, `--list`, `--list-paths`);
/// 3. anything else launches Python with the arguments untouched
///    (`-V:<TAG>` or `-3.<N>` first to choose the runtime).
/// `pymanager` with no arguments prints help instead of launching.
func run(_ argv: [String]) -> Int32 {
    let exeName = Path.basename(argv.first ?? "py")
    let args = Array(argv.dropFirst())
    let isPymanager = exeName.lowercased().hasPrefix("pymanager")
    guard let first = args.first else {
        if isPymanager {
            print(HelpText.text(for: nil) ?? "")
            return ExitCode.success
        }
        return launch(arguments: [], allowInstall: false)
    }
    do {
        switch first.lowercased() {
        case "list", "install", "uninstall", "help":
            let command = try ParsedCommand(name: first.lowercased(), arguments: Array(args.dropFirst()))
            return try runCommand(command)
        case "exec":
            return launch(arguments: Array(args.dropFirst()), allowInstall: true)
        case "-h", "-?", "/?", "--help", "/h":
            print(HelpText.text(for: nil) ?? "")
            return ExitCode.success
        case "-0", "--list":
            return try runCommand(ParsedCommand(name: "list", arguments: ["--format=legacy"]), legacyOptions: Array(args.dropFirst()))
        case "-0p", "--list-paths":
            return try runCommand(ParsedCommand(name: "list", arguments: ["--format=legacy-paths"]), legacyOptions: Array(args.dropFirst()))
        default:
            if isPymanager {
                throw UsageError(message: "Unknown command '\(first)'. To launch Python, use \"pymanager exec \(first)\".", command: nil)
            }
            return launch(arguments: args, allowInstall: false)
        }
    } catch let e as UsageError {
        Posix.printError(e.description)
        return ExitCode.usage
    } catch let e as CommandFailure {
        Posix.printError(e.message)
        return e.code
    } catch let e as ConfigError {
        Posix.printError(e.description)
        return ExitCode.failure
    } catch {
        Posix.printError("Internal error: \(error). Re-run with -vv for details.")
        return ExitCode.internalError
    }
}

func runCommand(_ command: ParsedCommand, legacyOptions: [String] = []) throws -> Int32 {
    if !legacyOptions.isEmpty {
        throw UsageError(message: "The legacy list options take no other arguments (got '\(legacyOptions.joined(separator: " "))'). Use \"py list\" for filters and formats.", command: "list")
    }
    if command.showHelp || command.name == "help" {
        let topic = command.name == "help" ? command.positionals.first : command.name
        guard let text = HelpText.text(for: topic) else {
            throw UsageError(message: "There is no command '\(topic ?? "")'.", command: nil)
        }
        print(text)
        return ExitCode.success
    }
    var overrides: [(String, ConfigValue)] = []
    if let confirm = command.confirmOverride { overrides.append(("confirm", .bool(confirm))) }
    let context = try Context.load(
        environment: Posix.environment(), commandLineConfig: command.configFile, overrides: overrides,
        logLevelOverride: command.logLevel)
    switch command.name {
    case "list": return try ListCommand(command: command, context: context).run()
    case "install": return try InstallCommand(command: command, context: context).run()
    case "uninstall": return try UninstallCommand(command: command, context: context).run()
    default: throw UsageError(message: "There is no command '\(command.name)'.", command: nil)
    }
}

exit(run(CommandLine.arguments))
