import Foundation
import PyManagerCore
import TestSupport
import Testing

/// The built `py` binary (see `BuiltProducts`) and the package's root folder.
enum CLIBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static let py = BuiltProducts.path(of: "py")
}

/// One runtime to put in the fake `install_dir`.
struct CLIRuntime: Sendable {
    var company = "PythonCore"
    var version: String
    /// `-64`, `-arm64`, or `""`.
    var platform = "-64"
    var freeThreaded = false
    /// Alias names besides the executable's own (`python3`, `pypy3`).
    var extraAliases: [String] = []

    var isPrerelease: Bool { version.contains { $0.isLetter } }
    var minor: String {
        let parts = version.split(separator: ".")
        return "\(parts[0]).\(parts[1])"
    }
    var major: String { String(version.prefix { $0 != "." }) }
    var t: String { freeThreaded ? "t" : "" }
    var executableName: String { (company.lowercased() == "pypy" ? "pypy" : "python") + minor + t }
    var id: String { "\(company.lowercased())-\(minor)\(t)\(platform)" }
    var tag: String { minor + t + (isPrerelease ? "-dev" : "") + platform }

    /// Tags like the generated Linux feeds: `3.14.2-64`, `3.14-64`, `3-64` (plus `-dev`
    /// tags for a prerelease), then the same without the platform suffix.
    var runForTags: [String] {
        var tags = [version + t + platform, minor + t + platform, major + t + platform]
        if isPrerelease { tags += [minor + t + "-dev" + platform, major + t + "-dev" + platform] }
        if !platform.isEmpty { tags += tags.map { String($0.dropLast(platform.count)) } }
        return tags
    }

    var displayName: String {
        let name = company == "PythonCore" ? "Python" : company
        return "\(name) \(version)\(freeThreaded ? " (free-threaded)" : "")"
    }

    /// The `__install__.json` text.
    func record() -> String {
        let target = "bin/" + executableName
        let object = JSONObject([
            ("schema", .int(1)),
            ("id", .string(id)),
            ("sort-version", .string(version)),
            ("company", .string(company)),
            ("tag", .string(tag)),
            ("install-for", .array(runForTags.prefix(3).map { .string($0) })),
            ("run-for", .array(runForTags.map { .object(JSONObject([("tag", .string($0)), ("target", .string(target))])) })),
            ("alias", .array(([executableName] + extraAliases).map { .object(JSONObject([("name", .string($0)), ("target", .string(target))])) })),
            ("display-name", .string(displayName)),
            ("executable", .string(target)),
            ("url", .string("https://example.invalid/\(id).tar.gz")),
            ("source", .string("https://example.invalid/index.json")),
        ])
        return JSONValue.object(object).prettyText()
    }
}

/// A fake runtime executable: prints `Python <version>`, `exe=<$0>`, one `arg=<a>` line
/// per argument; with `CLI_FAKE_STDIN` set it then copies stdin; it exits with
/// `CLI_FAKE_EXIT` (default 0).
func CLIFakeExecutableScript(version: String) -> String {
    """
    #!/bin/sh
    echo "Python \(version)"
    echo "exe=$0"
    for a in "$@"; do printf 'arg=%s\\n' "$a"; done
    if [ -n "$CLI_FAKE_STDIN" ]; then printf 'stdin='; /bin/cat; fi
    exit "${CLI_FAKE_EXIT:-0}"

    """
}

/// Writes an executable file (creating its folder).
func CLIWriteExecutable(_ text: String, at path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try FakeRuntime.writeExecutable(text, at: path)
}

/// A temp root with a fake `install_dir` (`$XDG_DATA_HOME/pymanager/<id>/`) and an
/// environment that excludes unmanaged runtimes unless a test turns them on.
final class CLIFixture: @unchecked Sendable {
    let root: TempRoot
    var installDir: String { root.xdgDataHome + "/pymanager" }
    var userConfig: String { root.xdgConfigHome + "/pymanager/pymanager.json" }

