/// Every configuration key `py` reads, its type and how layers merge it.
///
/// Mirrors pymanager `commands.py` `CONFIG_SCHEMA`: a key may expand
/// environment variables (`env`), be a path resolved against the folder of the
/// file that set it (`path`), or be a URL where a plain path is turned into a
/// `file://` URL (`uri`). Windows-only keys (`pep514_root`, `start_folder`,
/// `launcher_exe`, `registry_override_key`, shortcut kinds, `first_run.*`) are
/// accepted so a config written for pymanager still loads, and are ignored.
public struct ConfigKey: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case string
        case bool
        case int
        /// An object whose values are strings (`shebang_templates`).
        case stringMap
        /// An array of strings (`install.trusted_keys`); a single string is a one-entry list.
        case stringList
    }

    public enum Merge: Sendable, Hashable {
        /// A later layer replaces the value.
        case replace
        /// The smallest value wins (`log_level`: more output wins).
        case minimum
        /// Later entries are added to the map, replacing equal keys.
        case update
        /// Later entries are appended to the list unless already there: a
        /// later layer adds to what earlier ones (such as the policy) set,
        /// and cannot remove it.
        case union
    }

    /// Dotted name, e.g. `install.source`.
    public var name: String
    public var kind: Kind
    public var merge: Merge = .replace
    public var expandsEnvironment = false
    public var isPath = false
    public var isURL = false
    /// Only the built-in configuration may set it (pymanager: `base_config`).
    public var builtInOnly = false
    /// Read for compatibility, has no effect on Linux.
    public var ignored = false

    public init(
        _ name: String, _ kind: Kind, merge: Merge = .replace, env: Bool = false, path: Bool = false,
        url: Bool = false, builtInOnly: Bool = false, ignored: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.merge = merge
        self.expandsEnvironment = env
        self.isPath = path
        self.isURL = url
        self.builtInOnly = builtInOnly
        self.ignored = ignored
    }
}

/// The schema table: one row per key.
public let configSchema: [ConfigKey] = [
    ConfigKey("log_level", .int, merge: .minimum),
    ConfigKey("confirm", .bool, env: true),
    ConfigKey("install_dir", .string, env: true, path: true),
    ConfigKey("global_dir", .string, env: true, path: true),
    ConfigKey("system_install_dir", .string, env: true, path: true),
    ConfigKey("system_global_dir", .string, env: true, path: true),
    ConfigKey("download_dir", .string, env: true, path: true),
    ConfigKey("bundled_dir", .string, env: true, path: true),
    ConfigKey("logs_dir", .string, env: true, path: true),
    ConfigKey("default_tag", .string, env: true),
    ConfigKey("default_platform", .string, env: true),
    ConfigKey("automatic_install", .bool, env: true),
    ConfigKey("include_unmanaged", .bool, env: true),
    ConfigKey("shebang_can_run_anything", .bool, env: true),
    ConfigKey("shebang_can_run_anything_silently", .bool, env: true),
    ConfigKey("shebang_templates", .stringMap, merge: .update),
    ConfigKey("python_version_file", .bool, env: true),
    ConfigKey("virtual_env", .string, env: true, path: true),
    ConfigKey("list.format", .string, env: true),
    ConfigKey("list.unmanaged", .bool, env: true),
    ConfigKey("install.source", .string, env: true, path: true, url: true),
    ConfigKey("install.fallback_source", .string, env: true, path: true, url: true),
    ConfigKey("install.unversioned_aliases", .bool, env: true),
    ConfigKey("install.default_install_tag", .string),
    ConfigKey("install.alias_kind", .string, env: true),
    ConfigKey("install.max_expanded_size", .int),
    ConfigKey("install.max_members", .int),
    // Entries are `.pub` paths (resolved against the file's folder) or a key's base64 line (see `FeedTrust`).
    ConfigKey("install.trusted_keys", .stringList, merge: .union, env: true, path: true),
    ConfigKey("install.enable_shortcut_kinds", .string, ignored: true),
    ConfigKey("install.disable_shortcut_kinds", .string, ignored: true),
    ConfigKey("base_config", .string, env: true, path: true, builtInOnly: true),
    ConfigKey("user_config", .string, env: true, path: true),
    ConfigKey("additional_config", .string, env: true, path: true),
    ConfigKey("policy_file", .string, env: true, path: true, builtInOnly: true),
    ConfigKey("registry_override_key", .string, builtInOnly: true, ignored: true),
    ConfigKey("pep514_root", .string, ignored: true),
    ConfigKey("start_folder", .string, ignored: true),
    ConfigKey("launcher_exe", .string, ignored: true),
    ConfigKey("launcherw_exe", .string, ignored: true),
    ConfigKey("welcome_on_update", .bool, ignored: true),
    ConfigKey("first_run.enabled", .bool, env: true, ignored: true),
    ConfigKey("first_run.explicit", .bool, ignored: true),
    ConfigKey("first_run.check_app_alias", .bool, env: true, ignored: true),
    ConfigKey("first_run.check_long_paths", .bool, env: true, ignored: true),
    ConfigKey("first_run.check_py_on_path", .bool, env: true, ignored: true),
    ConfigKey("first_run.check_any_install", .bool, env: true, ignored: true),
    ConfigKey("first_run.check_global_dir", .bool, env: true, ignored: true),
]

