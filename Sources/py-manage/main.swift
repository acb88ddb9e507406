import Glibc
import PyCommandLine
import PyManagerCore
import PyManagerHTTP
import PyManagerInstalls

// `py-manage`: the half of `py` that downloads, verifies and extracts
// (libcurl, libarchive, swift-crypto). `py` starts it for `install`,
// `uninstall`, `list --online`/`--source` and automatic installs; run
// directly it behaves exactly like `py`.

/// Runs `install`, `uninstall` or an index `list` in this process. Install
/// and uninstall write a log file (see `openLog`); when they fail, the error
/// output ends with its path, as pymanager's does.
func manage(_ arguments: [String]) -> Int32 {
    var logFile: LogFile?
    let status = reportingErrors {
        guard let name = arguments.first?.lowercased() else { throw UsageError(message: "No command given.", command: nil) }
        let command = try ParsedCommand(name: name, arguments: Array(arguments.dropFirst()))
        if let status = try showHelpIfAsked(command) { return status }
        var context = try loadContext(for: command)
        if command.flag("system") { context = try systemContext(context, command: command, arguments: arguments) }
        if name == "install" || name == "uninstall" {
            logFile = openLog(command, arguments: arguments, context: context)
            context.log.file = logFile
        }
        do {
            switch name {
            case "install": return try InstallCommand(command: command, context: context).run()
            case "uninstall": return try UninstallCommand(command: command, context: context).run()
            case "list":
                let online: (ListCommand, [TagRequest]) throws -> [ListRow] = { list, requests in
                    try onlineRows(list, requests: requests, load: { try loadFeed($0, context: context) })
                }
                return try ListCommand(command: command, context: context, online: online).run()
            default: throw UsageError(message: "There is no command '\(name)'.", command: nil)
            }
        } catch {
            logFile?.write(failureReport(error).message, level: "ERROR")
            throw error
        }
    }
    if let logFile {
        logFile.write("Finished with exit status \(status) (\(status == ExitCode.success ? "success" : "failure")).")
        if status != ExitCode.success { Posix.printError("Log file: \(logFile.path)") }
    }
    return status
}

/// An argument with any `user:password@` of a URL in it removed (`--source=https://u:p@h/` too).
func redactedArgument(_ argument: String) -> String {
    guard argument.hasPrefix("-"), let sep = argument.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return redacted(argument) }
    return String(argument[...sep]) + redacted(String(argument[argument.index(after: sep)...]))
}

/// A new log in `logs_dir` that starts with the command line, the version and
/// the configuration files read. A log that cannot be created is a warning:
/// it never stops an install.
func openLog(_ command: ParsedCommand, arguments: [String], context: Context) -> LogFile? {
    let file: LogFile
    do {
        file = try LogFile.create(in: context.settings.logsDir, command: command.name)
    } catch {
        context.log.warn("No log file is written: \(error) Set \"logs_dir\" to a writable folder.")
        return nil
    }
    let files = context.settings.store.loadedFiles
    file.write("""
        py \(arguments.map(redactedArgument).joined(separator: " "))
        Python install manager for Linux \(HelpText.version), process \(getpid()), working directory \(context.workingDirectory)
        Configuration files read: \(files.isEmpty ? "none" : files.joined(separator: ", "))
        install_dir: \(context.settings.installDir); global_dir: \(context.settings.globalDir); download_dir: \(context.settings.downloadDir)
        """)
    return file
}

/// An automatic install for a launch, in this process.
/// Like `py`'s, it goes through `manage`, so it writes a log too; `manage` has
/// already printed what went wrong.
func autoInstall(_ arguments: [String]) throws {
    let status = manage(["install", "--automatic"] + arguments)
    if status != ExitCode.success { throw CommandFailure(message: "", code: status) }
}

exit(runCommandLine(Posix.arguments, services: CommandServices(manage: manage, autoInstall: autoInstall)))
