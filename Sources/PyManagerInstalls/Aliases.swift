import Glibc
import PyManagerCore

/// Global commands in `global_dir` (`python3.14`, `python3.14t`, `pypy3.11`),
/// made from each managed install's `alias` list. By default each is a
/// symlink to the runtime, which starts it directly with no launcher in
/// between; with `install.alias_kind: "shim"` each is a copy of the launcher
/// in `Shims/` (`py-shim`, beside the `py` binary) with a `<name>.__target__`
/// sidecar naming the runtime.
///
/// 1. Installs are taken in preference order (stable before prerelease,
///    newest first): the first install naming an alias owns it, so the
///    newest stable runtime owns shared names such as `python3`.
/// 2. Unversioned names (`python`, `python3`, `pypy`, `pypy3`, …) are only
///    written with `install.unversioned_aliases`.
/// 3. A file in `global_dir` is replaced only if it is one of ours (a
///    symlink into `install_dir`, or a shim whose sidecar points into it);
///    anything else is left alone with a warning.
/// 4. Aliases of ours that no install claims any more are removed.
public struct AliasManager {
    public var globalDir: String
    public var installDir: String
    public var unversioned: Bool
    /// The launcher to copy for shim aliases; `nil` writes symlinks.
    public var shim: String?
    public var log: Log

    public static let sidecarSuffix = ".__target__"

    /// - Parameter binary: the running `py`, beside which `py-shim` is looked for.
    public init(settings: Settings, log: Log, binary: String?) {
        globalDir = settings.globalDir
        installDir = settings.installDir
        unversioned = settings.unversionedAliases
        self.log = log
        if settings.aliasKind == "shim" {
            let candidate = binary.map { Path.join(Path.directory(of: $0), "py-shim") }
            if let candidate, Posix.isExecutableFile(candidate) {
                shim = candidate
            } else {
                log.warn("install.alias_kind is \"shim\" but the launcher \(candidate ?? "py-shim") was not found; writing symlinks.")
            }
        } else if settings.aliasKind != "symlink" {
            log.warn("Unknown install.alias_kind '\(settings.aliasKind)': expected \"symlink\" or \"shim\"; writing symlinks.")
        }
    }

    /// `python`, `python3`, `pythonw3`, `pypy`, `pypy3`, `graalpy`, `graalpy3`.
    public static func isUnversioned(_ name: String) -> Bool {
        ["python", "python3", "pythonw", "pythonw3", "pypy", "pypy3", "graalpy", "graalpy3"].contains(name.lowercased())
    }

    /// The alias name → absolute target each install should own.
    public func desiredAliases(_ installs: [Install]) -> [(name: String, target: String, owner: String)] {
        var claimed: Set<String> = []
        var result: [(String, String, String)] = []
        for install in sortInstalls(installs.filter(\.isManaged)) {
            for alias in install.entry.aliases where !alias.windowed {
                let name = alias.name
                guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !name.hasSuffix(AliasManager.sidecarSuffix),
                    !claimed.contains(name)
                else { continue }
                if AliasManager.isUnversioned(name) && !unversioned { continue }
                let target = install.path(of: alias.target)
                guard Path.isInside(target, install.prefix), Posix.exists(target) else { continue }
                claimed.insert(name)
                result.append((name, target, install.id))
            }
        }
        return result
    }

