import Foundation
@testable import PyManagerHTTP
import TestSupport
import Testing

/// A server that answers 429 or 503 with `Retry-After` gets its wait (capped) before the retry.
@Suite("Retry-After on 429 and 503")
struct RetryAfterTests {
    @Test("the retry waits as long as Retry-After asks (seconds)", arguments: [429, 503])
    func waitsForRetryAfter(status: Int) throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = payload(5_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        // testClient's own back-off is 10 ms; the server asks for 2 s.
        try testClient(attempts: 3).download(
            server.url(for: "a.bin", route: .busy(status: status, retryAfter: "2", times: 1)), to: target)
        #expect(readBytes(target) == bytes)
        let times = server.requests().compactMap(\.time)
        try #require(times.count == 2)
        #expect(times[1] - times[0] >= 1.9, "waited \(times[1] - times[0]) s")
        #expect(times[1] - times[0] < 10)
    }

    @Test("an HTTP-date Retry-After is honoured for feeds too")
    func httpDate() throws {
        let server = try LoopbackServer()
        try server.write("{\"versions\": []}", to: "index.json")
        var when = time(nil) + 3
        var parts = tm()
        gmtime_r(&when, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        let date = String(cString: buffer)
        let body = try testClient(attempts: 2).get(
            server.url(for: "index.json", route: .busy(status: 503, retryAfter: date, times: 1)))
        #expect(String(decoding: body, as: UTF8.self) == "{\"versions\": []}")
        let times = server.requests().compactMap(\.time)
        try #require(times.count == 2)
        // The date has a one-second resolution: at least 2 s of the 3 remain.
        #expect(times[1] - times[0] >= 1.5, "waited \(times[1] - times[0]) s")
    }

    @Test("Retry-After is capped by the policy (60 s by default)")
    func capped() throws {
        let server = try LoopbackServer()
        try server.write("x", to: "a.bin")
        var client = testClient(attempts: 2)
        client.retry.maxRetryAfter = 1
        let start = Date()
        _ = try client.get(server.url(for: "a.bin", route: .busy(status: 429, retryAfter: "3600", times: 1)))
        let waited = Date().timeIntervalSince(start)
        #expect(waited >= 0.9 && waited < 5, "waited \(waited) s")
        #expect(RetryPolicy().maxRetryAfter == 60)
    }

    @Test("the policy uses Retry-After only for 429 and 503", arguments: [
        (429, 7.0, 7.0), (503, 7.0, 7.0), (500, 7.0, 0.5), (429, nil, 0.5), (503, 120.0, 60.0), (503, -5.0, 0.0),
    ] as [(Int, Double?, Double)])
    func policy(status: Int, retryAfter: Double?, expected: Double) {
        let error = HTTPError.httpStatus(url: "https://example.org/x", code: status)
        #expect(RetryPolicy().delay(after: 1, error: error, retryAfter: retryAfter) == expected)
    }

    @Test("Retry-After values: delay-seconds, HTTP-dates, garbage", arguments: [
        ("120", 120.0), (" 5\r\n", 5.0), ("0", 0.0), ("Thu, 01 Jan 1970 00:01:40 GMT", 0.0),
        ("Thu, 01 Jan 1970 00:03:20 GMT", 100.0), ("soon", nil), ("", nil), ("-3", nil),
    ] as [(String, Double?)])
    func parsing(value: String, expected: Double?) {
        #expect(retryAfterSeconds(value, now: 100) == expected)
    }
}
