import CCurl
import Glibc

/// How transient failures are retried: attempt `n` (from 1) that fails waits
/// `min(initialDelay * multiplier^(n-1), maxDelay)` seconds before attempt `n+1`.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts including the first; 1 means no retry.
    public var maxAttempts: Int
    /// Seconds before the first retry.
    public var initialDelay: Double
    /// Growth factor of the delay per attempt.
    public var multiplier: Double
    /// Upper bound of any delay, in seconds.
    public var maxDelay: Double

    /// The longest `Retry-After` honoured, in seconds; a longer request waits this long.
    public var maxRetryAfter: Double

    public init(
        maxAttempts: Int = 4, initialDelay: Double = 0.5, multiplier: Double = 2, maxDelay: Double = 8,
        maxRetryAfter: Double = 60
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait after failed attempt `attempt` (1-based) that ended with `error`: the server's
    /// `Retry-After` (capped at `maxRetryAfter`) on a 429 or 503 that sent one, else the back-off.
    public func delay(after attempt: Int, error: HTTPError, retryAfter: Double?) -> Double {
        if case .httpStatus(_, let code) = error, code == 429 || code == 503, let retryAfter {
            return min(max(0, retryAfter), maxRetryAfter)
        }
        return delay(after: attempt)
    }

    /// The back-off after failed attempt `attempt` (1-based).
    public func delay(after attempt: Int) -> Double {
        var delay = initialDelay
        for _ in 1..<max(1, attempt) { delay *= multiplier }
        return min(delay, maxDelay)
    }
}

/// Sees every byte of a download in file order, as it is written to the `.partial` file: for
/// hashing while downloading. PyManagerHTTP has no hash of its own; the caller brings one.
///
/// `HTTPClient.download` calls `restart()` first, and again whenever the file starts over from its
/// first byte (a 200 reply to a range request, a 416, a 206 from the wrong offset, a leftover
/// `.partial` of a `file://` URL), then `data` with the bytes in order. When it resumes a `.partial`
/// it reads the bytes already there back from disk and passes them to `data` first (after a retry
/// within the same call it does so only if the observer's view and the file differ). So on success
/// the bytes passed since the last `restart()` are exactly the downloaded file. After a failure the
/// observer's state means nothing; a later `download` call starts it over with `restart()`.
/// Both closures run on the thread that called `download`, never concurrently.
///
/// ```swift
/// var hasher = SHA256()
/// let observer = DownloadObserver(restart: { hasher = SHA256() }, data: { hasher.update(bufferPointer: $0) })
/// try client.download(url, to: path, observer: observer)
/// let digest = hasher.finalize()
/// ```
public struct DownloadObserver {
    /// Forget everything seen so far: the file starts over from its first byte.
    public var restart: () -> Void
    /// The next bytes of the file, valid only during the call.
    public var data: (UnsafeRawBufferPointer) -> Void

    public init(restart: @escaping () -> Void, data: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.restart = restart
        self.data = data
    }
}

/// A `DownloadObserver` and how much of the `.partial` file it has seen.
final class ObserverFeed {
    private let observer: DownloadObserver
    /// Bytes passed to the observer since its last `restart()`: the file's first `seen` bytes.
    /// nil when unknown (before the first attempt, after a failed write).
    private var seen: Int64? = nil

    init(_ observer: DownloadObserver) {
        self.observer = observer
    }

    /// Brings the observer to the file's first `length` bytes: nothing to do when it has seen
    /// exactly those, otherwise `restart()` and the bytes read back from `file`.
    func catchUp(with file: PartialFile, length: Int64) throws(HTTPError) {
        if seen == length { return }
        restart()
        guard length > 0 else { return }
        let observer = observer
        try file.readPrefix(length) { observer.data($0) }
        seen = length
    }

    /// The file was truncated to nothing.
    func restart() {
        observer.restart()
        seen = 0
    }

    /// `bytes` were appended to the file.
    func appended(_ bytes: UnsafeRawBufferPointer) {
        observer.data(bytes)
        seen = seen.map { $0 + Int64(bytes.count) }
    }

    /// A write failed part-way: what the file holds is no longer known.
    func lost() {
        seen = nil
    }
}

