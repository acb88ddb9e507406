import Foundation
import PyManagerHTTP
import TestSupport
import Testing

@Suite("Network failures")
struct NetworkFailureTests {
    @Test("connection refused is reported as such, and retried")
    func connectionRefused() throws {
        let port = try LoopbackServer.unusedPort()
        let url = "http://127.0.0.1:\(port)/a.bin"
        let once = httpError { () throws(HTTPError) in _ = try testClient(attempts: 1).get(url) }
        #expect(once == .connectionRefused(url: url))
        #expect(once?.description.contains("refused") == true)

        let retried = httpError { () throws(HTTPError) in _ = try testClient(attempts: 2).get(url) }
        #expect(retried == .tooManyRetries(url: url, attempts: 2, lastError: .connectionRefused(url: url)))
    }

    @Test("an unresolvable host (.invalid, RFC 6761) is hostNotFound, not retried")
    func hostNotFound() {
        let url = "http://pymanager-test.invalid/a.bin"
        let error = httpError { () throws(HTTPError) in _ = try testClient(attempts: 3).get(url) }
        #expect(error == .hostNotFound(url: url))
        #expect(error?.description.contains("pymanager-test.invalid") == true)
    }

    @Test("a stalled transfer times out under the stall limit", .timeLimit(.minutes(1)))
    func stallTimeout() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        try server.write(Data(payload(20_000)), to: "slow.bin")
        var client = testClient(attempts: 1)
        client.stallBytesPerSecond = 5_000
        client.stallSeconds = 1
        let url = server.url(for: "slow.bin", route: .slow(bytesPerSecond: 200))
        let target = root.work + "/slow.bin"
        let error = httpError { () throws(HTTPError) in try client.download(url, to: target) }
        #expect(error == .timedOut(url: url))
        #expect(!exists(target))
    }

    @Test("credentials never appear in messages")
    func credentialsStripped() {
        let error = HTTPError.httpStatus(url: "https://user:secret@example.org/a.tar.gz", code: 404)
        #expect(!error.description.contains("secret"))
        #expect(error.description.contains("https://example.org/a.tar.gz"))
    }

    @Test(
        "redacted strips only userinfo",
        arguments: [
            ("https://u:p@host/x", "https://host/x"),
            ("https://host/x@y", "https://host/x@y"),
            ("http://u@h:8080/p?q=1", "http://h:8080/p?q=1"),
            ("file:///tmp/a", "file:///tmp/a"),
            ("not a url", "not a url"),
        ])
    func redactedTable(input: String, expected: String) {
        #expect(redacted(input) == expected)
    }
}
