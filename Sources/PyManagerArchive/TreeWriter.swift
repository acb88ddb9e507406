import Glibc

/// One member to write, as `extract` decided after checking it: where, what, with which mode and time.
struct TreeItem {
    enum Kind {
        /// A regular file of `size` bytes (its data follows in blocks).
        case file(size: Int64)
        case directory
        /// A hard link to the file at `target` (destination-relative components), written earlier.
        case hardlink(target: [String], size: Int64)
        /// A symlink (created only after every file, see `extract`).
        case symlink(target: String)
    }

    /// The member as stored, for messages.
    var member: String
    /// The destination-relative path, already checked and normalised: no `.`, `..` or empty parts.
    var components: [String]
    var kind: Kind
    /// Permission bits to set exactly (no umask), set-id bits already removed.
    var mode: mode_t
    /// Modification time to set, when the archive records one.
    var modified: timespec?
}

/// Writes the checked members of one extraction into the fresh folder `destination` with `*at`
/// system calls: every folder is opened from its parent with `O_NOFOLLOW | O_DIRECTORY`, every file
/// created with `O_CREAT | O_EXCL | O_NOFOLLOW`, so no write can follow a symlink or replace
/// anything, whatever appears in the tree. This replaces libarchive's disk writer, whose
/// symlink check walked the whole absolute path (three calls per component) for every member:
/// a file now costs `openat`, `write`, `futimens` and `close` (plus `fchmod` when the umask would
/// clear some of its mode bits), about 6 calls instead of 45 (bench/README.md).
///
/// Folders are created owner-writable and get their mode and time at `close`, deepest first, so
/// read-only folders can be filled and folder times are not changed by their children.
///
/// Every call's result is checked: a failure throws `.noSpace` (ENOSPC, EDQUOT) or `.writeFailed`
/// with the call, the path and `errno`'s text. The caller removes the tree after any failure.
/// Not thread-safe: one thread (the `WriteQueue`'s) uses it at a time.
final class TreeWriter {
    let archive: String
    /// The canonical destination folder.
    let destination: String
    private let root: Int32
    /// The process's umask (read once: `umask` can only be read by setting it).
    private let umaskBits: mode_t
    /// Open folders along the parent path of the last member, below `root`.
    private var chain: [(name: String, fd: Int32)] = []
    /// The file being written: its descriptor, path and the end of the data written so far.
    private var current: (fd: Int32, item: TreeItem, size: Int64, end: Int64)? = nil
    /// Folders from the archive, whose mode and time are set by `close`.
    private var folders: [TreeItem] = []

    init(archive: String, destination: String) throws(ArchiveError) {
        self.archive = archive
        self.destination = destination
        let mask = umask(0o022)
        umask(mask)
        umaskBits = mask
        root = open(destination, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else {
            throw .file(path: destination, reason: errnoText(errno))
        }
    }

    /// Closes what is still open (after a failure; `close` has closed everything on success).
    deinit {
        if let current { Glibc.close(current.fd) }
        for (_, fd) in chain { Glibc.close(fd) }
        Glibc.close(root)
    }

    /// Creates `item` (a file, folder or hard link; symlinks go through `symlink`). A file then
    /// takes its data through `write` and ends with `finish`.
    func begin(_ item: TreeItem) throws(ArchiveError) {
        guard let name = try checkedName(item) else { return }
        let parent = try folder(item.components.dropLast(), for: item)
        switch item.kind {
        case .directory:
            if mkdirat(parent, name, 0o700) != 0 && errno != EEXIST {
                throw failure("create the folder", item, errno)
            }
            folders.append(item)
        case .file(let size):
            let fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, item.mode)
            guard fd >= 0 else { throw failure("create", item, errno) }
            current = (fd, item, size, 0)
            if item.mode & umaskBits != 0 {
                guard fchmod(fd, item.mode) == 0 else { throw failure("set the mode of", item, errno) }
            }
        case .hardlink(let target, let size):
            guard let targetName = target.last, target.allSatisfy(Self.isPlainName) else {
                throw .writeFailed(archive: archive, member: item.member, reason: "the hard link's target is not a plain path")
            }
            let targetFolder = try openFolder(target.dropLast(), for: item)
            guard linkat(targetFolder, targetName, parent, name, 0) == 0 else {
                let code = errno
                Glibc.close(targetFolder)
                throw failure("create the hard link", item, code)
            }
            try closeFolder(targetFolder, for: item)
            if size > 0 {
                // A hard link with data (pax allows it) replaces the linked file's contents.
                let fd = openat(parent, name, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC)
                guard fd >= 0 else { throw failure("open", item, errno) }
                current = (fd, item, size, 0)
            }
        case .symlink:
            try symlink(item)
        }
    }

