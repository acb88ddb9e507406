import PyManagerCore

/// Leveled output to stderr (stdout carries only what was asked for); with
/// a `file`, every message of every level is also written there.
public struct Log: Sendable {
    public var level: Int
    /// The command's log file in `logs_dir` (install and uninstall), if any.
    public var file: LogFile?

    public init(level: Int, file: LogFile? = nil) {
        self.level = level
        self.file = file
    }

    public func wouldLog(_ l: Int) -> Bool { l >= level }

    public func debug(_ message: @autoclosure () -> String) {
        emit(LogLevel.debug, "DEBUG", message, prefix: "# ")
    }

    public func verbose(_ message: @autoclosure () -> String) {
        emit(LogLevel.verbose, "INFO", message, prefix: "")
    }

    public func info(_ message: @autoclosure () -> String) {
        emit(LogLevel.info, "INFO", message, prefix: "")
    }

    public func warn(_ message: @autoclosure () -> String) {
        emit(LogLevel.warn, "WARNING", message, prefix: "Warning: ")
    }

    /// Errors are always shown, even with `-qq`.
    public func error(_ message: String) {
        file?.write(message, level: "ERROR")
        Posix.printError(message)
    }

    private func emit(_ l: Int, _ name: String, _ message: () -> String, prefix: String) {
        let shown = wouldLog(l)
        guard shown || file != nil else { return }
        let text = message()
        file?.write(text, level: name)
        if shown { Posix.printError(prefix + text) }
    }
}

/// Everything a command needs from the outside world, read once.
public struct Context {
    public var environment: [String: String]
    public var workingDirectory: String
    /// This binary's path (`/proc/self/exe`).
    public var binary: String?
    public var settings: Settings
    public var log: Log
    /// Managed installs, read once per command (so warnings print once).
    private let managedCache = ManagedInstallCache()

    /// Loads the configuration layers (see `ConfigLoader`), then applies
    /// command-line overrides.
    ///
    /// - Throws: `ConfigError` for a value of the wrong type.
    public static func load(
        environment: [String: String], commandLineConfig: String?, overrides: [(String, ConfigValue)],
        logLevelOverride: Int?
    ) throws(ConfigError) -> Context {
        let cwd = Posix.currentDirectory()
        let binary = Posix.executablePath()
        let besideBinary = binary.map { Path.join(Path.directory(of: $0), "pymanager.json") }
        let inputs = ConfigLoader.Inputs(
            environment: environment, workingDirectory: cwd, besideBinaryConfig: besideBinary,
            commandLineConfig: commandLineConfig, readFile: Posix.readFile)
        var (store, warnings) = try ConfigLoader.load(inputs)
        for (key, value) in overrides { store.set(key, value, source: "command line") }
        // Explicit -v/-q win over the files; files may still ask for more output.
        let level = logLevelOverride ?? store.int("log_level") ?? LogLevel.info
        let log = Log(level: level)
        for w in warnings { log.warn(w.message) }
        for note in store.notes { log.debug(note) }
        let settings = Settings(store: store, environment: environment, hostPlatform: Host.platformSuffix())
        log.debug("Configuration files read: \(store.loadedFiles.isEmpty ? "none" : store.loadedFiles.joined(separator: ", "))")
        return Context(environment: environment, workingDirectory: cwd, binary: binary, settings: settings, log: log)
    }

    public init(environment: [String: String], workingDirectory: String, binary: String?, settings: Settings, log: Log) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.binary = binary
        self.settings = settings
        self.log = log
    }

    /// `install.source`, else the feed bundled for this host (looked up only
    /// when a command needs a feed, not on every launch).
    public var feedSource: String? {
        settings.source ?? Host.bundledFeed(binary: binary)
    }

    /// Forgets the managed installs read so far and rewrites the index of the
    /// command's own store (after installing or removing; call with its lock held).
    public func invalidateInstalls() {
        managedCache.installs = nil
        StoreIndexFile(directory: settings.installDir).refresh(log: log)
    }

    /// Managed installs of every store (`Settings.stores`) and the virtual
    /// environment, sorted; unmanaged ones only when `includeUnmanaged`.
    public func installs(includeUnmanaged: Bool, includeVirtualEnv: Bool = true) -> [Install] {
        let discovery = InstallDiscovery(installDir: settings.installDir, environment: environment, warn: { self.log.warn($0) })
        let managed = managedCache.installs ?? settings.stores.flatMap { discovery.managedInstalls(in: $0) }
        managedCache.installs = managed
        var all = managed
        if includeUnmanaged {
            let managedReal = Set(managed.compactMap { Posix.realPath($0.executable) })
            all += discovery.unmanagedInstalls(excludingRealPaths: managedReal)
        }
        var sorted = sortInstalls(all)
        if includeVirtualEnv, let venv = discovery.virtualEnvironment(at: settings.virtualEnv) {
            sorted.insert(venv, at: 0)
        }
        return sorted
    }

    /// The managed installs this command may change: those of its own store
    /// (`install_dir`, or `system_install_dir` for `--system`), sorted.
    public func ownInstalls() -> [Install] {
        let own = settings.ownStore
        return installs(includeUnmanaged: false, includeVirtualEnv: false).filter { $0.isManaged && $0.store == own }
    }

    /// For a user command, the system store's installs (which it may not
    /// change); empty for a `--system` command. Sorted.
    public func systemInstalls() -> [Install] {
        guard !settings.managesSystemStore else { return [] }
        return installs(includeUnmanaged: false, includeVirtualEnv: false).filter { $0.isManaged && $0.store == .system }
    }
}

final class ManagedInstallCache {
    var installs: [Install]?
}
