import PyManagerCore
import Glibc

/// Thin wrappers over libc for the launch path and the installer. Every
/// failure becomes a `PosixError` carrying the path and `strerror` text.
///
/// Foundation is kept off this path on purpose: it costs milliseconds at the
/// start of every Python launch (STYLE.md §9).
public struct PosixError: Error, Equatable, CustomStringConvertible, Sendable {
    public var operation: String
    public var path: String
    public var code: Int32

    public init(_ operation: String, _ path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var message: String { String(cString: strerror(code)) }
    public var description: String { "Could not \(operation) \(path): \(message)." }
}

public enum Posix {
    /// The whole file, or `nil` when it does not exist or cannot be read.
    public static func readFile(_ path: String) -> [UInt8]? {
        try? readFileOrThrow(path)
    }

    public static func readFileOrThrow(_ path: String) throws(PosixError) -> [UInt8] {
        var result: [UInt8] = []
        try readChunks(path, chunkSize: 65536, sizeHint: { result.reserveCapacity($0) }) { result.append(contentsOf: $0) }
        return result
    }

    /// Reads a file block by block, handing each block to `body` (for
    /// hashing large archives without holding them in memory).
    public static func readChunks(
        _ path: String, chunkSize: Int, sizeHint: (Int) -> Void = { _ in }, _ body: (UnsafeRawBufferPointer) -> Void
    ) throws(PosixError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PosixError("read", path) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, st.st_size > 0 { sizeHint(Int(st.st_size)) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PosixError("read", path)
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }

    public enum FileKind { case file, directory, symlink, other }

    /// The kind of file at `path`, following symlinks unless `followLinks` is false.
    public static func kind(_ path: String, followLinks: Bool = true) -> FileKind? {
        var st = stat()
        let rc = followLinks ? stat(path, &st) : lstat(path, &st)
        guard rc == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
    public static func isDirectory(_ path: String) -> Bool { kind(path) == .directory }

    /// A regular file the current user may execute.
    public static func isExecutableFile(_ path: String) -> Bool {
        kind(path) == .file && access(path, X_OK) == 0
    }

    /// Names in a folder, without `.` and `..`; empty when it cannot be read.
    public static func listDirectory(_ path: String) -> [String] {
        (try? listDirectoryOrThrow(path)) ?? []
    }

    /// The names in the folder `path` (without `.` and `..`); throws when it cannot be read.
    public static func listDirectoryOrThrow(_ path: String) throws(PosixError) -> [String] {
        guard let dir = opendir(path) else { throw PosixError("read folder", path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The canonical absolute path, resolving symlinks; `nil` if it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    public static func currentDirectory() -> String {
        guard let p = getcwd(nil, 0) else { return "/" }
        defer { free(p) }
        return String(cString: p)
    }

    public static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let n = readlink(path, &buffer, 4096)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The running binary's own path (`/proc/self/exe`).
    public static func executablePath() -> String? { readLink("/proc/self/exe") }

    /// Creates `path` and its parents; succeeds when it already exists.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(PosixError) {
        if isDirectory(path) { return }
        let parent = Path.directory(of: path)
        if parent != path && parent != "." && !isDirectory(parent) { try makeDirectories(parent, mode: mode) }
        if mkdir(path, mode) != 0 && errno != EEXIST { throw PosixError("create folder", path) }
    }

    /// Writes `bytes` to a temporary file beside `path`, then renames it over
    /// `path`, so readers see the old content or the new, never half.
    public static func writeFileAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(PosixError) {
        let temp = "\(path).tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw PosixError("write", temp) }
        do {
            try writeAll(fd, bytes, path: temp)
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        if fsync(fd) != 0 || close(fd) != 0 {
            let e = PosixError("write", temp)
            unlink(temp)
            throw e
        }
        try rename(temp, to: path)
    }

    /// Copies a regular file's bytes to `to` with `mode` (not atomic; callers rename).
    public static func copyFile(_ from: String, to: String, mode: mode_t) throws(PosixError) {
        let bytes = try readFileOrThrow(from)
        let fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw PosixError("write", to) }
        defer { close(fd) }
        try writeAll(fd, bytes, path: to)
        if fchmod(fd, mode) != 0 { throw PosixError("set permissions of", to) }
    }

    /// Writes every byte to `fd`, retrying short writes and interrupts.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(PosixError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PosixError("write", path)
            }
            offset += n
        }
    }

    public static func rename(_ from: String, to: String) throws(PosixError) {
        if Glibc.rename(from, to) != 0 { throw PosixError("rename \(from) to", to) }
    }

    public static func removeFile(_ path: String) throws(PosixError) {
        if unlink(path) != 0 && errno != ENOENT { throw PosixError("remove", path) }
    }

    public static func symlink(target: String, at path: String) throws(PosixError) {
        if Glibc.symlink(target, path) != 0 { throw PosixError("create link", path) }
    }

    /// Removes a folder tree without following symlinks out of it.
    ///
    /// `allowedRoots` is the safety net for "never delete outside
    /// install_dir, global_dir or download_dir": a path outside all of them
    /// is refused.
    public static func removeTree(_ path: String, allowedRoots: [String]) throws(PosixError) {
        let normalized = Path.normalize(path)
        guard allowedRoots.contains(where: { Path.isInside(normalized, $0) && Path.normalize($0) != normalized }) else {
            throw PosixError("remove (outside install_dir, global_dir and download_dir)", path, code: EPERM)
        }
        try removeTreeUnchecked(normalized)
    }

    /// Removes what it can, so that a second call after a transient failure finishes the job;
    /// throws the first failure.
    private static func removeTreeUnchecked(_ path: String) throws(PosixError) {
        switch kind(path, followLinks: false) {
        case nil: return
        case .directory?:
            var failure: PosixError? = nil
            for name in listDirectory(path) {
                do {
                    try removeTreeUnchecked(path + "/" + name)
                } catch {
                    if failure == nil { failure = error }
                }
            }
            if let failure { throw failure }
            if rmdir(path) != 0 && errno != ENOENT { throw PosixError("remove", path) }
        default:
            if unlink(path) != 0 && errno != ENOENT { throw PosixError("remove", path) }
        }
    }

    /// The process environment as a dictionary.
    public static func environment() -> [String: String] {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") {
                env[String(s[..<eq])] = String(s[s.index(after: eq)...])
            }
            p += 1
        }
        return env
    }

