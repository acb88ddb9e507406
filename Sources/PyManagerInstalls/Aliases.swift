import Glibc
import PyManagerCore

/// Global commands in `global_dir` (`python3.14`, `python3.14t`, `pypy3.11`),
/// made from each managed install's `alias` list as symlinks to the
/// runtime: they start it directly, with no launcher in between.
///
/// 1. Installs are taken in preference order (stable before prerelease,
///    newest first): the first install naming an alias owns it, so the
///    newest stable runtime owns shared names such as `python3`.
/// 2. Unversioned names (`python`, `python3`, `pypy`, `pypy3`, …) are only
///    written with `install.unversioned_aliases`.
/// 3. A file in `global_dir` is replaced only if it is a symlink into
///    `install_dir` (one of ours); anything else is left alone with a warning.
/// 4. Symlinks into `install_dir` that no install claims any more are removed.
public struct AliasManager {
    public var globalDir: String
    public var installDir: String
    public var unversioned: Bool
    public var log: Log

    public init(settings: Settings, log: Log) {
        globalDir = settings.globalDir
        installDir = settings.installDir
        unversioned = settings.unversionedAliases
        self.log = log
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
                guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !claimed.contains(name) else { continue }
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
            switch Posix.kind(path, followLinks: false) {
            case .symlink?:
                guard let current = Posix.readLink(path), isOurs(current) else {
                    log.warn("Not replacing \(path): it was not created by py. Remove it to get the '\(name)' alias.")
                    continue
                }
                if current == target { continue }
            case nil:
                break
            default:
                log.warn("Not replacing \(path): it was not created by py. Remove it to get the '\(name)' alias.")
                continue
            }
            let temp = Path.join(globalDir, ".\(name).tmp-\(getpid())")
            try? Posix.removeFile(temp)
            do {
                try Posix.symlink(target: target, at: temp)
                try Posix.rename(temp, to: path)
                changed.append(name)
                log.verbose("Alias \(path) -> \(target) (\(owner))")
            } catch {
                try? Posix.removeFile(temp)
                log.warn("\(error)")
            }
        }
        for name in Posix.listDirectory(globalDir) where !wanted.contains(name) {
            let path = Path.join(globalDir, name)
            guard Posix.kind(path, followLinks: false) == .symlink, let current = Posix.readLink(path), isOurs(current) else {
                continue
            }
            do {
                try Posix.removeFile(path)
                log.verbose("Removed alias \(path)")
            } catch {
                log.warn("\(error)")
            }
        }
        return changed
    }

    /// Removes every alias of ours (for `uninstall --purge`).
    public func removeAll() {
        for name in Posix.listDirectory(globalDir) {
            let path = Path.join(globalDir, name)
            if Posix.kind(path, followLinks: false) == .symlink, let current = Posix.readLink(path), isOurs(current) {
                try? Posix.removeFile(path)
            }
        }
    }

    func isOurs(_ linkTarget: String) -> Bool {
        Path.isInside(Path.resolve(linkTarget, relativeTo: globalDir), installDir)
    }

    /// True when `global_dir` is one of the `PATH` entries.
    public func isOnPath(_ environment: [String: String]) -> Bool {
        let dir = Path.normalize(globalDir)
        return (environment["PATH"] ?? "").split(separator: ":").contains { Path.normalize(String($0)) == dir }
    }
}