    /// The runtimes most tests use: a 3.15 prerelease, 3.14 (plus free-threaded), 3.13,
    /// 3.12 and PyPy 3.11, all `-64`.
    static let standardRuntimes: [CLIRuntime] = [
        CLIRuntime(version: "3.15.0a3"),
        CLIRuntime(version: "3.14.2"),
        CLIRuntime(version: "3.14.2", freeThreaded: true),
        CLIRuntime(version: "3.13.5"),
        CLIRuntime(version: "3.12.10"),
        CLIRuntime(company: "PyPy", version: "3.11.13"),
    ]

    init(_ runtimes: [CLIRuntime] = CLIFixture.standardRuntimes, label: String = "cli") throws {
        root = try TempRoot(label: label)
        root.environment["PYTHON_MANAGER_INCLUDE_UNMANAGED"] = "0"
        // No host feed is consulted by these tests; a missing file makes any attempt fail loudly.
        root.environment["PYTHON_MANAGER_SOURCE_URL"] = root.path + "/no-such-index.json"
        try FileManager.default.createDirectory(atPath: installDir, withIntermediateDirectories: true)
        for runtime in runtimes { try add(runtime) }
    }

    /// The system store (`system_install_dir`, inside the temp root).
    var systemInstallDir: String { root.systemInstallDir }

    /// Adds one runtime to `store` (default: the user's `install_dir`); returns its prefix.
    @discardableResult
    func add(_ runtime: CLIRuntime, in store: String? = nil) throws -> String {
        let prefix = (store ?? installDir) + "/" + runtime.id
        try CLIWriteExecutable(CLIFakeExecutableScript(version: runtime.version), at: prefix + "/bin/" + runtime.executableName)
        try runtime.record().write(toFile: prefix + "/__install__.json", atomically: true, encoding: .utf8)
        return prefix
    }

    func prefix(_ id: String) -> String { installDir + "/" + id }
    func executable(_ runtime: CLIRuntime) -> String { prefix(runtime.id) + "/bin/" + runtime.executableName }

    /// Runs `py` with `args`.
    func py(_ args: [String], env: [String: String] = [:], cwd: String? = nil, stdin: String? = nil) throws -> ProcessResult {
        try root.run(CLIBinary.py, args, env: env, cwd: cwd, stdin: stdin, timeout: 60)
    }

    /// Runs `py` with `PYLAUNCHER_DRYRUN=1`.
    func dryRun(_ args: [String], env: [String: String] = [:]) throws -> ProcessResult {
        try py(args, env: env.merging(["PYLAUNCHER_DRYRUN": "1"]) { $1 })
    }

    /// Writes the user config file.
    func writeUserConfig(_ text: String) throws {
        try root.write(text, to: "home/.config/pymanager/pymanager.json")
    }

    /// A virtual environment folder with `pyvenv.cfg` and `bin/python`.
    func makeVirtualEnvironment(_ relative: String = "work/.venv", version: String = "3.12.3") throws -> String {
        let path = root.path + "/" + relative
        try root.write("home = /usr/bin\nversion = \(version)\n", to: relative + "/pyvenv.cfg")
        try CLIWriteExecutable(CLIFakeExecutableScript(version: version), at: path + "/bin/python")
        return path
    }

    /// Parses `py list -f json` output.
    static func versions(_ stdout: String) throws -> [JSONObject] {
        let value = try JSONValue(parsing: stdout)
        let items = try #require(value["versions"]?.arrayValue, "no versions array in \(stdout)")
        return items.compactMap(\.objectValue)
    }
}

/// The non-empty lines of `text`.
func CLILines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
}

/// The lines of a failed `py install` / `py uninstall`'s stderr without the closing
/// `Log file: <path>` line that points to its log.
func CLIErrorLines(_ stderr: String) -> [String] {
    var lines = CLILines(stderr)
    if lines.last?.hasPrefix("Log file: ") == true { lines.removeLast() }
    return lines
}

/// The first word of a dry-run command line (the executable; fixture paths need no quoting).
func CLIDryRunExecutable(_ stdout: String) -> String {
    String(stdout.prefix { $0 != " " && $0 != "\n" })
}
