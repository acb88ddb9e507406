import Glibc
import PyCommandLine
import PyManagerCore
import PyManagerInstalls

// `py-manage`: the half of `py` that downloads, verifies and extracts
// (libcurl, libarchive, swift-crypto). `py` starts it for `install`,
// `uninstall`, `list --online`/`--source` and automatic installs; run
// directly it behaves exactly like `py`.

/// Runs `install`, `uninstall` or an index `list` in this process.
func manage(_ arguments: [String]) -> Int32 {
    reportingErrors {
        guard let name = arguments.first?.lowercased() else { throw UsageError(message: "No command given.", command: nil) }
        let command = try ParsedCommand(name: name, arguments: Array(arguments.dropFirst()))
        if let status = try showHelpIfAsked(command) { return status }
        var context = try loadContext(for: command)
        if command.flag("system") { context = try systemContext(context, command: command, arguments: arguments) }
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
    }
}

/// An automatic install for a launch, in this process.
func autoInstall(_ arguments: [String]) throws {
    let command = try ParsedCommand(name: "install", arguments: ["--automatic"] + arguments)
    let status = try InstallCommand(command: command, context: try loadContext(for: command)).run()
    if status != ExitCode.success { throw CommandFailure(message: "The automatic install did not finish.", code: status) }
}

exit(runCommandLine(CommandLine.arguments, services: CommandServices(manage: manage, autoInstall: autoInstall)))