    /// Writes `count` bytes at `offset` of the current file.
    func write(_ bytes: UnsafeRawPointer, count: Int, offset: Int64, member: String) throws(ArchiveError) {
        guard let file = current else { return }
        guard offset >= 0, offset + Int64(count) <= file.size else {
            // libarchive's disk writer cut such data off silently; a file must be whole or refused.
            throw .writeFailed(archive: archive, member: member, reason: "the data is longer than its header declares")
        }
        var done = 0
        while done < count {
            let written = pwrite(file.fd, bytes + done, count - done, off_t(offset) + off_t(done))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw failure("write", file.item, written == 0 ? EIO : errno) }
            done += written
        }
        current?.end = max(file.end, offset + Int64(count))
    }

    /// Ends the current file: its full size (a sparse tail), its time, and `close`, whose failure
    /// is a failure too (the data may not have been written).
    func finish(member: String) throws(ArchiveError) {
        guard let file = current else { return }
        current = nil
        var failed: ArchiveError? = nil
        if file.size > file.end && ftruncate(file.fd, off_t(file.size)) != 0 {
            failed = failure("extend", file.item, errno)
        }
        if failed == nil, let modified = file.item.modified, futimens(file.fd, Self.times(modified)) != 0 {
            failed = failure("set the time of", file.item, errno)
        }
        let closed = Glibc.close(file.fd) == 0
        let code = errno
        if let failed { throw failed }
        guard closed else { throw failure("close", file.item, code) }
    }

    /// `futimens`/`utimensat` times: the access time left as it is, the modification time set.
    private static func times(_ modified: timespec) -> [timespec] {
        // UTIME_OMIT, ((1l << 30) - 2l) in <sys/stat.h>, is not imported into Swift.
        [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2), modified]
    }

    /// Creates the symlink `item`, with its time.
    func symlink(_ item: TreeItem) throws(ArchiveError) {
        guard case .symlink(let target) = item.kind, let name = try checkedName(item) else { return }
        let parent = try folder(item.components.dropLast(), for: item)
        guard symlinkat(target, parent, name) == 0 else { throw failure("create the symlink", item, errno) }
        if let modified = item.modified {
            guard utimensat(parent, name, Self.times(modified), AT_SYMLINK_NOFOLLOW) == 0 else {
                throw failure("set the time of", item, errno)
            }
        }
    }

    /// Sets the folders' modes and times, deepest first, and closes every descriptor.
    func close() throws(ArchiveError) {
        let ordered = folders.enumerated().sorted {
            ($0.element.components.count, $1.offset) > ($1.element.components.count, $0.offset)
        }
        for (_, item) in ordered {
            let folder = try openFolder(item.components[...], for: item)
            var failed: ArchiveError? = nil
            if fchmod(folder, item.mode) != 0 {
                failed = failure("set the mode of", item, errno)
            } else if let modified = item.modified, futimens(folder, Self.times(modified)) != 0 {
                failed = failure("set the time of", item, errno)
            }
            if let failed {
                Glibc.close(folder)
                throw failed
            }
            try closeFolder(folder, for: item)
        }
        try trimChain(to: 0, for: nil)
    }

    /// The descriptor of the folder `components` (created when missing, with the umask's default
    /// mode), reusing the open folders of the previous member's path.
    private func folder(_ components: ArraySlice<String>, for item: TreeItem) throws(ArchiveError) -> Int32 {
        var common = 0
        for (index, name) in components.enumerated() {
            guard index < chain.count, chain[index].name == name else { break }
            common += 1
        }
        try trimChain(to: common, for: item)
        for name in components.dropFirst(common) {
            let parent = chain.last?.fd ?? root
            var fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 && errno == ENOENT {
                guard mkdirat(parent, name, 0o775) == 0 || errno == EEXIST else {
                    throw failure("create the folder", item, errno, name: name)
                }
                fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            guard fd >= 0 else { throw failure("open the folder", item, errno, name: name) }
            chain.append((name, fd))
        }
        return chain.last?.fd ?? root
    }

    /// Closes the open folders past the first `count`.
    private func trimChain(to count: Int, for item: TreeItem?) throws(ArchiveError) {
        while chain.count > count {
            let (name, fd) = chain.removeLast()
            guard Glibc.close(fd) == 0 else {
                let code = errno
                guard let item else { throw .file(path: destination + "/" + name, reason: errnoText(code)) }
                throw failure("close the folder", item, code, name: name)
            }
        }
    }

    /// A new descriptor of the existing folder `components` (the caller closes it), opened one
    /// component at a time without following symlinks.
    private func openFolder(_ components: ArraySlice<String>, for item: TreeItem) throws(ArchiveError) -> Int32 {
        var fd = dup(root)
        guard fd >= 0 else { throw failure("open the folder", item, errno, name: ".") }
        for name in components {
            let next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            guard next >= 0 else {
                Glibc.close(fd)
                throw failure("open the folder", item, code, name: name)
            }
            try closeFolder(fd, for: item)
            fd = next
        }
        return fd
    }

    /// Closes a folder descriptor opened by `openFolder`; a failed `close` is a failure too.
    private func closeFolder(_ fd: Int32, for item: TreeItem) throws(ArchiveError) {
        guard Glibc.close(fd) == 0 else { throw failure("close a folder for", item, errno) }
    }

    /// The last component of `item`'s path (nil for none). Defence in depth: `StreamingChecks` has
    /// already refused `..` and the like; a path that is not plain names is refused here too.
    private func checkedName(_ item: TreeItem) throws(ArchiveError) -> String? {
        guard item.components.allSatisfy(Self.isPlainName) else {
            throw .writeFailed(archive: archive, member: item.member, reason: "the path is not plain names")
        }
        return item.components.last
    }

    /// A name to create inside a folder: not empty, `.` or `..`, and without `/` or NUL.
    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.utf8.contains(where: { $0 == 0x2F || $0 == 0 })
    }

    /// The error for a failed call on `item` (`name`: the folder on its path that failed).
    private func failure(_ what: String, _ item: TreeItem, _ code: Int32, name: String? = nil) -> ArchiveError {
        if code == ENOSPC || code == EDQUOT {
            return .noSpace(folder: parentFolder(of: destination), archive: archive, reason: errnoText(code))
        }
        var path = item.components
        if let name, let index = path.firstIndex(of: name) { path = Array(path[...index]) }
        let target = ([destination] + path).joined(separator: "/")
        return .writeFailed(archive: archive, member: item.member, reason: "cannot \(what) '\(target)': \(errnoText(code))")
    }
}
