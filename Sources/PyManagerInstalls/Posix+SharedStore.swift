import Glibc
import PyManagerCore

// `renameat2` is declared by <stdio.h> only under _GNU_SOURCE, which the Glibc
// module does not define; glibc has exported it since 2.28.
@_silgen_name("renameat2")
private func c_renameat2(_ olddirfd: Int32, _ oldpath: UnsafePointer<CChar>, _ newdirfd: Int32, _ newpath: UnsafePointer<CChar>, _ flags: UInt32) -> Int32

/// What the system store needs from libc: trees every user can read, atomic
/// replacement of a folder in use, and the write-access check.
extension Posix {
    /// `RENAME_EXCHANGE` from <linux/fs.h>.
    static let renameExchange: UInt32 = 1 << 1

    /// Swaps two existing paths in one step (`renameat2` with `RENAME_EXCHANGE`):
    /// at every moment each name refers to one of the two trees.
    ///
    /// - Throws: `PosixError`; `EINVAL`/`ENOSYS`/`EOPNOTSUPP` mean the file
    ///   system or kernel cannot exchange.
    public static func exchange(_ a: String, _ b: String) throws(PosixError) {
        if c_renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) != 0 { throw PosixError("exchange \(a) with", b) }
    }

    /// Puts the folder `replacement` at `target` and returns where the old tree
    /// now is (nil when there was none), for the caller to remove.
    ///
    /// With an existing `target` the two are exchanged atomically, so a program
    /// starting `target/bin/python` while this runs finds the old runtime or the
    /// new one, never nothing; a running process keeps the files it has open
    /// (they are unlinked later, not overwritten). The old tree is then at
    /// `replacement`. Where the file system cannot exchange, `target` is renamed
    /// to `aside` and `replacement` into place (the old tree is put back if that
    /// fails); the old tree is then at `aside`.
    ///
    /// - Throws: `PosixError` when neither step worked; `target` is then unchanged.
    public static func replaceDirectory(_ target: String, with replacement: String, aside: String) throws(PosixError) -> String? {
        guard kind(target, followLinks: false) != nil else {
            try rename(replacement, to: target)
            return nil
        }
        do {
            try exchange(replacement, target)
            return replacement
        } catch where ![EINVAL, ENOSYS, EOPNOTSUPP].contains(error.code) {
            throw error
        } catch {}
        try rename(target, to: aside)
        do {
            try rename(replacement, to: target)
        } catch {
            try? rename(aside, to: target)
            throw error
        }
        return aside
    }

    /// Makes a tree readable by everyone and writable by its owner only,
    /// whatever the umask and the archive said: folders and executable files
    /// 0755, other files 0644 (set-id and sticky bits are dropped). Symlinks
    /// are left alone and never followed.
    public static func makeReadableByAll(_ path: String) throws(PosixError) {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw PosixError("read the permissions of", path) }
        let mode: mode_t
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            mode = 0o755
            for name in listDirectory(path) { try makeReadableByAll(path + "/" + name) }
        case S_IFREG:
            mode = st.st_mode & 0o111 != 0 ? 0o755 : 0o644
        default:
            return
        }
        if st.st_mode & 0o7777 != mode, fchmodat(AT_FDCWD, path, mode, 0) != 0 { throw PosixError("set the permissions of", path) }
    }

    /// True when this process may create and remove entries in `path`, or,
    /// when it does not exist yet, in the nearest folder above it that does.
    public static func canWrite(into path: String) -> Bool {
        var current = Path.normalize(path)
        while kind(current) == nil {
            let parent = Path.directory(of: current)
            if parent == current { break }
            current = parent
        }
        return access(current, W_OK | X_OK) == 0
    }
}
