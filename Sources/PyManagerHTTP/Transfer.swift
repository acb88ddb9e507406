import CCurl
import Glibc

/// `curl_global_init` runs exactly once, on first use, whichever thread gets there first
/// (Swift initialises globals lazily and atomically).
private let curlGlobalInitResult: Int = Int(curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)

/// Where the body of a response goes.
enum Sink {
    /// Collected in memory, up to `limit` bytes.
    case memory(limit: Int)
    /// Written to an open `.partial` file whose first `resumeOffset` bytes are already present,
    /// and shown to `feed` (which has seen those first bytes) after each write.
    case file(PartialFile, resumeOffset: Int64, feed: ObserverFeed?)
}

/// What one attempt produced, before it is turned into an `HTTPError`.
struct TransferOutcome {
    /// The `CURLcode` of `curl_easy_perform`.
    var code: CURLcode
    /// The last HTTP status (0 for `file://`).
    var status: Int
    /// curl's error buffer text, or `curl_easy_strerror` when the buffer is empty.
    var message: String
    /// The URL after redirects.
    var effectiveURL: String
    /// A failure of ours inside the write callback (disk full, response too large).
    var sinkError: HTTPError?
    /// The server ignored or mangled our Range request and the file must start over.
    var mustRestart: Bool
    /// Bytes in memory (for `.memory` sinks).
    var body: [UInt8]
    /// The wait in seconds that a `Retry-After` header of the last response asked for.
    var retryAfter: Double? = nil
}

/// Per-transfer state the C callbacks reach through their `void *` context.
final class Receiver {
    let sink: Sink
    let handle: UnsafeMutableRawPointer
    let progress: ProgressReporter?
    var body: [UInt8] = []
    var resumeOffset: Int64
    var written: Int64 = 0
    var expectedTotal: Int64? = nil
    var startedBody = false
    var contentRangeStart: Int64? = nil
    var retryAfter: Double? = nil
    var error: HTTPError? = nil
    var mustRestart = false

    init(sink: Sink, handle: UnsafeMutableRawPointer, progress: ProgressReporter?) {
        self.sink = sink
        self.handle = handle
        self.progress = progress
        if case .file(_, let offset, _) = sink { resumeOffset = offset } else { resumeOffset = 0 }
    }

    /// Called for each header line; remembers the start of a `Content-Range` for the current response.
    func header(_ line: UnsafeRawBufferPointer) {
        let text = String(decoding: line, as: UTF8.self)
        let lower = text.lowercased()
        if lower.hasPrefix("http/") {
            contentRangeStart = nil  // a new response (e.g. after a redirect)
            retryAfter = nil
        } else if lower.hasPrefix("retry-after:") {
            retryAfter = retryAfterSeconds(String(text.dropFirst("retry-after:".count)), now: Double(time(nil)))
        } else if lower.hasPrefix("content-range:") {
            // Content-Range: bytes 100-999/1000
            let value = lower.dropFirst("content-range:".count).drop(while: { $0 == " " })
            if value.hasPrefix("bytes ") {
                let range = value.dropFirst("bytes ".count)
                if let dash = range.firstIndex(of: "-") {
                    contentRangeStart = Int64(range[..<dash])
                }
            }
        }
    }

    /// Called for each body chunk; returns false to make curl abort with CURLE_WRITE_ERROR.
    func receive(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if !startedBody {
            startedBody = true
            guard beginBody() else { return false }
        }
        switch sink {
        case .memory(let limit):
            guard body.count + chunk.count <= limit else {
                error = .curl(
                    url: currentURL(), code: Int(CURLE_FILESIZE_EXCEEDED.rawValue),
                    message: "the response is larger than \(limit) bytes")
                return false
            }
            body.append(contentsOf: chunk)
        case .file(let file, _, let feed):
            if let failure = file.write(chunk) {
                feed?.lost()
                error = .file(path: file.path, reason: errnoText(failure))
                return false
            }
            feed?.appended(chunk)
        }
        written += Int64(chunk.count)
        progress?.update(done: resumeOffset + written, total: expectedTotal)
        return true
    }

    /// Decides, on the first body byte, whether a resumed download appends or starts over.
    private func beginBody() -> Bool {
        var status = 0
        var code: Int = 0
        if pm_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK { status = code }
        var length: curl_off_t = -1
        _ = pm_curl_getinfo_offset(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length)
        if case .file(let file, _, let feed) = sink, resumeOffset > 0 {
            if status == 206 {
                // Appending is only right when the server resumed exactly where our file ends.
                guard contentRangeStart == resumeOffset else {
                    mustRestart = true
                    return false
                }
            } else {
                // 200 (the server ignored Range) or a non-HTTP scheme: the body is the whole file.
                do {
                    try file.truncate()
                } catch {
                    feed?.lost()
                    self.error = error
                    return false
                }
                feed?.restart()
                resumeOffset = 0
            }
        }
        expectedTotal = length >= 0 ? resumeOffset + Int64(length) : nil
        return true
    }

    private func currentURL() -> String {
        var pointer: UnsafePointer<CChar>? = nil
        guard pm_curl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &pointer) == CURLE_OK, let pointer else {
            return ""
        }
        return String(cString: pointer)
    }
}