    /// Makes `global_dir` hold exactly the desired aliases (see the type comment).
    /// Returns the names written or changed.
    @discardableResult
    public func refresh(_ installs: [Install]) -> [String] {
        let desired = desiredAliases(installs)
        var changed: [String] = []
        if !desired.isEmpty {
            do {
                try Posix.makeDirectories(globalDir)
            } catch {
                log.warn("\(error) Aliases were not updated.")
                return []
            }
        }
        let wanted = Set(desired.map(\.name))
        for (name, target, owner) in desired {
            let path = Path.join(globalDir, name)
            if Posix.kind(path, followLinks: false) != nil {
                guard let current = currentTarget(path) else {
                    log.warn("Not replacing \(path): it was not created by py. Remove it to get the '\(name)' alias.")
                    continue
                }
                if current == target && isKindWanted(path) { continue }
            }
            do {
                try write(alias: path, target: target)
                changed.append(name)
                log.verbose("Alias \(path) -> \(target) (\(owner))")
            } catch {
                log.warn("\(error)")
            }
        }
        for name in aliasFolderNames() where !wanted.contains(name) && !name.hasSuffix(AliasManager.sidecarSuffix) {
            let path = Path.join(globalDir, name)
            guard currentTarget(path) != nil else { continue }
            remove(alias: path)
            log.verbose("Removed alias \(path)")
        }
        return changed
    }

    /// Removes every alias of ours (for `uninstall --purge`).
    public func removeAll() {
        for name in Posix.listDirectory(globalDir) where !name.hasSuffix(AliasManager.sidecarSuffix) {
            let path = Path.join(globalDir, name)
            if currentTarget(path) != nil { remove(alias: path) }
        }
    }

    /// The runtime an alias of ours starts, or `nil` when `path` is not ours:
    /// a symlink into `install_dir`, or a file with a sidecar pointing into it.
    func currentTarget(_ path: String) -> String? {
        switch Posix.kind(path, followLinks: false) {
        case .symlink?:
            guard let link = Posix.readLink(path) else { return nil }
            let target = Path.resolve(link, relativeTo: globalDir)
            return Path.isInside(target, installDir) ? target : nil
        case .file?:
            guard let bytes = Posix.readFile(path + AliasManager.sidecarSuffix) else { return nil }
            let target = String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\n" }).first.map(String.init) ?? ""
            return Path.isInside(target, installDir) ? target : nil
        default:
            return nil
        }
    }

    func isKindWanted(_ path: String) -> Bool {
        (Posix.kind(path, followLinks: false) == .symlink) == (shim == nil)
    }

    /// Writes one alias through a temporary name and a rename, so the name
    /// always starts either the old runtime or the new one.
    func write(alias path: String, target: String) throws(PosixError) {
        let temp = Path.join(globalDir, ".\(Path.basename(path)).tmp-\(getpid())")
        try? Posix.removeFile(temp)
        do {
            if let shim {
                try Posix.copyFile(shim, to: temp, mode: 0o755)
                try Posix.writeFileAtomically(path + AliasManager.sidecarSuffix, Array((target + "\n").utf8))
            } else {
                try Posix.symlink(target: target, at: temp)
            }
            try Posix.rename(temp, to: path)
            if shim == nil { try? Posix.removeFile(path + AliasManager.sidecarSuffix) }
        } catch {
            try? Posix.removeFile(temp)
            throw error
        }
    }

    func remove(alias path: String) {
        // Tried twice: a transient failure must not leave an alias to a removed runtime.
        for attempt in 1...2 {
            do {
                try Posix.removeFile(path)
                try Posix.removeFile(path + AliasManager.sidecarSuffix)
                return
            } catch {
                if attempt == 2 { log.warn("\(error)") }
            }
        }
    }

    /// The names in `global_dir`, read a second time when the first read fails (a stale alias
    /// must not survive a transient error); empty, with a warning, when both fail.
    func aliasFolderNames() -> [String] {
        var failure: PosixError? = nil
        for _ in 1...2 {
            do {
                return try Posix.listDirectoryOrThrow(globalDir)
            } catch {
                if error.code == ENOENT { return [] }
                failure = error
            }
        }
        if let failure { log.warn("\(failure) Aliases of removed runtimes may remain there.") }
        return []
    }

    /// True when `global_dir` is one of the `PATH` entries.
    public func isOnPath(_ environment: [String: String]) -> Bool {
        let dir = Path.normalize(globalDir)
        return (environment["PATH"] ?? "").split(separator: ":").contains { Path.normalize(String($0)) == dir }
    }
}
