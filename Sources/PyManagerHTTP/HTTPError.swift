/// Why a request or download failed. Cases carry data, not text; `description` is the message.
///
/// URLs are kept as given; `description` strips any `user:password@` part before showing them.
public enum HTTPError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The host name did not resolve (DNS failure, typo, or no network).
    case hostNotFound(url: String)
    /// Nothing accepted the connection (server down, wrong port, firewall rejecting).
    case connectionRefused(url: String)
    /// The connection could not be made in time, or the transfer stalled.
    case timedOut(url: String)
    /// The server answered with an HTTP error status (>= 400).
    case httpStatus(url: String, code: Int)
    /// The server's certificate could not be verified; `detail` is curl's own text.
    case tlsCertificate(url: String, host: String, detail: String)
    /// A transient failure persisted through every attempt; `lastError` is the final one.
    indirect case tooManyRetries(url: String, attempts: Int, lastError: HTTPError)
    /// More redirects than the client allows.
    case tooManyRedirects(url: String, limit: Int)
    /// Any other libcurl failure: its `CURLcode` and message (from the error buffer or `curl_easy_strerror`).
    case curl(url: String, code: Int, message: String)
    /// A local file could not be written, renamed or read; `reason` is the `errno` text.
    case file(path: String, reason: String)

    /// The error behind any retries: for `.tooManyRetries` its last error, otherwise `self`.
    public var rootCause: HTTPError {
        if case .tooManyRetries(_, _, let last) = self { return last.rootCause }
        return self
    }

    public var description: String {
        switch self {
        case .tooManyRetries(let url, let attempts, let last):
            let (reason, advice) = last.rootCause.reasonAndAdvice
            return "Could not download \(redacted(url)) after \(attempts) attempts: \(reason). \(advice)"
        case .file(let path, let reason):
            return "Could not write '\(path)': \(reason). Check free space and permissions."
        default:
            let (reason, advice) = reasonAndAdvice
            return "Could not download \(redacted(url)): \(reason). \(advice)"
        }
    }

    /// The URL the error is about ("" for `.file`).
    public var url: String {
        switch self {
        case .hostNotFound(let url), .connectionRefused(let url), .timedOut(let url), .httpStatus(let url, _),
            .tlsCertificate(let url, _, _), .tooManyRetries(let url, _, _), .tooManyRedirects(let url, _),
            .curl(let url, _, _):
            return url
        case .file:
            return ""
        }
    }

    /// What went wrong (no URL, no final period) and what to do next.
    private var reasonAndAdvice: (String, String) {
        switch self {
        case .hostNotFound(let url):
            return ("host '\(host(of: url))' was not found", "Check the URL and your network or DNS settings.")
        case .connectionRefused:
            return (
                "the connection was refused",
                "Check that the server is up, and set https_proxy if your network needs a proxy."
            )
        case .timedOut:
            return ("the connection timed out or stalled", "Check your network connection and try again.")
        case .httpStatus(_, let code):
            let advice =
                code == 404 || code == 410
                ? "Check the URL or the configured download source."
                : code >= 500 || code == 429 ? "The server had a problem; try again later." : "Check the URL and your access to it."
            return ("HTTP \(code)\(reasonPhrase(code))", advice)
        case .tlsCertificate(_, let host, let detail):
            return (
                "the certificate of '\(host)' could not be verified (\(detail))",
                "If a proxy or firewall inspects HTTPS on your network, give its CA bundle through SSL_CERT_FILE "
                    + "(a PEM file) or SSL_CERT_DIR (a hashed folder)."
            )
        case .tooManyRetries(_, _, let last):
            return last.rootCause.reasonAndAdvice
        case .tooManyRedirects(_, let limit):
            return ("more than \(limit) redirects", "Check the URL.")
        case .curl(_, let code, let message):
            return ("\(message) (curl error \(code))", "Check the URL and your network, then try again.")
        case .file(let path, let reason):
            return ("'\(path)': \(reason)", "Check free space and permissions.")
        }
    }
}

/// `url` with any `user:password@` userinfo removed, for messages and logs.
///
/// `https://u:p@host/x` → `https://host/x`.
public func redacted(_ url: String) -> String {
    guard let parts = URLParts(url), let at = parts.authority.lastIndex(of: "@") else { return url }
    return parts.scheme + String(parts.authority[parts.authority.index(after: at)...]) + parts.rest
}

/// The host part of `url` (no userinfo, no port), or the whole string when it has none.
func host(of url: String) -> String {
    guard let parts = URLParts(url) else { return url }
    var authority = parts.authority
    if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
    if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
        return String(authority[...close])
    }
    if let colon = authority.lastIndex(of: ":") { authority = authority[..<colon] }
    return String(authority)
}

/// `scheme://authority/rest` split into `scheme://`, `authority` and `/rest`.
private struct URLParts {
    var scheme: String
    var authority: Substring
    var rest: String

    init?(_ url: String) {
        let characters = Array(url)
        var index = 0
        while index + 2 < characters.count {
            if characters[index] == ":" && characters[index + 1] == "/" && characters[index + 2] == "/" { break }
            index += 1
        }
        guard index + 2 < characters.count else { return nil }
        let schemeEnd = url.index(url.startIndex, offsetBy: index + 3)
        scheme = String(url[..<schemeEnd])
        let tail = url[schemeEnd...]
        let authorityEnd = tail.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? tail.endIndex
        authority = tail[..<authorityEnd]
        rest = String(tail[authorityEnd...])
    }
}

private func reasonPhrase(_ code: Int) -> String {
    switch code {
    case 400: return " Bad Request"
    case 401: return " Unauthorized"
    case 403: return " Forbidden"
    case 404: return " Not Found"
    case 408: return " Request Timeout"
    case 410: return " Gone"
    case 416: return " Range Not Satisfiable"
    case 429: return " Too Many Requests"
    case 500: return " Internal Server Error"
    case 502: return " Bad Gateway"
    case 503: return " Service Unavailable"
    case 504: return " Gateway Timeout"
    default: return ""
    }
}
