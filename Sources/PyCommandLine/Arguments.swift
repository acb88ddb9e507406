import PyManagerCore

/// pymanager's command-line grammar (`commands.py` `CLI_SCHEMA`): options
/// follow the subcommand, start with `-`, `--` or `/`, and a value may be
/// attached with `=` or `:` or given as the next argument
/// (`-f json`, `-f=json`, `-f:json`, `--format=json`).
struct OptionSpec {
    /// The attribute the option sets.
    var key: String
    /// True when the option reads a value.
    var takesValue: Bool
    /// The value set by a flag.
    var flagValue: String = "1"
}

/// A usage error: exit status 2, with a hint to read the help.
public struct UsageError: Error, CustomStringConvertible {
    public var message: String
    public var command: String?

    public init(message: String, command: String?) {
        self.message = message
        self.command = command
    }

    public var description: String {
        let help = command.map { "py help \($0)" } ?? "py help"
        return "\(message)\nRun \"\(help)\" for usage."
    }
}

let globalOptions: [String: OptionSpec] = [
    "v": OptionSpec(key: "log_level", takesValue: false, flagValue: String(LogLevel.verbose)),
    "verbose": OptionSpec(key: "log_level", takesValue: false, flagValue: String(LogLevel.verbose)),
    "vv": OptionSpec(key: "log_level", takesValue: false, flagValue: String(LogLevel.debug)),
    "q": OptionSpec(key: "log_level", takesValue: false, flagValue: String(LogLevel.warn)),
    "quiet": OptionSpec(key: "log_level", takesValue: false, flagValue: String(LogLevel.warn)),
    "qq": OptionSpec(key: "log_level", takesValue: false, flagValue: String(LogLevel.error)),
    "config": OptionSpec(key: "config", takesValue: true),
    "y": OptionSpec(key: "confirm", takesValue: false, flagValue: "0"),
    "yes": OptionSpec(key: "confirm", takesValue: false, flagValue: "0"),
    "?": OptionSpec(key: "help", takesValue: false),
    "h": OptionSpec(key: "help", takesValue: false),
    "help": OptionSpec(key: "help", takesValue: false),
]

let commandOptions: [String: [String: OptionSpec]] = [
    "list": [
        "f": OptionSpec(key: "format", takesValue: true),
        "format": OptionSpec(key: "format", takesValue: true),
        "1": OptionSpec(key: "one", takesValue: false),
        "one": OptionSpec(key: "one", takesValue: false),
        "only-managed": OptionSpec(key: "only-managed", takesValue: false),
        "s": OptionSpec(key: "source", takesValue: true),
        "source": OptionSpec(key: "source", takesValue: true),
        "online": OptionSpec(key: "online", takesValue: false),
    ],
    "install": [
        "s": OptionSpec(key: "source", takesValue: true),
        "source": OptionSpec(key: "source", takesValue: true),
        "t": OptionSpec(key: "target", takesValue: true),
        "target": OptionSpec(key: "target", takesValue: true),
        "d": OptionSpec(key: "download", takesValue: true),
        "download": OptionSpec(key: "download", takesValue: true),
        "f": OptionSpec(key: "force", takesValue: false),
        "force": OptionSpec(key: "force", takesValue: false),
        "u": OptionSpec(key: "update", takesValue: false),
        "update": OptionSpec(key: "update", takesValue: false),
        "upgrade": OptionSpec(key: "update", takesValue: false),
        "repair": OptionSpec(key: "force", takesValue: false),
        "refresh": OptionSpec(key: "refresh", takesValue: false),
        "by-id": OptionSpec(key: "by-id", takesValue: false),
        "dry-run": OptionSpec(key: "dry-run", takesValue: false),
        "automatic": OptionSpec(key: "automatic", takesValue: false),
        "requires-python": OptionSpec(key: "requires-python", takesValue: true),
        "system": OptionSpec(key: "system", takesValue: false),
        "enable-shortcut-kinds": OptionSpec(key: "ignored", takesValue: true),
        "disable-shortcut-kinds": OptionSpec(key: "ignored", takesValue: true),
        "configure": OptionSpec(key: "ignored", takesValue: false),
    ],
    "uninstall": [
        "purge": OptionSpec(key: "purge", takesValue: false),
        "system": OptionSpec(key: "system", takesValue: false),
        "by-id": OptionSpec(key: "by-id", takesValue: false),
        "f": OptionSpec(key: "confirm", takesValue: false, flagValue: "0"),
        "force": OptionSpec(key: "confirm", takesValue: false, flagValue: "0"),
        "dry-run": OptionSpec(key: "dry-run", takesValue: false),
    ],
    "help": [:],
]

/// A subcommand with its options and positional arguments.
public struct ParsedCommand {
    public var name: String
    public var options: [String: String] = [:]
    public var positionals: [String] = []

    public func flag(_ key: String) -> Bool { options[key] != nil }
    public var showHelp: Bool { flag("help") }
    public var configFile: String? { options["config"] }
    public var logLevel: Int? { options["log_level"].flatMap { Int($0) } }
    public var confirmOverride: Bool? { options["confirm"].map { $0 != "0" } }

    /// Parses `arguments` (after the subcommand name).
    public init(name: String, arguments: [String]) throws(UsageError) {
        self.name = name
        let specs = globalOptions.merging(commandOptions[name] ?? [:]) { $1 }
        var pending: OptionSpec?
        var pendingName = ""
        for arg in arguments {
            if let spec = pending {
                options[spec.key] = arg
                pending = nil
                continue
            }
            guard let (optionName, attached) = ParsedCommand.splitOption(arg, known: specs) else {
                positionals.append(arg)
                continue
            }
            guard let spec = specs[optionName] else {
                throw UsageError(message: "Unexpected argument: \(arg)", command: name)
            }
            if spec.takesValue {
                if let attached {
                    options[spec.key] = attached
                } else {
                    pending = spec
                    pendingName = arg
                }
            } else {
                if spec.key == "log_level", let old = options["log_level"].flatMap({ Int($0) }), let new = Int(spec.flagValue) {
                    options["log_level"] = String(min(old, new))
                } else {
                    options[spec.key] = spec.flagValue
                }
            }
        }
        if pending != nil {
            throw UsageError(message: "Option \(pendingName) needs a value.", command: name)
        }
    }

    /// `--format=json` → ("format", "json"); `-f` → ("f", nil); `3.12` → nil.
    /// A `/` prefix counts only for known names (so `/tmp/x` stays a positional).
    static func splitOption(_ arg: String, known: [String: OptionSpec]) -> (String, String?)? {
        guard arg.count > 1, arg.first == "-" || arg.first == "/" else { return nil }
        if arg.first == "-", arg.dropFirst().first.map({ $0.isNumber && $0 != "1" && $0 != "0" }) == true {
            // `-3.12`-like text is a tag filter, not an option; `-1`/`-0` are.
            return nil
        }
        let body = arg.drop(while: { $0 == "-" || $0 == "/" })
        var name = Substring(body)
        var value: String?
        if let sep = body.firstIndex(where: { $0 == ":" || $0 == "=" }) {
            name = body[..<sep]
            value = String(body[body.index(after: sep)...])
        }
        let lowered = name.lowercased()
        if arg.first == "/" && known[lowered] == nil { return nil }
        return (lowered, value)
    }
}
