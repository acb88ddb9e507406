import Glibc

/// The text for an `errno` value, e.g. "No space left on device". Thread-safe.
func errnoText(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard strerror_r(code, &buffer, buffer.count) == 0 else { return "errno \(code)" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Makes sure `path` is an empty directory, creating it (not its parents) if missing.
/// Returns whether it was created, so a failed extraction can put things back as they were.
func prepareEmptyDirectory(_ path: String) throws(ArchiveError) -> Bool {
    if mkdir(path, 0o755) == 0 { return true }
    let code = errno
    guard code == EEXIST else { throw .file(path: path, reason: errnoText(code)) }
    guard let directory = opendir(path) else { throw .file(path: path, reason: errnoText(errno)) }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { throw .destinationNotEmpty(path: path) }
    }
    return false
}

/// The canonical absolute path of an existing `path` (no symlinks, no `..`).
func canonicalPath(_ path: String) throws(ArchiveError) -> String {
    guard let resolved = realpath(path, nil) else { throw .file(path: path, reason: errnoText(errno)) }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// Removes everything inside the directory `path` without following symlinks, making
/// read-only folders writable first. Best effort: used to clean up after a failure.
func removeContents(of path: String) {
    guard let directory = opendir(path) else { return }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    closedir(directory)
    for name in names {
        let child = path + "/" + name
        var info = stat()
        guard lstat(child, &info) == 0 else { continue }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            chmod(child, 0o700)
            removeContents(of: child)
            rmdir(child)
        } else {
            unlink(child)
        }
    }
}

/// The names in the directory `path`, without `.` and `..`.
func directoryNames(_ path: String) throws(ArchiveError) -> [String] {
    guard let directory = opendir(path) else { throw .file(path: path, reason: errnoText(errno)) }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

/// Strips the common top folder: moves the children of `root/top`, the only entry of `root`, up
/// into `root` and removes the then empty `root/top`.
///
/// `root/top` is first renamed to a name none of its children has (a child may be called `top`),
/// and made writable (it is discarded). A child folder without owner write permission is made
/// writable for its move (moving a folder rewrites its `..`) and given its mode back. `rename(2)`
/// keeps every moved entry's permissions and times.
func hoistChildren(of top: String, into root: String) throws(ArchiveError) {
    let names = try directoryNames(root + "/" + top)
    let taken = Set(names)
    var scratch = ".pymanager-strip"
    var suffix = 0
    while taken.contains(scratch) || scratch == top {
        suffix += 1
        scratch = ".pymanager-strip-\(suffix)"
    }
    let holder = root + "/" + scratch
    try renameItem(root + "/" + top, holder)
    guard chmod(holder, 0o700) == 0 else { throw .file(path: holder, reason: errnoText(errno)) }
    for name in names {
        try moveItem(holder + "/" + name, root + "/" + name)
    }
    guard rmdir(holder) == 0 else { throw .file(path: holder, reason: errnoText(errno)) }
}

/// `rename(2)`, retried with owner write permission for a read-only folder that changes parent.
private func moveItem(_ from: String, _ to: String) throws(ArchiveError) {
    if rename(from, to) == 0 { return }
    let code = errno
    var info = stat()
    guard code == EACCES, lstat(from, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
        throw .file(path: from, reason: errnoText(code))
    }
    let mode = info.st_mode & 0o7777
    guard chmod(from, mode | S_IWUSR) == 0 else { throw .file(path: from, reason: errnoText(errno)) }
    try renameItem(from, to)
    guard chmod(to, mode) == 0 else { throw .file(path: to, reason: errnoText(errno)) }
}

private func renameItem(_ from: String, _ to: String) throws(ArchiveError) {
    guard rename(from, to) == 0 else { throw .file(path: from, reason: errnoText(errno)) }
}
