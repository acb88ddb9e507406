import PyManagerCore

/// Finds the runtimes on this machine.
///
/// 1. Managed installs: `<store>/<id>/__install__.json` in each store
///    (`install_dir`, then `system_install_dir`). Folders whose
///    names start with `.` or `__` (staging and leftovers of interrupted
///    installs) are skipped; a corrupt record is a warning naming the folder.
/// 2. Unmanaged CPython: `python3.N[t]` in `PATH`, `/usr/bin`,
///    `/usr/local/bin`, `$PYENV_ROOT/versions/*/bin` and uv's managed folder,
///    deduplicated by real path (so aliases into managed installs and the
///    same binary on two paths appear once). pyenv's shims are skipped: the
///    versions they front are found directly.
/// 3. The active virtual environment (`virtual_env`).
public struct InstallDiscovery {
    public var installDir: String
    public var environment: [String: String]
    public var warn: (String) -> Void

    public init(installDir: String, environment: [String: String], warn: @escaping (String) -> Void) {
        self.installDir = installDir
        self.environment = environment
        self.warn = warn
    }

    /// Managed installs of `install_dir`, unsorted.
    public func managedInstalls() -> [Install] {
        managedInstalls(in: InstallStore(directory: installDir, kind: .user))
    }

    /// Managed installs of one store, unsorted, read through its index (`StoreIndexFile`).
    public func managedInstalls(in store: InstallStore) -> [Install] {
        var result: [Install] = []
        for entry in StoreIndexFile(directory: store.directory).entries() ?? [] {
            let prefix = Path.join(store.directory, entry.folder)
            do {
                result.append(try Install(installRecord: entry.record, prefix: prefix, store: store.kind))
            } catch {
                let recordPath = Path.join(prefix, "__install__.json")
                warn("Skipping the install in \(prefix): \(error.reason) in \(recordPath). Run \"py install --force\" for it, or remove the folder.")
            }
        }
        return result
    }

    /// The active virtual environment, when `path` is one (has `pyvenv.cfg` and `bin/python`).
    public func virtualEnvironment(at path: String?) -> Install? {
        guard let path, !path.isEmpty else { return nil }
        guard let cfg = Posix.readFile(Path.join(path, "pyvenv.cfg")) else {
            if Posix.isDirectory(path) {
                warn("VIRTUAL_ENV is set to \(path), but it has no pyvenv.cfg; ignoring it.")
            }
            return nil
        }
        return Install.virtualEnvironment(at: path, pyvenvCfg: String(decoding: cfg, as: UTF8.self))
    }

    /// Folders searched for unmanaged interpreters, with a label each.
    func unmanagedSearchFolders() -> [(folder: String, label: String)] {
        var folders: [(String, String)] = []
        for p in (environment["PATH"] ?? "").split(separator: ":") where !p.isEmpty {
            let dir = String(p)
            if dir.hasSuffix("/shims") { continue }
            folders.append((dir, "PATH"))
        }
        folders.append(("/usr/local/bin", "/usr/local/bin"))
        folders.append(("/usr/bin", "/usr/bin"))
        let pyenvRoot = environment[EnvironmentKey.pyenvRoot].flatMap { $0.isEmpty ? nil : $0 }
            ?? Path.join(environment["HOME"] ?? "/", ".pyenv")
        for version in Posix.listDirectory(Path.join(pyenvRoot, "versions")).sorted() {
            folders.append((Path.join(pyenvRoot, "versions", version, "bin"), "pyenv"))
        }
        let uvRoot = environment[EnvironmentKey.uvPythonInstallDir].flatMap { $0.isEmpty ? nil : $0 }
            ?? Path.join(XDG.dataHome(environment), "uv", "python")
        for version in Posix.listDirectory(uvRoot).sorted() where !version.hasPrefix(".") {
            folders.append((Path.join(uvRoot, version, "bin"), "uv"))
        }
        return folders
    }

    /// Unmanaged interpreters, excluding real paths in `exclude`.
    public func unmanagedInstalls(excludingRealPaths exclude: Set<String>) -> [Install] {
        var seen = exclude
        var result: [Install] = []
        for (folder, label) in unmanagedSearchFolders() {
            for name in Posix.listDirectory(folder).sorted() {
                guard let (minor, freeThreaded) = InstallDiscovery.parseInterpreterName(name) else { continue }
                let path = Path.join(folder, name)
                guard Posix.isExecutableFile(path), let real = Posix.realPath(path), !seen.contains(real) else { continue }
                seen.insert(real)
                result.append(unmanagedInstall(folder: folder, name: name, minor: minor, freeThreaded: freeThreaded, label: label))
            }
        }
        return result
    }

    /// `python3.12` → ("3.12", false); `python3.13t` → ("3.13", true); others nil.
    static func parseInterpreterName(_ name: String) -> (String, Bool)? {
        guard name.hasPrefix("python") else { return nil }
        var rest = Substring(name.dropFirst(6))
        var freeThreaded = false
        if rest.hasSuffix("t") {
            freeThreaded = true
            rest = rest.dropLast()
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }), parts[0] != "0" else { return nil }
        return (String(rest), freeThreaded)
    }

    func unmanagedInstall(folder: String, name: String, minor: String, freeThreaded: Bool, label: String) -> Install {
        // pyenv and uv folders name the full version (`3.12.1`, `cpython-3.12.4-linux-x86_64-gnu`).
        var version = minor
        let parent = Path.basename(Path.directory(of: folder))
        let candidate = parent.hasPrefix("cpython-") ? String(parent.dropFirst(8).prefix(while: { $0 != "-" && $0 != "+" })) : parent
        if (label == "pyenv" || label == "uv"), candidate.hasPrefix(minor + "."), (try? Version(parsing: candidate)) != nil {
            version = candidate
        }
        let tag = minor + (freeThreaded ? "t" : "")
        // `<prefix>/bin/python3.12` is the usual layout; a PATH folder with another name
        // holds the interpreter directly, and is its own prefix.
        let inBin = Path.basename(folder) == "bin"
        let prefix = inBin ? Path.directory(of: folder) : folder
        let relative = inBin ? "bin/" + name : name
        let displayName = "Python \(version)\(freeThreaded ? " (free-threaded)" : "") (\(label))"
        let id = "__unmanaged-" + folder + "/" + name
        let object = JSONObject([
            ("schema", .int(1)),
            ("id", .string(id)),
            ("sort-version", .string(version)),
            ("company", .string("PythonCore")),
            ("tag", .string(tag)),
            ("install-for", .array([.string(tag)])),
            ("display-name", .string(displayName)),
            ("executable", .string(relative)),
        ])
        let runFor = [RunFor(tag: tag, target: relative)]
        let entry = FeedEntry.make(
            id: id, company: "PythonCore", tag: tag, sortVersion: version, displayName: displayName,
            installFor: [tag], runFor: runFor, aliases: [Alias(name: name, target: relative)],
            executable: relative, json: object)
        return Install(entry: entry, kind: .unmanaged(foundIn: folder), prefix: prefix)
    }
}
