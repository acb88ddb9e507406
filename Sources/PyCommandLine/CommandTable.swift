import PyManagerCore

/// Every subcommand and option in one table: the argument grammar
/// (`ParsedCommand`), the help text (`HelpText`) and the shell completions
/// (`Completion`) are all made from it, so they cannot drift apart.
struct OptionInfo {
    /// What completes an option's value or a command's arguments.
    enum Values: Equatable {
        case none
        /// One of these words (`--format=json`).
        case choices([String])
        case file
        case directory
        /// Tags of installed runtimes, managed or not (`list`, `-V:`).
        case installedTags
        /// Tags of runtimes py installed (`uninstall`).
        case managedTags
        /// Tags of the bundled index (`install`).
        case indexTags
        case commands
        case shells
    }

    /// Names shown in help and offered by completion, as typed (`-f`, `--format`).
    var names: [String]
    /// Further names accepted but not shown (`--upgrade` for `--update`).
    var aliases: [String] = []
    /// The attribute the option sets.
    var key: String
    /// The value's placeholder (`<FMT>`) when the option reads a value.
    var placeholder: String? = nil
    /// The value a flag sets.
    var flagValue = "1"
    /// Help lines; an option without any is accepted but not documented (`--automatic`).
    var help: [String] = []
    var values: Values = .none

    var takesValue: Bool { placeholder != nil }

    /// `-f, --format=<FMT>`.
    var label: String {
        var parts = names
        if let placeholder, let last = parts.indices.last { parts[last] += "=" + placeholder }
        return parts.joined(separator: ", ")
    }

    /// The names as the parser looks them up (`format`, `vv`): without dashes.
    var keys: [String] { (names + aliases).map { String($0.drop { $0 == "-" }) } }
}

/// A subcommand: its usage line, options and what its arguments are.
struct CommandInfo {
    var name: String
    /// The line in `py help`'s command list.
    var summary: String
    /// The usage and description above the options.
    var usage: String
    var options: [OptionInfo]
    /// Lines after the options (arguments, notes), as they appear in help.
    var trailer: [String] = []
    /// What the command's arguments are (for completion).
    var arguments: OptionInfo.Values = .none
}

enum CommandTable {
    static let formats = ["table", "csv", "json", "jsonl", "exe", "prefix", "id", "url"]

    static let global: [OptionInfo] = [
        OptionInfo(names: ["-v", "--verbose"], key: "log_level", flagValue: String(LogLevel.verbose), help: ["Increased output (log_level=15)"]),
        OptionInfo(names: ["-vv"], key: "log_level", flagValue: String(LogLevel.debug), help: ["Further increased output (log_level=10)"]),
        OptionInfo(names: ["-q", "--quiet"], key: "log_level", flagValue: String(LogLevel.warn), help: ["Less output (log_level=30)"]),
        OptionInfo(names: ["-qq"], key: "log_level", flagValue: String(LogLevel.error), help: ["Even less output (log_level=40)"]),
        OptionInfo(names: ["-y", "--yes"], key: "confirm", flagValue: "0", help: ["Always accept confirmation prompts (confirm=false)"]),
        OptionInfo(names: ["-h", "-?", "--help"], key: "help", help: ["Show help for a specific command"]),
        OptionInfo(names: ["--config"], key: "config", placeholder: "<PATH>", help: ["Override configuration with a JSON file"], values: .file),
    ]

    static let commands: [CommandInfo] = [list, install, uninstall, help, completion]

    static let list = CommandInfo(
        name: "list", summary: "Show installed runtimes, or those in an index (--online)",
        usage: """
            py list [-f=|--format=<FMT>] [-1|--one] [--only-managed] [--online|-s=|--source=<URL>] [<TAG>...]

            Lists installed runtimes, or those in an index feed.
            """,
        options: [
            OptionInfo(names: ["-f", "--format"], key: "format", placeholder: "<FMT>", help: [
                (["table (default)"] + formats.dropFirst()).joined(separator: ", "),
                "(default from \"list.format\" or PYTHON_MANAGER_LIST_FORMAT)",
            ], values: .choices(formats)),
            OptionInfo(names: ["-1", "--one"], key: "one", help: [
                "Only the runtime \"py -V:<TAG>\" would launch (or, with",
                "--online, the one \"py install <TAG>\" would install)",
            ]),
            OptionInfo(names: ["--only-managed"], key: "only-managed", help: ["Leave out runtimes not installed by py"]),
            OptionInfo(names: ["--online"], key: "online", help: ["List the default index (install.source)"]),
            OptionInfo(names: ["-s", "--source"], key: "source", placeholder: "<URL>", help: ["List this index: https://, file:// URL or a path"], values: .file),
        ],
        trailer: [
            "    <TAG>...            Filter by tag (3.12, PyPy/, 3.14t) or range (>=3.11,<3.13);",
            "                        default is the active virtual environment, else default_tag",
            "Legacy forms: py -0, py -0p, py --list, py --list-paths.",
        ],
        arguments: .installedTags)