/// Every environment variable `py` reads, with what it does.
///
/// Most reach the configuration through the built-in layer, whose default
/// values are the literal `%NAME%` references (pymanager's design: overriding
/// a key in a config file stops the variable from applying).
public enum EnvironmentKey {
    /// `default_tag`: the tag to launch or install when none is given.
    public static let defaultTag = "PYTHON_MANAGER_DEFAULT"
    /// `default_platform`: preferred platform suffix, e.g. `-64`.
    public static let defaultPlatform = "PYTHON_MANAGER_DEFAULT_PLATFORM"
    /// `system_install_dir`: the store every user of the machine shares
    /// (default `/opt/pymanager`; `py install --system` writes it).
    public static let systemInstallDir = "PYTHON_MANAGER_SYSTEM_INSTALL_DIR"
    /// `system_global_dir`: aliases of the system store (default `/usr/local/bin`).
    public static let systemGlobalDir = "PYTHON_MANAGER_SYSTEM_GLOBAL_DIR"
    /// `logs_dir`.
    public static let logs = "PYTHON_MANAGER_LOGS"
    /// `automatic_install`: install on `py exec` when the runtime is missing.
    public static let automaticInstall = "PYTHON_MANAGER_AUTOMATIC_INSTALL"
    /// `include_unmanaged`: list and launch runtimes found outside `install_dir`.
    public static let includeUnmanaged = "PYTHON_MANAGER_INCLUDE_UNMANAGED"
    /// `shebang_can_run_anything`.
    public static let shebangCanRunAnything = "PYTHON_MANAGER_SHEBANG_CAN_RUN_ANYTHING"
    /// `shebang_can_run_anything_silently`.
    public static let shebangCanRunAnythingSilently = "PYTHON_MANAGER_SHEBANG_CAN_RUN_ANYTHING_SILENTLY"
    /// `python_version_file`: honour `.python-version` files.
    public static let pythonVersionFile = "PYTHON_MANAGER_PYTHON_VERSION_FILE"
    /// `confirm`: ask before uninstalling.
    public static let confirm = "PYTHON_MANAGER_CONFIRM"
    /// `install.source`: the index feed to install from.
    public static let sourceURL = "PYTHON_MANAGER_SOURCE_URL"
    /// `install.fallback_source`.
    public static let fallbackSourceURL = "PYTHON_MANAGER_FALLBACK_SOURCE_URL"
    /// `install.unversioned_aliases`: also write `python3` and `python`.
    public static let unversionedAliases = "PYTHON_MANAGER_UNVERSIONED_ALIASES"
    /// `install.alias_kind`: `symlink` (default) or `shim` (a copy of the
    /// launcher in `Shims/` beside a `<name>.__target__` sidecar).
    public static let aliasKind = "PYTHON_MANAGER_ALIAS_KIND"
    /// `list.format`.
    public static let listFormat = "PYTHON_MANAGER_LIST_FORMAT"
    /// `additional_config`: one more config file to read.
    public static let config = "PYTHON_MANAGER_CONFIG"
    /// `virtual_env`: the active virtual environment.
    public static let virtualEnv = "VIRTUAL_ENV"
    /// Boolean: more output (`log_level` 15).
    public static let verbose = "PYMANAGER_VERBOSE"
    /// Boolean: debug output (`log_level` 10).
    public static let debug = "PYMANAGER_DEBUG"
    /// Set to anything: print the command instead of running it.
    public static let dryRun = "PYLAUNCHER_DRYRUN"
    /// Set to anything: print launcher diagnostics to stderr.
    public static let launcherDebug = "PYLAUNCHER_DEBUG"
    /// Set to anything: `#!/usr/bin/env` shebangs do not search `PATH`.
    public static let noSearchPath = "PYLAUNCHER_NO_SEARCH_PATH"
    /// Set by `py` before it runs a shebang's arbitrary command; while set,
    /// such commands are refused, so a script cannot make the launcher start
    /// itself forever (pymanager's variable, see `ShebangPolicy`).
    public static let recursionGuard = ShebangPolicy.recursionGuardVariable
    /// XDG base directories and `HOME` give the default paths.
    public static let xdgDataHome = "XDG_DATA_HOME"
    public static let xdgConfigHome = "XDG_CONFIG_HOME"
    public static let xdgCacheHome = "XDG_CACHE_HOME"
    public static let xdgStateHome = "XDG_STATE_HOME"
    public static let home = "HOME"
    /// pyenv's root, searched for unmanaged runtimes.
    public static let pyenvRoot = "PYENV_ROOT"
    /// uv's managed Python folder, searched for unmanaged runtimes.
    public static let uvPythonInstallDir = "UV_PYTHON_INSTALL_DIR"
}

