import Glibc
import PyManagerCore

/// Reads and writes the user's `LaunchMemo`, `${XDG_STATE_HOME:-~/.local/state}/pymanager/launch-memo`
/// (a file of the user's own; the system store is never written by a launch).
extension Context {
    var launchMemoPath: String { Path.join(XDG.stateHome(environment), "pymanager", "launch-memo") }

    /// The memo key for `request` with the stores (and this `py` binary) as they are now, or `nil`
    /// when choices are not remembered here (an active virtual environment
    /// takes part in resolution, and a store changed within the current clock
    /// tick could change again without its stamp moving).
    public func launchMemoKey(request: String) -> String? {
        guard settings.virtualEnv == nil else { return nil }
        // Read the clock before the stamps: a change after this moment gets a time past it.
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        var stamps: [String?] = []
        for store in settings.stores {
            let stamp = Posix.directoryStamp(store.directory)
            if let stamp, !Posix.isBefore(stamp.modified, now) || !Posix.isBefore(stamp.changed, now) { return nil }
            stamps.append(stamp?.text)
        }
        // Another build of py may choose differently: its binary is part of the key.
        var exe = stat()
        guard let path = binary, stat(path, &exe) == 0 else { return nil }
        stamps.append("\(exe.st_dev):\(exe.st_ino):\(exe.st_mtim.tv_sec).\(exe.st_mtim.tv_nsec):\(exe.st_size)")
        return LaunchMemo.key(request: request, defaultTag: settings.defaultTag, defaultPlatform: settings.defaultPlatform, stamps: stamps)
    }

    /// The remembered choice for `key`, read from its install record; `nil`
    /// when there is none or the record no longer reads as it did.
    public func rememberedMatch(key: String) -> RuntimeMatch? {
        guard let bytes = Posix.readFile(launchMemoPath), let choice = LaunchMemo.choice(for: key, in: bytes),
            let store = settings.stores.first(where: { $0.kind == choice.store })
        else { return nil }
        let prefix = Path.join(store.directory, choice.folder)
        guard let record = Posix.readFile(Path.join(prefix, "__install__.json")),
            let install = try? Install(installRecord: record, prefix: prefix, store: store.kind),
            choice.runForIndex < install.entry.runFor.count
        else { return nil }
        return RuntimeMatch(install: install, runFor: install.entry.runFor[choice.runForIndex])
    }

    /// Remembers that `key` chose `match` (managed installs only; best effort).
    public func remember(_ match: RuntimeMatch, key: String) {
        let install = match.install
        guard install.isManaged, let store = settings.stores.first(where: { $0.kind == install.store }),
            Path.directory(of: install.prefix) == store.directory,
            let index = install.entry.runFor.firstIndex(of: match.runFor)
        else { return }
        var memo = Posix.readFile(launchMemoPath).map { LaunchMemo(parsing: String(decoding: $0, as: UTF8.self)) } ?? LaunchMemo()
        memo.remember(LaunchMemo.Choice(key: key, store: install.store, folder: Path.basename(install.prefix), runForIndex: index))
        // A cache: no fsync (a torn file loses its last lines, which are not read back; see `LaunchMemo`).
        let temp = "\(launchMemoPath).tmp-\(getpid())"
        try? Posix.makeDirectories(Path.directory(of: launchMemoPath))
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return }
        let ok = (try? Posix.writeAll(fd, Array(memo.text.utf8), path: temp)) != nil
        if close(fd) != 0 || !ok || Glibc.rename(temp, launchMemoPath) != 0 { unlink(temp) }
    }
}
