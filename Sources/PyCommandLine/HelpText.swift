/// The `py help` text: the command-line reference (STYLE.md §6).
public enum HelpText {
    public static let version = "26.1-linux"

    static let header = """
        Python install manager for Linux \(version)
        """

    static let launching = """
        Launching:
            py [<python options>]         Launch the default runtime (a script's shebang,
                                          PEP 723 requires-python, the active virtual
                                          environment or .python-version may choose another).
            py -V:<TAG> [<options>]       Launch the runtime identified by <TAG>. Give the
                                          company as Company/<TAG> if not PythonCore; a
                                          company alone (-V:PyPy/) picks its newest runtime;
                                          -V:default is the default runtime.
            py -3<VERSION> [<options>]    Same as -V:PythonCore/3<VERSION>, core releases only
                                          (py -3.13, py -3.14t, py -3-arm64).
            py exec <any of the above>    Same, but the runtime is installed if missing.
        """

    static var commands: String {
        let width = CommandTable.commands.map(\.name.count).max() ?? 0
        let lines = CommandTable.commands.map { "    " + $0.name + String(repeating: " ", count: width + 3 - $0.name.count) + $0.summary }
        return (["Commands:"] + lines).joined(separator: "\n")
    }

    static var global: String {
        (["Global options (after the command):"] + CommandTable.rows(CommandTable.global, width: 17)
            + ["Option values may be written -f json, -f=json, -f:json or --format=json."]).joined(separator: "\n")
    }

    /// A command's usage, options and notes.
    static func section(_ command: CommandInfo) -> String {
        ([command.usage] + CommandTable.rows(command.options, width: 20) + command.trailer).joined(separator: "\n")
    }

    static func text(for command: String?) -> String? {
        switch command?.lowercased() {
        case nil: return [header, "", launching, "", commands, "", global].joined(separator: "\n")
        case "exec": return [header, "", launching, "", global].joined(separator: "\n")
        case let name?:
            guard let info = CommandTable.command(name) else { return nil }
            return [header, "", section(info), "", global].joined(separator: "\n")
        }
    }
}