/// The compiled-in configuration layer, written as pymanager's own
/// `pymanager.json` is: settings that follow an environment variable hold
/// the literal `%NAME%` reference.
public let builtInConfigText = """
    {
        "default_tag": "%\(EnvironmentKey.defaultTag)%",
        "default_platform": "%\(EnvironmentKey.defaultPlatform)%",
        "logs_dir": "%\(EnvironmentKey.logs)%",
        "system_install_dir": "%\(EnvironmentKey.systemInstallDir)%",
        "system_global_dir": "%\(EnvironmentKey.systemGlobalDir)%",
        "automatic_install": "%\(EnvironmentKey.automaticInstall)%",
        "include_unmanaged": "%\(EnvironmentKey.includeUnmanaged)%",
        "shebang_can_run_anything": "%\(EnvironmentKey.shebangCanRunAnything)%",
        "shebang_can_run_anything_silently": "%\(EnvironmentKey.shebangCanRunAnythingSilently)%",
        "python_version_file": "%\(EnvironmentKey.pythonVersionFile)%",
        "confirm": "%\(EnvironmentKey.confirm)%",
        "virtual_env": "%\(EnvironmentKey.virtualEnv)%",
        "additional_config": "%\(EnvironmentKey.config)%",
        "policy_file": "/etc/pymanager/policy.json",
        "list": {"format": "%\(EnvironmentKey.listFormat)%"},
        "install": {
            "source": "%\(EnvironmentKey.sourceURL)%",
            "fallback_source": "%\(EnvironmentKey.fallbackSourceURL)%",
            "unversioned_aliases": "%\(EnvironmentKey.unversionedAliases)%",
            "alias_kind": "%\(EnvironmentKey.aliasKind)%"
        }
    }
    """