/// Downloads over HTTP(S) and `file://` with libcurl: retries, resume, redirects, timeouts, progress.
///
/// A value type holding only settings; every call makes its own curl easy handle, so one client
/// can be used from several threads at once (e.g. to download several archives concurrently).
/// Certificate verification is always on; `caFile`/`caDirectory` replace the system CA store.
/// Proxies come from `http_proxy`/`https_proxy`/`all_proxy`/`no_proxy`, read by libcurl itself.
///
/// ```swift
/// let client = HTTPClient(version: "0.1", environment: ["SSL_CERT_FILE": "/etc/ssl/corp-ca.pem"])
/// let feed = try client.get("https://example.org/index.json")
/// try client.download(url, to: "/tmp/x.tar.gz", progress: ProgressReporter(label: "x.tar.gz"))
/// ```
public struct HTTPClient: Sendable {
    /// Sent as `User-Agent`, e.g. `pymanager-linux/0.1`.
    public var userAgent: String
    /// Seconds allowed to establish a connection (including TLS).
    public var connectTimeout: Double = 30
    /// A transfer slower than `stallBytesPerSecond` for `stallSeconds` (at least 1) is aborted as timed out.
    public var stallBytesPerSecond: Int = 1
    /// See `stallBytesPerSecond`.
    public var stallSeconds: Int = 60
    /// Redirects followed before giving up with `.tooManyRedirects`.
    public var maxRedirects: Int = 10
    /// How transient failures (refused or reset connections, timeouts, HTTP 408/429/5xx) are retried.
    public var retry: RetryPolicy = RetryPolicy()
    /// A PEM bundle of trusted CAs (`SSL_CERT_FILE`); nil uses libcurl's default store.
    public var caFile: String?
    /// A hashed directory of trusted CAs (`SSL_CERT_DIR`); nil uses libcurl's default.
    public var caDirectory: String?
    /// The largest body `get` accepts, in bytes.
    public var maxGetBytes: Int = 64 << 20
    /// Whether `download` flushes the finished file to disk (`fsync`) before renaming it into place.
    /// A caller that checks the file's hash before every use (so a file torn by a crash is only
    /// downloaded again) can turn this off: on a 34 MB archive the flush costs about 90 ms on ext4.
    public var syncsDownloads: Bool = true