private let writeCallback: pm_curl_data_callback = { data, size, count, context in
    guard let context else { return 0 }
    let receiver = Unmanaged<Receiver>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let chunk = UnsafeRawBufferPointer(start: data, count: length)
    return receiver.receive(chunk) ? length : 0
}

private let headerCallback: pm_curl_data_callback = { data, size, count, context in
    let length = size * count
    guard let context else { return length }
    let receiver = Unmanaged<Receiver>.fromOpaque(context).takeUnretainedValue()
    receiver.header(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

/// Owns one curl easy handle for one request; never shared between threads.
final class Transfer {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let url: String

    init(url: String) throws(HTTPError) {
        self.url = url
        guard curlGlobalInitResult == Int(CURLE_OK.rawValue) else {
            throw .curl(url: url, code: curlGlobalInitResult, message: "libcurl could not be initialised")
        }
        guard let handle = curl_easy_init() else {
            throw .curl(url: url, code: Int(CURLE_FAILED_INIT.rawValue), message: "could not create a curl handle")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Runs the request once with `client`'s settings and returns what happened.
    func perform(
        client: HTTPClient, sink: Sink, range: Int64?, compressed: Bool, progress: ProgressReporter?
    ) -> TransferOutcome {
        let receiver = Receiver(sink: sink, handle: handle, progress: progress)
        let context = Unmanaged.passUnretained(receiver).toOpaque()
        var setup = CURLE_OK
        func set(_ result: CURLcode) { if setup == CURLE_OK { setup = result } }

        set(pm_curl_setopt_string(handle, CURLOPT_URL, url))
        set(pm_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        // Worker threads must not get SIGALRM from the resolver's timeouts.
        set(pm_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set(pm_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https,file"))
        set(pm_curl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        set(pm_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1))
        set(pm_curl_setopt_long(handle, CURLOPT_MAXREDIRS, client.maxRedirects))
        set(pm_curl_setopt_string(handle, CURLOPT_USERAGENT, client.userAgent))
        set(pm_curl_setopt_long(handle, CURLOPT_FAILONERROR, 1))
        set(pm_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(client.connectTimeout * 1000)))
        set(pm_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, client.stallBytesPerSecond))
        set(pm_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, max(1, client.stallSeconds)))
        set(pm_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        // Proxies: nothing here sets CURLOPT_PROXY/NOPROXY, so libcurl reads http_proxy,
        // https_proxy, all_proxy and no_proxy from the environment itself.
        if let caFile = client.caFile { set(pm_curl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
        if let caDirectory = client.caDirectory { set(pm_curl_setopt_string(handle, CURLOPT_CAPATH, caDirectory)) }
        if compressed { set(pm_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")) }
        // Downloads: 256 KiB per read and per write callback instead of 16 KiB (fewer system calls).
        if case .file = sink { set(pm_curl_setopt_long(handle, CURLOPT_BUFFERSIZE, 256 << 10)) }
        if let range { set(pm_curl_setopt_string(handle, CURLOPT_RANGE, "\(range)-")) }
        set(pm_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, writeCallback))
        set(pm_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        set(pm_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, headerCallback))
        set(pm_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))

        let code = setup == CURLE_OK ? withExtendedLifetime(receiver) { curl_easy_perform(handle) } : setup

        var status = 0
        _ = pm_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafePointer<CChar>? = nil
        var effectiveURL = url
        if pm_curl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK, let effective {
            effectiveURL = String(cString: effective)
        }
        var message = String(cString: errorBuffer)
        if message.isEmpty { message = String(cString: curl_easy_strerror(code)) }
        return TransferOutcome(
            code: code, status: status, message: message, effectiveURL: effectiveURL,
            sinkError: receiver.error, mustRestart: receiver.mustRestart, body: receiver.body,
            retryAfter: receiver.retryAfter)
    }
}

extension TransferOutcome {
    /// The error for this outcome, or nil when the transfer succeeded.
    func error(for url: String, maxRedirects: Int) -> HTTPError? {
        if let sinkError { return sinkError }
        switch code {
        case CURLE_OK:
            return nil
        case CURLE_COULDNT_RESOLVE_HOST:
            return .hostNotFound(url: url)
        case CURLE_COULDNT_CONNECT:
            return .connectionRefused(url: url)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(url: url)
        case CURLE_HTTP_RETURNED_ERROR:
            return .httpStatus(url: url, code: status)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .tlsCertificate(url: url, host: host(of: effectiveURL), detail: message)
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects(url: url, limit: maxRedirects)
        default:
            return .curl(url: url, code: Int(code.rawValue), message: message)
        }
    }
}

/// The wait a `Retry-After` value asks for, in seconds from `now` (Unix time): delay-seconds
/// (`120`) or an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`, parsed by libcurl). Nil when it is
/// neither; a date in the past means no wait.
func retryAfterSeconds(_ value: String, now: Double) -> Double? {
    let trimmed = value.filter { !$0.isNewline }.drop(while: { $0 == " " || $0 == "\t" })
    let text = String(trimmed.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    guard !text.isEmpty else { return nil }
    if text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) { return Double(text) }
    let date = curl_getdate(text, nil)
    guard date >= 0 else { return nil }
    return max(0, Double(date) - now)
}
