/// The merged configuration as typed values, with the Linux defaults
/// (DESIGN.md "Linux mapping") for whatever no layer set.
public struct Settings: Sendable {
    public var store: ConfigStore
    public var installDir: String
    public var globalDir: String
    /// The store every user shares (`system_install_dir`, default `/opt/pymanager`).
    public var systemInstallDir: String
    /// Aliases of the system store (`system_global_dir`, default `/usr/local/bin`).
    public var systemGlobalDir: String
    /// True for `--system` commands (see `forSystemStore`): `installDir` and
    /// `globalDir` then name the system store and its aliases.
    public private(set) var managesSystemStore = false
    public var downloadDir: String
    public var logsDir: String
    public var bundledDir: String?
    /// The tag launched or installed when none is given (`3`: newest stable CPython).
    public var defaultTag: String
    /// Preferred platform suffix, the host's by default (`-64` on x86_64).
    public var defaultPlatform: String
    public var automaticInstall: Bool
    public var includeUnmanaged: Bool
    public var shebangCanRunAnything: Bool
    public var shebangCanRunAnythingSilently: Bool
    public var shebangTemplates: [String: String]
    public var pythonVersionFile: Bool
    public var confirm: Bool
    public var virtualEnv: String?
    public var logLevel: Int
    public var listFormat: String
    public var source: String?
    public var fallbackSource: String?
    public var unversionedAliases: Bool
    public var defaultInstallTag: String?
    /// `symlink` or `shim` (see `AliasManager`).
    public var aliasKind: String
    /// `install.max_expanded_size`: the most bytes one archive may expand to (4 GiB).
    public var maxExpandedSize: Int64
    /// `install.max_members`: the most members one archive may hold (100,000).
    public var maxMembers: Int
    /// `install.trusted_keys`: `.pub` paths or base64 key lines; when any is
    /// given, every feed page read must be signed by one (see `FeedTrust`).
    public var trustedKeys: [String]

    /// - Parameters:
    ///   - hostPlatform: the suffix for this machine (`-64`, `-arm64`, `-32`).
    public init(store: ConfigStore, environment env: [String: String], hostPlatform: String) {
        self.store = store
        installDir = store.string("install_dir") ?? Path.join(XDG.dataHome(env), "pymanager")
        globalDir = store.string("global_dir") ?? Path.join(env[EnvironmentKey.home] ?? "/", ".local/bin")
        systemInstallDir = store.string("system_install_dir") ?? "/opt/pymanager"
        systemGlobalDir = store.string("system_global_dir") ?? "/usr/local/bin"
        downloadDir = store.string("download_dir") ?? Path.join(XDG.cacheHome(env), "pymanager")
        logsDir = store.string("logs_dir") ?? Path.join(XDG.stateHome(env), "pymanager", "logs")
        bundledDir = store.string("bundled_dir")
        defaultTag = store.string("default_tag") ?? "3"
        defaultPlatform = store.string("default_platform") ?? hostPlatform
        automaticInstall = store.bool("automatic_install") ?? true
        includeUnmanaged = store.bool("include_unmanaged") ?? true
        shebangCanRunAnything = store.bool("shebang_can_run_anything") ?? true
        shebangCanRunAnythingSilently = store.bool("shebang_can_run_anything_silently") ?? false
        shebangTemplates = store.map("shebang_templates") ?? [:]
        pythonVersionFile = store.bool("python_version_file") ?? true
        confirm = store.bool("confirm") ?? true
        virtualEnv = store.string("virtual_env")
        logLevel = store.int("log_level") ?? LogLevel.info
        listFormat = store.string("list.format") ?? "table"
        source = store.string("install.source")
        fallbackSource = store.string("install.fallback_source")
        unversionedAliases = store.bool("install.unversioned_aliases") ?? false
        defaultInstallTag = store.string("install.default_install_tag")
        aliasKind = store.string("install.alias_kind")?.lowercased() ?? "symlink"
        maxExpandedSize = store.int("install.max_expanded_size").map(Int64.init) ?? Settings.defaultMaxExpandedSize
        maxMembers = store.int("install.max_members") ?? Settings.defaultMaxMembers
        trustedKeys = store.list("install.trusted_keys") ?? []
    }

    /// 4 GiB: a free-threaded debug CPython expands to about 300 MB.
    public static let defaultMaxExpandedSize: Int64 = 4 << 30
    /// A CPython install holds under 10,000 files.
    public static let defaultMaxMembers = 100_000

    /// The same settings for a `--system` command: installs, uninstalls and
    /// aliases act on `system_install_dir` and `system_global_dir`, and the
    /// user's own store is neither read nor changed.
    public func forSystemStore() -> Settings {
        var copy = self
        copy.installDir = systemInstallDir
        copy.globalDir = systemGlobalDir
        copy.managesSystemStore = true
        return copy
    }

    /// The stores to read, in lookup order (DESIGN.md "Shared machines"):
    /// 1. the user's `install_dir`;
    /// 2. the machine's `system_install_dir` (skipped when it is the same folder).
    /// A `--system` command reads only the system store.
    public var stores: [InstallStore] {
        if managesSystemStore { return [InstallStore(directory: installDir, kind: .system)] }
        var result = [InstallStore(directory: installDir, kind: .user)]
        if !systemInstallDir.isEmpty && Path.normalize(systemInstallDir) != Path.normalize(installDir) {
            result.append(InstallStore(directory: systemInstallDir, kind: .system))
        }
        return result
    }

    /// The store this command installs into and removes from.
    public var ownStore: Install.Store { managesSystemStore ? .system : .user }

    /// Folders the tool may delete inside (the "never delete outside" rule).
    public var deletableRoots: [String] { [installDir, globalDir, downloadDir] }
}