    /// A client identifying as `pymanager-linux/<version>`, trusting the CAs named by
    /// `SSL_CERT_FILE` / `SSL_CERT_DIR` in `environment` (empty values are ignored).
    public init(version: String, environment: [String: String] = [:]) {
        userAgent = "pymanager-linux/\(version)"
        caFile = environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        caDirectory = environment["SSL_CERT_DIR"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Fetches `url` into memory (for feeds and other small documents), with retries.
    ///
    /// Accepts compressed responses. Throws `HTTPError` (e.g. `.httpStatus(url:code: 404)`).
    public func get(_ url: String) throws(HTTPError) -> [UInt8] {
        let hint = RetryHint()
        return try withRetries(url, hint: hint) { () throws(HTTPError) -> [UInt8] in
            let transfer = try Transfer(url: url)
            let outcome = transfer.perform(
                client: self, sink: .memory(limit: maxGetBytes), range: nil, compressed: true, progress: nil)
            hint.retryAfter = outcome.retryAfter
            if let error = outcome.error(for: url, maxRedirects: maxRedirects) { throw error }
            return outcome.body
        }
    }

    /// Downloads `url` to `path`, through `path + ".partial"` which is renamed into place on success.
    ///
    /// 1. An existing `.partial` (from an earlier interrupted call) is resumed with `Range: bytes=N-`.
    /// 2. A 206 reply starting at N is appended; a 200 reply (Range ignored) starts the file over;
    ///    a 416 reply starts over with a plain request.
    /// 3. Transient failures are retried per `retry`, each retry resuming what was already received.
    /// 4. On failure the `.partial` file is kept so a later call can resume; `path` is untouched.
    /// 5. On success the file is flushed to disk before the rename, unless `syncsDownloads` is false.
    ///
    /// The caller verifies the file's hash: a stale `.partial` from another file cannot be detected here.
    /// To hash without reading the file again, pass an `observer` (see `DownloadObserver`): when
    /// `download` returns, the bytes it was given since its last `restart()` are exactly the file at
    /// `path`, including the part a resumed `.partial` already held (`download` reads that back and
    /// feeds it first; the caller does nothing special for resumes).
    /// Throws `HTTPError`; `.file` when the `.partial` cannot be read, written or renamed.
    public func download(
        _ url: String, to path: String, progress: ProgressReporter? = nil, observer: DownloadObserver? = nil
    ) throws(HTTPError) {
        let partialPath = path + ".partial"
        let resumable = url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://")
        defer { progress?.finish() }
        let feed = observer.map(ObserverFeed.init)
        do {
            try downloadAttempts(
                url, partialPath: partialPath, to: path, resumable: resumable, progress: progress, feed: feed)
        } catch {
            // An empty `.partial` holds nothing worth resuming; don't leave it behind.
            var info = stat()
            if stat(partialPath, &info) == 0 && info.st_size == 0 { unlink(partialPath) }
            throw error
        }
    }

    private func downloadAttempts(
        _ url: String, partialPath: String, to path: String, resumable: Bool, progress: ProgressReporter?,
        feed: ObserverFeed?
    ) throws(HTTPError) {
        let hint = RetryHint()
        try withRetries(url, hint: hint) { () throws(HTTPError) -> Void in
            let file = try PartialFile(path: partialPath)
            var restarted = false
            while true {
                var offset = try file.seekToEnd()
                if offset > 0 && !resumable {
                    try file.truncate()
                    offset = 0
                }
                // The observer must have seen the file's first `offset` bytes before new ones arrive.
                try feed?.catchUp(with: file, length: offset)
                let transfer = try Transfer(url: url)
                let outcome = transfer.perform(
                    client: self, sink: .file(file, resumeOffset: offset, feed: feed), range: offset > 0 ? offset : nil,
                    compressed: false, progress: progress)
                let error = outcome.error(for: url, maxRedirects: maxRedirects)
                hint.retryAfter = outcome.retryAfter
                let rangeRejected = offset > 0 && (outcome.mustRestart || error == .httpStatus(url: url, code: 416))
                if rangeRejected && !restarted {
                    restarted = true
                    try file.truncate()
                    continue
                }
                if let error { throw error }
                if syncsDownloads { try file.sync() }
                try renameFile(partialPath, path)
                return
            }
        }
    }

    /// Runs `body` until it succeeds, a permanent error occurs, or `retry.maxAttempts` is used up.
    /// Between attempts it waits per `retry`, for as long as the last response's `Retry-After`
    /// (which `body` leaves in `hint`) asks when that response was a 429 or 503.
    private func withRetries<T>(
        _ url: String, hint: RetryHint, _ body: () throws(HTTPError) -> T
    ) throws(HTTPError) -> T {
        var attempt = 1
        while true {
            hint.retryAfter = nil
            do {
                return try body()
            } catch {
                guard error.isTransient else { throw error }
                guard attempt < retry.maxAttempts else {
                    throw attempt == 1 ? error : .tooManyRetries(url: url, attempts: attempt, lastError: error)
                }
                sleepSeconds(retry.delay(after: attempt, error: error, retryAfter: hint.retryAfter))
                attempt += 1
            }
        }
    }
}

extension HTTPError {
    /// Whether trying again may help: refused/reset connections, timeouts, HTTP 408, 429 and 5xx.
    /// Other 4xx, DNS failures, certificate and local file errors are permanent.
    public var isTransient: Bool {
        switch self {
        case .connectionRefused, .timedOut:
            return true
        case .httpStatus(_, let code):
            return code >= 500 || code == 408 || code == 429
        case .curl(_, let code, _):
            let transient: [CURLcode] = [
                CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
                CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_SSL_CONNECT_ERROR,
            ]
            return transient.contains { Int($0.rawValue) == code }
        case .hostNotFound, .tlsCertificate, .tooManyRetries, .tooManyRedirects, .file:
            return false
        }
    }
}

/// The `Retry-After` of an attempt's last response, handed from the attempt to `withRetries`.
final class RetryHint {
    var retryAfter: Double?
}
