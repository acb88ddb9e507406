import PyManagerCore
import PyManagerInstalls

/// `py completion bash|zsh|fish`: a completion script made from
/// `CommandTable` (so it offers exactly the commands and options the help
/// text documents), in the spirit of `rustup completions`.
///
/// Runtime tags are not baked in: the scripts ask `py completion
/// --list-tags=<kind>`, which reads installed runtimes or the bundled index
/// file (never the network) and prints one tag per line.
public enum Completion {
    public static let shells = ["bash", "zsh", "fish"]

    /// The script for `shell`, or nil for a shell we do not support.
    public static func script(for shell: String) -> String? {
        switch shell.lowercased() {
        case "bash": return bash()
        case "zsh": return zsh()
        case "fish": return fish()
        default: return nil
        }
    }

    /// The kind name `--list-tags` takes for a value kind, if it is tags.
    static func tagKind(_ values: OptionInfo.Values) -> String? {
        switch values {
        case .installedTags: return "installed"
        case .managedTags: return "managed"
        case .indexTags: return "index"
        default: return nil
        }
    }

    /// Fixed words for a value kind (formats, commands, shells), if any.
    static func words(_ values: OptionInfo.Values) -> [String]? {
        switch values {
        case .choices(let words): return words
        case .commands: return CommandTable.commands.map(\.name)
        case .shells: return shells
        default: return nil
        }
    }

    /// The options completion offers for `command`: its documented ones, then the global
    /// ones it does not define itself (uninstall's own `-y`).
    static func options(of command: CommandInfo) -> [OptionInfo] {
        let own = Set(command.options.flatMap(\.keys))
        let global = CommandTable.global.filter { own.isDisjoint(with: $0.keys) }
        return (command.options + global).filter { !$0.help.isEmpty }
    }

    /// An option's help as one line (shells show a description per candidate).
    static func summary(_ option: OptionInfo) -> String {
        option.help.joined(separator: " ")
    }

    /// Spellings a shell can offer safely (`-?` would be a glob).
    static func offered(_ option: OptionInfo) -> [String] {
        option.names.filter { $0.dropFirst().allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
    }

    /// `text` in single quotes for any of the three shells.
    static func quoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// Tags for `kind` (`installed`, `managed`, `index`), one per line. Read
    /// from local files only; a broken configuration prints nothing, so a
    /// completion never shows errors.
    static func printTags(kind: String, command: ParsedCommand) -> Int32 {
        guard let context = try? loadContext(for: command) else { return ExitCode.success }
        let entries: [FeedEntry]
        switch kind.lowercased() {
        case "installed":
            entries = context.installs(includeUnmanaged: context.settings.includeUnmanaged, includeVirtualEnv: false).map(\.entry)
        case "managed":
            entries = context.installs(includeUnmanaged: false, includeVirtualEnv: false).map(\.entry)
        case "index":
            guard let feed = Host.bundledFeed(binary: context.binary), let bytes = Posix.readFile(feed),
                let page = try? FeedPage(parsing: bytes, source: feed)
            else { return ExitCode.success }
            entries = page.entries.map(\.entry)
        default:
            return ExitCode.usage
        }
        let tags = completionTags(entries, defaultPlatform: context.settings.defaultPlatform)
        if !tags.isEmpty { print(tags.joined(separator: "\n")) }
        return ExitCode.success
    }

    /// Runs `py completion`.
    static func run(_ command: ParsedCommand) throws -> Int32 {
        if let kind = command.options["list-tags"] { return printTags(kind: kind, command: command) }
        guard command.positionals.count == 1, let text = script(for: command.positionals[0]) else {
            throw UsageError(message: "Give one shell: py completion bash, zsh or fish.", command: "completion")
        }
        print(text, terminator: "")
        return ExitCode.success
    }
}
