import Foundation
import PyManagerHTTP
import TestSupport

/// libcurl reads proxy variables from the process environment; a CI machine with `http_proxy` set
/// must still reach the loopback server (and resolve `.invalid` itself), so those bypass any proxy.
private let loopbackBypassesProxy: Bool = {
    let existing = ProcessInfo.processInfo.environment["no_proxy"].map { $0 + "," } ?? ""
    return setenv("no_proxy", existing + "127.0.0.1,localhost,.invalid", 1) == 0
}()

/// A client with tiny back-off and timeouts so fault tests stay fast.
func testClient(attempts: Int = 3) -> HTTPClient {
    _ = loopbackBypassesProxy
    var client = HTTPClient(version: "9.9-test")
    client.retry = RetryPolicy(maxAttempts: attempts, initialDelay: 0.01, multiplier: 2, maxDelay: 0.05)
    client.connectTimeout = 5
    client.stallSeconds = 5
    return client
}

/// Deterministic, non-repeating-looking bytes so a misplaced range shows up as a content mismatch.
func payload(_ count: Int) -> [UInt8] {
    pseudoRandomBytes(count)
}

func readBytes(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { Array($0) }
}

func exists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
}

/// Runs `body` and returns the HTTPError it threw, or nil if it succeeded.
func httpError(_ body: () throws(HTTPError) -> Void) -> HTTPError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}
