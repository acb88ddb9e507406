/// The merged configuration as typed values, with the Linux defaults
/// (DESIGN.md "Linux mapping") for whatever no layer set.
public struct Settings: Sendable {
    public var store: ConfigStore
    public var installDir: String
    public var globalDir: String
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

    /// Folders the tool may delete inside (the "never delete outside" rule).
    public var deletableRoots: [String] { [installDir, globalDir, downloadDir] }
}
