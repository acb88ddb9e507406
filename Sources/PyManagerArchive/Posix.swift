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
