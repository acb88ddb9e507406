import Glibc

/// The text for an `errno` value, e.g. "No space left on device". Thread-safe.
func errnoText(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard strerror_r(code, &buffer, buffer.count) == 0 else { return "errno \(code)" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Seconds on the monotonic clock; only differences are meaningful.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Sleeps for `seconds` (restarting after signals).
func sleepSeconds(_ seconds: Double) {
    guard seconds > 0 else { return }
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) == -1 && errno == EINTR {
        request = remaining
    }
}

/// An open file descriptor for the `.partial` download file, closed in `deinit`.
final class PartialFile {
    let path: String
    let descriptor: Int32

    /// Opens (creating if needed) `path` for writing without truncating it.
    init(path: String) throws(HTTPError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .file(path: path, reason: errnoText(errno)) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// The current size of the file in bytes.
    func size() throws(HTTPError) -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .file(path: path, reason: errnoText(errno)) }
        return Int64(info.st_size)
    }

    /// Empties the file and positions writes at its start.
    func truncate() throws(HTTPError) {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw .file(path: path, reason: errnoText(errno))
        }
    }

    /// Positions writes at the end of the file and returns that offset.
    func seekToEnd() throws(HTTPError) -> Int64 {
        let offset = lseek(descriptor, 0, SEEK_END)
        guard offset >= 0 else { throw .file(path: path, reason: errnoText(errno)) }
        return Int64(offset)
    }

    /// Writes all of `bytes`, or returns the `errno` of the failure.
    func write(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return nil }
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Reads the file's first `length` bytes back, in blocks of at most 1 MiB, through a separate
    /// read-only descriptor (the file is open write-only). Fails if the file is shorter.
    func readPrefix(_ length: Int64, _ body: (UnsafeRawBufferPointer) -> Void) throws(HTTPError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .file(path: path, reason: errnoText(errno)) }
        defer { close(fd) }
        let block = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: block, alignment: 16)
        defer { buffer.deallocate() }
        var done: Int64 = 0
        while done < length {
            let count = read(fd, buffer.baseAddress, Int(min(Int64(block), length - done)))
            if count < 0 {
                if errno == EINTR { continue }
                throw .file(path: path, reason: errnoText(errno))
            }
            guard count > 0 else { throw .file(path: path, reason: "the file shrank while being read") }
            body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            done += Int64(count)
        }
    }

    /// Flushes the data to disk before the rename that publishes it.
    func sync() throws(HTTPError) {
        guard fsync(descriptor) == 0 else { throw .file(path: path, reason: errnoText(errno)) }
    }
}

/// Renames `from` to `to` atomically (same file system).
func renameFile(_ from: String, _ to: String) throws(HTTPError) {
    guard rename(from, to) == 0 else { throw .file(path: to, reason: errnoText(errno)) }
}
