import Glibc
import PyManagerCore

/// Reads a store's managed installs through its index (`StoreIndex`), kept in
/// `<store>/.index/installs` (a subfolder, so that writing the index does not
/// change the store folder it describes).
///
/// 1. Fast path: the store folder's stamp equals the index's; the installs
///    are the index's entries (one `stat`, one file read).
/// 2. Otherwise the folders are read one by one, as without an index, and the
///    index is rewritten when this process may write it (the user's own store;
///    the system store only as root). Users never write the system store's
///    index: until root's next `py install --system` rewrites it, their
///    launches read the folders (correct, only slower).
///
/// Timestamps have a coarse granularity (a clock tick), so a change made just
/// after the stamp was read could leave the folder's times unchanged. The
/// writer therefore creates its temporary file first and keeps the index only
/// when the stamp is older than that file: every later change then moves the
/// folder's times past the stamp.
public struct StoreIndexFile {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    public var folder: String { Path.join(directory, ".index") }
    public var path: String { Path.join(folder, "installs") }

    /// The store's installs as folder names and record bytes (from the index
    /// when it is current); `nil` when the store does not exist.
    ///
    /// - Parameter rewrite: rewrite a stale index (when writable).
    public func entries(rewrite: Bool = true) -> [StoreIndex.Entry]? {
        guard let stamp = Posix.directoryStamp(directory) else { return nil }
        if let current = index(matching: stamp.text) { return current.entries }
        return rewrite ? rebuild().entries : scan()
    }

    /// The index file, when it is complete and describes the store in the state `stamp`.
    func index(matching stamp: String) -> StoreIndex? {
        guard let bytes = Posix.readFile(path), let index = StoreIndex(parsing: bytes), index.stamp == stamp else { return nil }
        return index
    }

    /// The index, when it describes the store as it is now.
    func currentIndex() -> StoreIndex? {
        Posix.directoryStamp(directory).flatMap { index(matching: $0.text) }
    }

    /// What `rebuild` did with the index.
    public enum Outcome: Equatable {
        case written
        /// This process may not write it (the system store, for a user).
        case notWritable
        /// The store changed within the current clock tick; try again a little later.
        case tooRecent
        /// The store does not exist (or a folder name cannot be indexed).
        case notIndexed
    }

    /// Reads every install folder and writes the index when it can and the
    /// folder's stamp is older than the clock (see the type comment).
    @discardableResult
    public func rebuild() -> (entries: [StoreIndex.Entry]?, outcome: Outcome) {
        // The probe file is created before the stamp is read: its time is the "now" the stamp must be older than.
        let probe = Path.join(folder, ".tmp-\(getpid())")
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW
        var fd = open(probe, flags, 0o644)
        if fd < 0 && errno == ENOENT && mkdir(folder, 0o755) == 0 {
            chmod(folder, 0o755)
            fd = open(probe, flags, 0o644)
        }
        var now = stat()
        if fd >= 0 && fstat(fd, &now) != 0 {
            close(fd)
            unlink(probe)
            fd = -1
        }
        guard let stamp = Posix.directoryStamp(directory) else {
            if fd >= 0 {
                close(fd)
                unlink(probe)
            }
            return (nil, .notIndexed)
        }
        let entries = scan()
        guard fd >= 0 else { return (entries, .notWritable) }
        var outcome = Outcome.written
        if !entries.allSatisfy({ !$0.folder.contains("\t") && !$0.folder.contains("\n") }) {
            outcome = .notIndexed
        } else if !Posix.isBefore(stamp.modified, now.st_mtim) || !Posix.isBefore(stamp.changed, now.st_mtim) {
            outcome = .tooRecent
        }
        var ok = false
        if outcome == .written {
            let bytes = StoreIndex(stamp: stamp.text, entries: entries).bytes
            ok = (try? Posix.writeAll(fd, bytes, path: probe)) != nil && fchmod(fd, 0o644) == 0
        }
        let closed = close(fd) == 0
        if ok && closed && Glibc.rename(probe, path) == 0 { return (entries, .written) }
        unlink(probe)
        return (entries, outcome == .written ? .notWritable : outcome)
    }

    /// Rewrites the index after this process changed the store (holding its
    /// lock), waiting up to 200 ms for the clock to move past the last change.
    public func refresh(log: Log) {
        guard currentIndex() == nil else { return }
        for _ in 0..<40 {
            switch rebuild().outcome {
            case .written, .notIndexed: return
            case .notWritable:
                log.verbose("Could not write the index of \(directory); launches read the install folders instead.")
                return
            case .tooRecent: usleep(5_000)
            }
        }
    }

    /// The install folders of the store, read one by one.
    func scan() -> [StoreIndex.Entry] {
        var result: [StoreIndex.Entry] = []
        for name in Posix.listDirectory(directory).sorted() where !name.hasPrefix(".") && !name.hasPrefix("__") {
            guard let bytes = Posix.readFile(Path.join(directory, name, "__install__.json")) else { continue }
            result.append(StoreIndex.Entry(folder: name, record: bytes))
        }
        return result
    }
}

extension Posix {
    /// A folder's identity and times as one line (`dev:ino:mtime:ctime`, ns),
    /// or `nil` when it does not exist.
    static func directoryStamp(_ path: String) -> (text: String, modified: timespec, changed: timespec)? {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return nil }
        let text = "\(st.st_dev):\(st.st_ino):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec):\(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)"
        return (text, st.st_mtim, st.st_ctim)
    }

    /// `a` is strictly earlier than `b`.
    static func isBefore(_ a: timespec, _ b: timespec) -> Bool {
        a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec)
    }
}
