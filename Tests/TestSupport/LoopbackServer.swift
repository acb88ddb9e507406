import Foundation

/// A real HTTP (or HTTPS) server on 127.0.0.1, on an ephemeral port, serving the folder `root`.
///
/// Runs `http.server` in a python3 child process. Routes (`path` is relative to `root`):
/// - `/<path>`: the file, with `Range: bytes=N-` / `N-M` support (206, or 416 past the end).
/// - `/status/<code>/<anything>`: always answers `<code>`.
/// - `/flaky/<n>/<path>`: 500 for the first `n` requests of that URL, then the file.
/// - `/busy/<code>/<retry-after>/<n>/<path>`: `<code>` (429 or 503) with `Retry-After: <retry-after>`
///   for the first `n` requests of that URL, then the file.
/// - `/drop/<bytes>/<path>`: first request: full `Content-Length` but the connection closes after
///   `<bytes>` bytes; later requests: the file, honouring Range (to test resume).
/// - `/slow/<path>`, `/slow/<bytesPerSecond>/<path>`: trickles the body (default 100 B/s).
/// - `/redirect/<path>`: 302 to `/<path>`. `/redirect-loop`: 302 to itself, forever.
/// - `/corrupt/<path>`: the file with its last byte flipped (a wrong-hash download).
/// - `/norange/<path>`: the file, ignoring any Range header (a 200 reply to a range request).
///
/// Every request is logged before it is answered; read the log with `requests()`.
/// `stop()` (or deinit) ends the process and removes the folder. Usage:
/// ```swift
/// let server = try LoopbackServer()
/// try server.write("hello", to: "a.txt")
/// let url = server.url(for: "a.txt", route: .flaky(failures: 2))
/// ```
public final class LoopbackServer: @unchecked Sendable {
    /// How a file is served; see the type's documentation.
    public enum Route: Sendable, Equatable {
        case file
        case status(Int)
        case flaky(failures: Int)
        case busy(status: Int, retryAfter: String, times: Int)
        case drop(afterBytes: Int)
        case slow(bytesPerSecond: Int?)
        case redirect
        case corrupt
        case ignoreRange

        func prefix() -> String {
            switch self {
            case .file: return ""
            case .status(let code): return "status/\(code)/"
            case .flaky(let failures): return "flaky/\(failures)/"
            case .busy(let status, let retryAfter, let times):
                let value = retryAfter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? retryAfter
                return "busy/\(status)/\(value)/\(times)/"
            case .drop(let bytes): return "drop/\(bytes)/"
            case .slow(let rate): return rate.map { "slow/\($0)/" } ?? "slow/"
            case .redirect: return "redirect/"
            case .corrupt: return "corrupt/"
            case .ignoreRange: return "norange/"
            }
        }
    }

    /// One logged request.
    public struct Request: Decodable, Equatable, Sendable {
        public var method: String
        /// The request target as sent, e.g. `/drop/100/a.bin`.
        public var path: String
        /// The `Range` header, e.g. `bytes=100-`, if any.
        public var range: String?
        public var userAgent: String?
        /// When the server received it (seconds on its monotonic clock).
        public var time: Double?
    }

    /// The served folder; files written here are served at `url(for:)`.
    public let root: String
    /// The port the server actually bound.
    public let port: Int
    /// `http` or `https`.
    public let scheme: String
    private let workDirectory: String
    private let logPath: String
    private let process: Process
    private let stdinPipe: Pipe
    private let lock = NSLock()
    private var stopped = false

    /// Starts the server and waits (polling, up to `startTimeout` seconds) until its port is bound.
    ///
    /// With `tls`, serves HTTPS with that certificate. Throws `TestSupportError` if python3 is
    /// missing or the server does not come up.
    public init(tls: TLSIdentity? = nil, startTimeout: Double = 20) throws {
        let fileManager = FileManager.default
        workDirectory = fileManager.temporaryDirectory.appendingPathComponent("loopback-\(UUID().uuidString)").path
        root = workDirectory + "/root"
        logPath = workDirectory + "/requests.jsonl"
        try fileManager.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = fileManager.createFile(atPath: logPath, contents: nil)
        let scriptPath = workDirectory + "/server.py"
        let portPath = workDirectory + "/port"
        try loopbackServerScript.write(toFile: scriptPath, atomically: true, encoding: .utf8)

        scheme = tls == nil ? "http" : "https"
        process = Process()
        process.executableURL = URL(fileURLWithPath: try resolveExecutable("python3", environment: nil))
        var arguments = [scriptPath, root, portPath, logPath]
        if let tls { arguments += [tls.certificatePath, tls.keyPath] }
        process.arguments = arguments
        stdinPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = FileHandle.nullDevice
        let errorPath = workDirectory + "/stderr"
        _ = fileManager.createFile(atPath: errorPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()

        let deadline = Date().addingTimeInterval(startTimeout)
        var found: Int? = nil
        while found == nil {
            if let text = try? String(contentsOfFile: portPath, encoding: .utf8), let value = Int(text) {
                found = value
                break
            }
            if !process.isRunning || Date() > deadline { break }
            usleep(10_000)
        }
        guard let found else {
            let log = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            process.terminate()
            try? fileManager.removeItem(atPath: workDirectory)
            throw TestSupportError("the loopback server did not start within \(startTimeout)s: \(log)")
        }
        port = found
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port>/<route prefix><path>`; `path` is relative to `root`.
    public func url(for path: String, route: Route = .file) -> String {
        let relative = path.hasPrefix("/") ? String(path.dropFirst()) : path
        return "\(baseURL)/\(route.prefix())\(relative)"
    }

    /// `http://127.0.0.1:<port>` (no trailing slash).
    public var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }

    /// Writes `contents` to `root/relativePath` (creating folders) and returns the absolute path.
    @discardableResult
    public func write(_ contents: Data, to relativePath: String) throws -> String {
        let path = root + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes the UTF-8 `text` to `root/relativePath`; see `write(_:to:)`.
    @discardableResult
    public func write(_ text: String, to relativePath: String) throws -> String {
        try write(Data(text.utf8), to: relativePath)
    }

    /// Every request received so far, in arrival order.
    public func requests() -> [Request] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(Request.self, from: Data($0.utf8)) }
    }

    /// Stops the server and removes its folder. Safe to call twice.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        try? stdinPipe.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: workDirectory)
    }

    /// A loopback port that nothing listens on (bound, read back, closed), for "connection refused".
    public static func unusedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw TestSupportError("bind() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
