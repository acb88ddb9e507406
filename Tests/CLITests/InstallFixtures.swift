import Foundation
import Testing
import TestSupport

/// One fake CPython release served by an `InstallWorld`: a real archive (built at test time from
/// `FakeRuntime`) and its schema 1 feed entry.
struct InstallRelease: Sendable {
    /// Full version, e.g. `3.13.5`.
    var version: String
    var format: ArchiveFormat = .tarGz
    /// Overrides the archive file name (default `cpython-<version>.<ext>`).
    var fileName: String?
    /// A route prefix for the entry's `url` (e.g. `.flaky(failures: 1)`); the file is served as usual.
    var route: LoopbackServer.Route = .file
    /// Replaces the entry's `url` entirely.
    var urlOverride: String?
    /// Replaces the entry's SHA-256 (a wrong hash).
    var hashOverride: String?
    /// Extra bytes appended to the archive's runtime (makes it big enough for drop/slow routes).
    var paddingBytes: Int = 0
    /// Replaces the archive's members (hostile archives); nil uses the fake runtime.
    var entries: [ArchiveEntry]?

    init(_ version: String, format: ArchiveFormat = .tarGz) {
        self.version = version
        self.format = format
    }

    /// `3.13` for `3.13.5`.
    var minor: String {
        let parts = version.split(separator: ".")
        return parts.count >= 2 ? "\(parts[0]).\(parts[1])" : version
    }

    var id: String { "pythoncore-\(minor)-64" }
    var archiveName: String { fileName ?? "cpython-\(version).\(format.fileExtension)" }
    var executable: String { "bin/python\(minor)" }
    var displayName: String { "Python \(version)" }
}

/// A test's whole world: an isolated home (`TempRoot`), a loopback server serving feeds and
/// archives, and `py` runs against both. Nothing of the real machine (pyenv, ~/.local) is seen.
final class InstallWorld: @unchecked Sendable {
    let root: TempRoot
    let server: LoopbackServer

    init(label: String = "install") throws {
        root = try TempRoot(label: label)
        server = try LoopbackServer()
        try FileManager.default.createDirectory(atPath: root.path + "/pyenv", withIntermediateDirectories: true)
        root.environment["PATH"] = "/usr/bin:/bin"
        root.environment["PYTHON_MANAGER_INCLUDE_UNMANAGED"] = "0"
        root.environment["PYENV_ROOT"] = root.path + "/pyenv"
        root.environment["PYTHON_MANAGER_DEFAULT_PLATFORM"] = "-64"
    }

    deinit { server.stop() }

    var installDir: String { root.xdgDataHome + "/pymanager" }
    var globalDir: String { root.home + "/.local/bin" }
    var downloadDir: String { root.xdgCacheHome + "/pymanager" }
    var configFile: String { root.xdgConfigHome + "/pymanager/pymanager.json" }

    /// The feed URL for `name` on the server.
    func feedURL(_ name: String = "index.json") -> String { server.url(for: name) }

    /// Builds each release's archive on the server and writes the feed `name` listing them, with
    /// `rawEntries` (JSON text, e.g. malformed entries) inserted at the given `versions` indexes.
    /// Returns the feed URL.
    @discardableResult
    func publish(_ releases: [InstallRelease], feed name: String = "index.json", rawEntries: [(Int, String)] = []) throws -> String {
        var entries: [String] = []
        for release in releases {
            let archivePath = server.root + "/" + release.archiveName
            // An archive already served keeps its bytes (and hash), so a feed can be republished
            // with another route while a partial download of it exists.
            if !FileManager.default.fileExists(atPath: archivePath) {
                try InstallFixtures.buildArchive(for: release, at: archivePath)
            }
            let url = release.urlOverride ?? server.url(for: release.archiveName, route: release.route)
            let sha256 = try release.hashOverride ?? sha256Hex(of: archivePath)
            entries.append(InstallFixtures.entryJSON(release, url: url, sha256: sha256))
        }
        for (index, raw) in rawEntries.sorted(by: { $0.0 < $1.0 }) { entries.insert(raw, at: min(index, entries.count)) }
        try server.write(InstallFixtures.feedJSON(entries), to: name)
        return feedURL(name)
    }

    /// Runs the built `py` in the isolated environment.
    @discardableResult
    func py(_ arguments: [String], env: [String: String] = [:], stdin: String? = nil, timeout: Double = 120) throws -> ProcessResult {
        try root.run(InstallFixtures.pyPath, arguments, env: env, stdin: stdin, timeout: timeout)
    }

