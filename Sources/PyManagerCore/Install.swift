/// A runtime that exists on this machine: a managed install (a folder in
/// `install_dir` with `__install__.json`), an unmanaged interpreter found on
/// the system, or the active virtual environment.
public struct Install: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case managed
        /// Found on `PATH`, `/usr/bin`, pyenv or uv: listed and launched, never changed.
        case unmanaged(foundIn: String)
        /// `$VIRTUAL_ENV`: the default when nothing else is asked for.
        case virtualEnvironment
    }

    /// Which folder of managed installs holds a runtime.
    public enum Store: String, Sendable, Equatable {
        /// The user's own `install_dir`.
        case user
        /// `system_install_dir`, shared by every user; only its owner (root) changes it.
        case system
    }

    public var entry: FeedEntry
    public var kind: Kind
    /// The store of a managed install (`.user` for every other kind).
    public var store: Store = .user
    /// The install folder (absolute).
    public var prefix: String
    /// `prefix` + the entry's `executable`.
    public var executable: String

    public init(entry: FeedEntry, kind: Kind, prefix: String) {
        self.entry = entry
        self.kind = kind
        self.prefix = prefix
        self.executable = Path.join(prefix, entry.executable)
    }

    public var id: String { entry.id }
    public var company: String { entry.company }
    public var tag: String { entry.tag }
    public var isManaged: Bool { kind == .managed }
    public var isVirtualEnvironment: Bool { kind == .virtualEnvironment }
    public var isUnmanaged: Bool { !isManaged }

    /// The install's own tag as a matchable `Tag`.
    public var companyTag: Tag { Tag(company: company, tag: tag) }

    /// The `run-for` target used when a runtime is chosen by something other
    /// than one of its tags (a range, a version specifier): the first console
    /// one, else the main executable.
    public var defaultRunFor: RunFor {
        entry.runFor.first(where: { !$0.windowed }) ?? entry.runFor.first ?? RunFor(tag: tag, target: entry.executable)
    }

    /// The absolute path of a `run-for` or `alias` target.
    public func path(of target: String) -> String { Path.join(prefix, target) }

    /// Reads a managed install's `__install__.json` (pymanager's schema 1).
    ///
    /// - Throws: `FeedEntryError` whose path is `__install__.json`.
    public init(installRecord bytes: [UInt8], prefix: String, store: Store = .user) throws(FeedEntryError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw FeedEntryError(path: "__install__.json", reason: "not valid JSON (\(error))")
        }
        guard let object = value.objectValue else {
            throw FeedEntryError(path: "__install__.json", reason: "expected a JSON object")
        }
        var fixed = object
        // pymanager: help alpha users whose records say "displayName".
        if fixed["display-name"] == nil, let name = fixed["displayName"] { fixed["display-name"] = name }
        self.init(entry: try FeedEntry(json: fixed, path: "__install__.json"), kind: .managed, prefix: prefix)
        self.store = store
    }

    /// The active virtual environment as an install, from its `pyvenv.cfg` text.
    ///
    /// As pymanager's `_get_venv_install`: id `__active-virtual-env`, tag
    /// `(venv)`, marked default, matches any platform.
    public static func virtualEnvironment(at path: String, pyvenvCfg: String) -> Install {
        var version = "0.0"
        for line in pyvenvCfg.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].filter { $0 != " " && $0 != "\t" }.lowercased()
            if key == "version" || key == "version_info" {
                version = String(parts[1].drop(while: { $0 == " " || $0 == "\t" }))
                break
            }
        }
        if (try? Version(parsing: version)) == nil { version = "0.0" }
        let object = JSONObject([
            ("schema", .int(1)),
            ("id", .string("__active-virtual-env")),
            ("display-name", .string("Active virtual environment")),
            ("sort-version", .string(version)),
            ("company", .string("---")),
            ("tag", .string("(venv)")),
            ("executable", .string("bin/python")),
            ("run-for", .array([.object(JSONObject([("tag", .string("---")), ("target", .string("bin/python"))]))])),
            ("alias", .array([.object(JSONObject([("name", .string("python")), ("target", .string("bin/python"))]))])),
        ])
        let entry = FeedEntry(
            id: "__active-virtual-env", company: "---", tag: "(venv)", sortVersion: version,
            displayName: "Active virtual environment", installFor: [],
            runFor: [RunFor(tag: "---", target: "bin/python")], aliases: [Alias(name: "python", target: "bin/python")],
            executable: "bin/python", url: nil, sha256: nil, json: object)
        return Install(entry: entry, kind: .virtualEnvironment, prefix: path)
    }

    /// The record as shown by `py list -f json`: the metadata plus `prefix`,
    /// `executable`, `store` (`user` or `system`) for managed installs, and
    /// `default`/`unmanaged` where true.
    public func listJSON(isDefault: Bool) -> JSONObject {
        var o = entry.json
        if isManaged { o["store"] = .string(store.rawValue) }
        o["prefix"] = .string(prefix)
        o["executable"] = .string(executable)
        if isDefault { o["default"] = .bool(true) }
        if isUnmanaged { o["unmanaged"] = .int(1) }
        return o
    }
}

/// Orders installs as pymanager does, most preferred first: managed before
/// unmanaged (our addition: the issue asks for unmanaged runtimes last), the
/// user's own store before the system store (so a private copy shadows the
/// shared one), then stable before prerelease, then by tag (core company first, versions
/// descending, platform ``, `-64`, `-32`, `-arm64`).
public func sortInstalls(_ installs: [Install]) -> [Install] {
    let keyed = installs.map { ($0, $0.entry.isPrerelease, $0.companyTag) }
    return keyed.sorted { a, b in
        if a.0.isUnmanaged != b.0.isUnmanaged { return !a.0.isUnmanaged }
        if a.0.store != b.0.store { return a.0.store == .user }
        if a.1 != b.1 { return !a.1 }
        if Tag.isPreferred(a.2, over: b.2) { return true }
        if Tag.isPreferred(b.2, over: a.2) { return false }
        return a.0.prefix < b.0.prefix
    }.map(\.0)
}

/// A folder of managed installs and whose it is (see `Settings.stores`).
public struct InstallStore: Sendable, Equatable {
    public var directory: String
    public var kind: Install.Store

    public init(directory: String, kind: Install.Store) {
        self.directory = directory
        self.kind = kind
    }
}