    static let install = CommandInfo(
        name: "install", summary: "Download and install runtimes",
        usage: """
            py install [-s=|--source=<URL>] [-f|--force] [-u|--update] [--dry-run] [--refresh]
                       [--by-id] [--system] [-t=|--target=<DIR>] [--download=<DIR>] [--format=json]
                       [<TAG>...|default]

            Installs runtimes from the index feed ("install.source", PYTHON_MANAGER_SOURCE_URL).
            """,
        options: [
            OptionInfo(names: ["-s", "--source"], key: "source", placeholder: "<URL>", help: ["Index to install from (https://, file:// or a path)"], values: .file),
            OptionInfo(names: ["-f", "--force"], aliases: ["--repair"], key: "force", help: ["Ignore cached downloads and replace an existing install"]),
            OptionInfo(names: ["-u", "--update"], aliases: ["--upgrade"], key: "update", help: [
                "Replace installs when the index has a newer version;", "with no tags, update every managed install",
            ]),
            OptionInfo(names: ["--dry-run"], key: "dry-run", help: ["Say what would be done, change nothing"]),
            OptionInfo(names: ["--refresh"], key: "refresh", help: ["Re-create the global aliases of installed runtimes"]),
            OptionInfo(names: ["--by-id"], key: "by-id", help: ["Tags are install ids (pythoncore-3.14-64)"]),
            OptionInfo(names: ["--system"], key: "system", help: [
                "Install for every user of this machine into",
                "system_install_dir (default /opt/pymanager), aliases in",
                "system_global_dir (default /usr/local/bin); needs root",
            ]),
            OptionInfo(names: ["-t", "--target"], key: "target", placeholder: "<DIR>", help: ["Extract into DIR only; py will not know about it"], values: .directory),
            OptionInfo(names: ["--download"], aliases: ["-d"], key: "download", placeholder: "<DIR>", help: [
                "Download archives into DIR and write DIR/index.json for",
                "an offline \"py install --source DIR/index.json\"",
            ], values: .directory),
            formatJSON,
            OptionInfo(names: ["--automatic"], key: "automatic"),
            OptionInfo(names: ["--requires-python"], key: "requires-python", placeholder: "<SPEC>"),
            OptionInfo(names: ["--enable-shortcut-kinds"], key: "ignored", placeholder: "<KINDS>"),
            OptionInfo(names: ["--disable-shortcut-kinds"], key: "ignored", placeholder: "<KINDS>"),
            OptionInfo(names: ["--configure"], key: "ignored"),
        ],
        trailer: ["    default             The default tag (default_tag, PYTHON_MANAGER_DEFAULT)"],
        arguments: .indexTags)

    static let uninstall = CommandInfo(
        name: "uninstall", summary: "Remove runtimes",
        usage: """
            py uninstall [-y|--yes] [--purge] [--by-id] [--system] [--dry-run] [--format=json] <TAG>...

            Removes runtimes installed by py, and their global aliases.
            """,
        options: [
            OptionInfo(names: ["-y", "--yes"], aliases: ["-f", "--force"], key: "confirm", flagValue: "0", help: [
                "Do not ask for confirmation (\"confirm\", PYTHON_MANAGER_CONFIRM)",
            ]),
            OptionInfo(names: ["--purge"], key: "purge", help: ["Remove every managed runtime, the download cache and aliases"]),
            OptionInfo(names: ["--by-id"], key: "by-id", help: ["Tags are install ids"]),
            OptionInfo(names: ["--system"], key: "system", help: [
                "Remove from the system store instead (needs root);",
                "with --purge, every system runtime and its aliases",
            ]),
            OptionInfo(names: ["--dry-run"], key: "dry-run", help: ["Say what would be removed, change nothing"]),
            formatJSON,
        ],
        trailer: ["Runtimes py did not install are never touched."],
        arguments: .managedTags)

    static let help = CommandInfo(
        name: "help", summary: "Show help for a command: py help <command>",
        usage: """
            py help [<command>]

            Shows help for all commands, or for one.
            """,
        options: [], arguments: .commands)

    static let completion = CommandInfo(
        name: "completion", summary: "Print a shell completion script: py completion bash|zsh|fish",
        usage: """
            py completion bash|zsh|fish

            Prints the completion script for a shell. Load it in the current shell with
                source <(py completion bash)      (bash; zsh: source <(py completion zsh))
                py completion fish | source       (fish)
            or save it where the shell looks: scripts/install.sh does that.
            """,
        options: [OptionInfo(names: ["--list-tags"], key: "list-tags", placeholder: "<KIND>")],
        arguments: .shells)

    /// `--format=json` of install and uninstall (long only: `-f` is `--force` for install).
    static let formatJSON = OptionInfo(names: ["--format"], key: "format", placeholder: "<FMT>", help: [
        "json: print what was done for each tag as one JSON", "document on stdout (text, the default: messages only)",
    ], values: .choices(["json", "text"]))

    /// Launch options offered before any subcommand.
    static let launchOptions = ["-V:", "-0", "-0p", "--list", "--list-paths", "-h", "--help"]

    static func command(_ name: String) -> CommandInfo? { commands.first { $0.name == name } }

    /// Help rows for `options`: the label in a column of `width`, then the first help line;
    /// further lines align under it.
    static func rows(_ options: [OptionInfo], width: Int) -> [String] {
        var lines: [String] = []
        for option in options where !option.help.isEmpty {
            let label = option.label
            let pad = label.count + 2 <= width ? String(repeating: " ", count: width - label.count) : "\n    " + String(repeating: " ", count: width)
            lines.append("    " + label + pad + option.help[0])
            for more in option.help.dropFirst() { lines.append("    " + String(repeating: " ", count: width) + more) }
        }
        return lines
    }
}
