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
                                          company alone (-V:PyPy/) picks its newest runtime.
            py -3<VERSION> [<options>]    Same as -V:PythonCore/3<VERSION>, core releases only
                                          (py -3.13, py -3.14t, py -3-arm64).
            py exec <any of the above>    Same, but the runtime is installed if missing.
        """

    static let commands = """
        Commands:
            list        Show installed runtimes, or those in an index (--online)
            install     Download and install runtimes
            uninstall   Remove runtimes
            help        Show help for a command: py help <command>
        """

    static let global = """
        Global options (after the command):
            -v, --verbose    Increased output (log_level=15)
            -vv              Further increased output (log_level=10)
            -q, --quiet      Less output (log_level=30)
            -qq              Even less output (log_level=40)
            -y, --yes        Always accept confirmation prompts (confirm=false)
            -h, -?, --help   Show help for a specific command
            --config=<PATH>  Override configuration with a JSON file
        Option values may be written -f json, -f=json, -f:json or --format=json.
        """

    static let list = """
        py list [-f=|--format=<FMT>] [-1|--one] [--only-managed] [--online|-s=|--source=<URL>] [<TAG>...]

        Lists installed runtimes, or those in an index feed.
            -f, --format=<FMT>  table (default), csv, json, jsonl, exe, prefix, id, url
                                (default from "list.format" or PYTHON_MANAGER_LIST_FORMAT)
            -1, --one           Only the runtime "py -V:<TAG>" would launch (or, with
                                --online, the one "py install <TAG>" would install)
            --only-managed      Leave out runtimes not installed by py
            --online            List the default index (install.source)
            -s, --source=<URL>  List this index: https://, file:// URL or a path
            <TAG>...            Filter by tag (3.12, PyPy/, 3.14t) or range (>=3.11,<3.13)
        Legacy forms: py -0, py -0p, py --list, py --list-paths.
        """

    static let install = """
        py install [-s=|--source=<URL>] [-f|--force] [-u|--update] [--dry-run] [--refresh]
                   [--by-id] [--system] [-t=|--target=<DIR>] [--download=<DIR>] [<TAG>...|default]

        Installs runtimes from the index feed ("install.source", PYTHON_MANAGER_SOURCE_URL).
            -s, --source=<URL>  Index to install from (https://, file:// or a path)
            -f, --force         Ignore cached downloads and replace an existing install
            -u, --update        Replace installs when the index has a newer version;
                                with no tags, update every managed install
            --dry-run           Say what would be done, change nothing
            --refresh           Re-create the global aliases of installed runtimes
            --by-id             Tags are install ids (pythoncore-3.14-64)
            --system            Install for every user of this machine into
                                system_install_dir (default /opt/pymanager), aliases in
                                system_global_dir (default /usr/local/bin); needs root
            -t, --target=<DIR>  Extract into DIR only; py will not know about it
            --download=<DIR>    Download archives into DIR and write DIR/index.json for
                                an offline "py install --source DIR/index.json"
            default             The default tag (default_tag, PYTHON_MANAGER_DEFAULT)
        """

    static let uninstall = """
        py uninstall [-y|--yes] [--purge] [--by-id] [--system] <TAG>...

        Removes runtimes installed by py, and their global aliases.
            -y, --yes           Do not ask for confirmation ("confirm", PYTHON_MANAGER_CONFIRM)
            --purge             Remove every managed runtime, the download cache and aliases
            --by-id             Tags are install ids
            --system            Remove from the system store instead (needs root);
                                with --purge, every system runtime and its aliases
        Runtimes py did not install are never touched.
        """

    static let help = """
        py help [<command>]

        Shows help for all commands, or for one.
        """

    static func text(for command: String?) -> String? {
        switch command?.lowercased() {
        case nil: return [header, "", launching, "", commands, "", global].joined(separator: "\n")
        case "list": return [header, "", list, "", global].joined(separator: "\n")
        case "install": return [header, "", install, "", global].joined(separator: "\n")
        case "uninstall": return [header, "", uninstall, "", global].joined(separator: "\n")
        case "help": return [header, "", help, "", global].joined(separator: "\n")
        case "exec": return [header, "", launching, "", global].joined(separator: "\n")
        default: return nil
        }
    }
}
