import Foundation

/// A fresh temp folder per test, with `home/`, XDG folders and `work/` inside, and a matching
/// environment. Removed in deinit (or by `remove()`).
///
/// The environment fails closed: it holds only `PATH` (inherited, so tools are found), `HOME`,
/// `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `XDG_CACHE_HOME`, `XDG_STATE_HOME`, `TMPDIR`,
/// `PYTHON_MANAGER_SYSTEM_INSTALL_DIR` and `PYTHON_MANAGER_SYSTEM_GLOBAL_DIR` (all inside the root, so
/// the machine's `/opt/pymanager` and `/usr/local/bin` are never read or written) and `LANG=C.UTF-8`. Nothing else of the test process (no real HOME, proxies, SSL_CERT_FILE)
/// leaks into programs started with `run`. Add what a test needs to `environment`.
///
/// ```swift
/// let root = try TempRoot()
/// let result = try root.run(pyPath, ["list"], env: ["PYMANAGER_DEBUG": "1"])
/// #expect(result.status == 0)
/// ```
public final class TempRoot: @unchecked Sendable {
    /// The root folder (absolute, symlinks resolved).
    public let path: String
    public var home: String { path + "/home" }
    public var xdgConfigHome: String { path + "/home/.config" }
    public var xdgDataHome: String { path + "/home/.local/share" }
    public var xdgCacheHome: String { path + "/home/.cache" }
    public var xdgStateHome: String { path + "/home/.local/state" }
    /// A scratch folder for the test's own files; the default working directory of `run`.
    public var work: String { path + "/work" }
    /// The system store (`system_install_dir`) and its alias folder; not created.
    public var systemInstallDir: String { path + "/system/pymanager" }
    public var systemGlobalDir: String { path + "/system/bin" }
    /// The base environment for `run`; tests may add or change entries.
    public var environment: [String: String]

    /// Creates the folders. `label` only makes the folder name easier to recognise.
    public init(label: String = "root") throws {
        let fileManager = FileManager.default
        let base = fileManager.temporaryDirectory.appendingPathComponent("pymanager-\(label)-\(UUID().uuidString)").path
        try fileManager.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
        environment = [:]
        for folder in [home, xdgConfigHome, xdgDataHome, xdgCacheHome, xdgStateHome, work, path + "/tmp"] {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home,
            "XDG_CONFIG_HOME": xdgConfigHome,
            "XDG_DATA_HOME": xdgDataHome,
            "XDG_CACHE_HOME": xdgCacheHome,
            "XDG_STATE_HOME": xdgStateHome,
            "TMPDIR": path + "/tmp",
            "PYTHON_MANAGER_SYSTEM_INSTALL_DIR": path + "/system/pymanager",
            "PYTHON_MANAGER_SYSTEM_GLOBAL_DIR": path + "/system/bin",
            "LANG": "C.UTF-8",
        ]
    }

    deinit { remove() }

    /// Runs `executable` with `environment` plus `env` (which wins), in `cwd` (default `work`),
    /// feeding `stdin`; see `runProcess` for the details and the `timeout`.
    public func run(
        _ executable: String, _ arguments: [String] = [], env: [String: String] = [:], cwd: String? = nil,
        stdin: String? = nil, timeout: Double = 120
    ) throws -> ProcessResult {
        try runProcess(
            executable, arguments, environment: environment.merging(env) { $1 }, currentDirectory: cwd ?? work,
            stdin: stdin, timeout: timeout)
    }

    /// Writes the UTF-8 `text` to `relativePath` under the root (creating folders); returns the absolute path.
    @discardableResult
    public func write(_ text: String, to relativePath: String) throws -> String {
        let full = path + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    /// Deletes the whole folder. Safe to call twice.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