    /// Replaces this process with `path`, passing `arguments` (argv[0] first)
    /// and `environment` additions. Returns only on failure.
    public static func exec(_ path: String, arguments: [String], setEnvironment: [String: String] = [:]) -> PosixError {
        for (k, v) in setEnvironment { setenv(k, v, 1) }
        fflush(nil)
        var cArgs: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArgs.append(nil)
        execv(path, &cArgs)
        // ETXTBSY: another process (typically a child forked elsewhere before its own exec) still
        // holds the file open for writing; that passes within milliseconds, so try a few more times.
        var attempts = 0
        while errno == ETXTBSY && attempts < 20 {
            attempts += 1
            usleep(10_000)
            execv(path, &cArgs)
        }
        let error = PosixError("start", path)
        for p in cArgs { free(p) }
        return error
    }

    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Runs `path` with `arguments` (argv[0] first) as a child sharing our
    /// stdin/stdout/stderr, and waits: the child's exit status (128 + signal
    /// when it was killed).
    public static func spawnAndWait(_ path: String, arguments: [String]) throws(PosixError) -> Int32 {
        fflush(nil)
        var cArgs: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArgs.append(nil)
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, nil, nil, &cArgs, environ)
        guard rc == 0 else { throw PosixError("start", path, code: rc) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw PosixError("wait for", path) }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Holds an exclusive `flock` on a lock file until `release` is called.
    public final class Lock {
        private var fd: Int32

        /// Waits for the lock; `onWait` is called once if someone else holds it.
        public init(path: String, onWait: () -> Void = {}) throws(PosixError) {
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw PosixError("open lock file", path) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                onWait()
                while flock(fd, LOCK_EX) != 0 {
                    if errno != EINTR {
                        let e = PosixError("lock", path)
                        close(fd)
                        throw e
                    }
                }
            }
        }

        public func release() {
            if fd >= 0 {
                flock(fd, LOCK_UN)
                close(fd)
                fd = -1
            }
        }

        deinit { release() }
    }
}

extension Posix {
    /// Writes text to stderr (messages, warnings).
    public static func printError(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