    /// Checks that `py` exited 0, showing its output otherwise.
    func expectSuccess(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            result.status == 0, "exit \(result.status)\nstdout: \(result.stdout)\nstderr: \(result.stderr)",
            sourceLocation: sourceLocation)
    }

    /// Checks that `py` failed (non-zero, not killed by the timeout).
    func expectFailure(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            result.status != 0 && !result.timedOut, "expected a failure, got exit \(result.status)\nstderr: \(result.stderr)",
            sourceLocation: sourceLocation)
    }

    /// The `sort-version` recorded in `<install_dir>/<id>/__install__.json`, or nil.
    func installedVersion(_ id: String) -> String? {
        guard let data = FileManager.default.contents(atPath: installDir + "/" + id + "/__install__.json"),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["sort-version"] as? String
    }

    /// Names in a folder (empty when missing).
    func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Install folders (not starting with `.`) in install_dir.
    var installFolders: [String] { names(in: installDir).filter { !$0.hasPrefix(".") } }

    /// Leftovers of interrupted installs in install_dir.
    var leftovers: [String] {
        names(in: installDir).filter { $0.hasPrefix(".staging-") || $0.hasPrefix(".replaced-") || $0.hasPrefix(".removing-") }
    }

    /// The ids `py list -f json --only-managed` shows (fails the test if the output is not JSON).
    func listedIDs(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let result = try py(["list", "-f", "json"])
        #expect(result.status == 0, "py list failed: \(result.stderr)", sourceLocation: sourceLocation)
        return try InstallFixtures.ids(inListJSON: result.stdout)
    }

    /// The symlink target of `global_dir/name`, or nil.
    func aliasTarget(_ name: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: globalDir + "/" + name)
    }

    func exists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            || (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    /// Archive requests the server received (not the feed), by path.
    func archiveRequests(_ release: InstallRelease) -> [LoopbackServer.Request] {
        server.requests().filter { $0.path.hasSuffix("/" + release.archiveName) }
    }
}

enum InstallFixtures {
    /// The built `py` (see `BuiltProducts`).
    static let pyPath = BuiltProducts.path(of: "py")

    /// The archive of a release: its `entries`, or a `python/` folder holding a fake runtime
    /// (`bin/python3.X` printing its version and argv, exit status from `--fake-exit=N`).
    static func buildArchive(for release: InstallRelease, at path: String) throws {
        if let entries = release.entries {
            try ArchiveBuilder.build(entries, format: release.format, at: path)
            return
        }
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("install-tree-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tree) }
        try FakeRuntime.write(version: release.version, in: tree)
        try "fake stdlib of \(release.version)\n".write(toFile: tree + "/README.txt", atomically: true, encoding: .utf8)
        if release.paddingBytes > 0 {
            // Incompressible bytes, so the archive really is that big.
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<release.paddingBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try Data(bytes).write(to: URL(fileURLWithPath: tree + "/padding.bin"))
        }
        try ArchiveBuilder.build(tree: tree, format: release.format, at: path, prefix: "python")
    }

    /// A schema 1 entry like python.org's, for `release`.
    static func entryJSON(_ release: InstallRelease, url: String, sha256: String) -> String {
        let minor = release.minor
        let major = minor.split(separator: ".").first.map(String.init) ?? minor
        let object: [String: Any] = [
            "schema": 1,
            "id": release.id,
            "sort-version": release.version,
            "company": "PythonCore",
            "tag": "\(minor)-64",
            "install-for": ["\(release.version)-64", "\(minor)-64", "\(major)-64"],
            "run-for": [
                ["tag": "\(minor)-64", "target": release.executable],
                ["tag": "\(major)-64", "target": release.executable],
            ],
            "alias": [
                ["name": "python\(minor)", "target": release.executable],
                ["name": "python\(major)", "target": release.executable],
            ],
            "display-name": release.displayName,
            "executable": release.executable,
            "url": url,
            "hash": ["sha256": sha256],
        ]
        return jsonText(object)
    }

    static func feedJSON(_ entries: [String]) -> String {
        "{\"versions\": [\n" + entries.joined(separator: ",\n") + "\n]}\n"
    }

    static func jsonText(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The `id`s of `{"versions": [...]}` as printed by `py list -f json`.
    static func ids(inListJSON text: String) throws -> [String] {
        try versions(inListJSON: text).compactMap { $0["id"] as? String }
    }

    static func versions(inListJSON text: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        guard let versions = (object as? [String: Any])?["versions"] as? [[String: Any]] else {
            throw TestSupportError("not a {\"versions\": [...]} document: \(text)")
        }
        return versions
    }
}
