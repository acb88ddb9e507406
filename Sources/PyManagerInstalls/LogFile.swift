import Glibc
import PyManagerCore

/// A command's log file in `logs_dir` (DESIGN.md "Linux mapping"): every
/// message of the command at every level, each line stamped with the UTC
/// time, whatever `-q`/`-v` shows on the terminal. Lines from parallel
/// downloads are written whole, one `write` each, under a lock.
public final class LogFile: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private var mutex = pthread_mutex_t()

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
        pthread_mutex_init(&mutex, nil)
    }

    deinit {
        close(fd)
        pthread_mutex_destroy(&mutex)
    }

    /// Creates a new log for `command` in `folder` (made if missing), then
    /// deletes the oldest logs there beyond `LogFileName.kept`.
    ///
    /// - Throws: `PosixError` when the folder or file cannot be created.
    public static func create(in folder: String, command: String) throws(PosixError) -> LogFile {
        try Posix.makeDirectories(folder)
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        let utc = [parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec].map(Int.init)
        let path = Path.join(folder, LogFileName.make(command: command, utc: utc, pid: Int(getpid())))
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw PosixError("create the log file", path) }
        for name in LogFileName.expired(Posix.listDirectory(folder)) {
            try? Posix.removeFile(Path.join(folder, name))
        }
        return LogFile(path: path, fd: fd)
    }

    /// Appends `message` (each of its lines) with a timestamp and `level`
    /// (`DEBUG`, `INFO`, `WARNING`, `ERROR`).
    public func write(_ message: String, level: String = "INFO") {
        let stamp = LogFile.timestamp()
        var text = ""
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "\(stamp) \(level) \(line)\n"
        }
        var bytes = Array(text.utf8)
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, base + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// The current UTC time with milliseconds: `2026-12-06T21:30:00.123Z`.
    static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let pad = LogFileName.zeroPadded
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))."
            + "\(pad(spec.tv_nsec / 1_000_000, 3))Z"
    }
}
