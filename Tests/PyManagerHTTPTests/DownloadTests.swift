import Foundation
import PyManagerHTTP
import TestSupport
import Testing

@Suite("Downloads against a real loopback server")
struct DownloadTests {
    @Test("get returns the body and sends the pymanager-linux user agent")
    func getReturnsBody() throws {
        let server = try LoopbackServer()
        try server.write("{\"versions\": []}", to: "index.json")
        let body = try testClient().get(server.url(for: "index.json"))
        #expect(String(decoding: body, as: UTF8.self) == "{\"versions\": []}")
        #expect(server.requests().map(\.userAgent) == ["pymanager-linux/9.9-test"])
    }

    @Test("download writes the file and leaves no .partial behind")
    func downloadWritesFile() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = payload(200_000)
        try server.write(Data(bytes), to: "python.tar.gz")
        let target = root.work + "/python.tar.gz"
        try testClient().download(server.url(for: "python.tar.gz"), to: target, progress: nil)
        #expect(readBytes(target) == bytes)
        #expect(!exists(target + ".partial"))
    }

    @Test("404 fails at once with the URL in the message and leaves nothing behind")
    func notFound() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let url = server.url(for: "missing.tar.gz")
        let target = root.work + "/missing.tar.gz"
        let error = httpError { () throws(HTTPError) in try testClient().download(url, to: target) }
        #expect(error == .httpStatus(url: url, code: 404))
        #expect(error?.description.contains(url) == true)
        #expect(error?.description.contains("HTTP 404") == true)
        #expect(server.requests().count == 1, "4xx must not be retried")
        #expect(!exists(target) && !exists(target + ".partial"))
    }

    @Test("4xx other than 408/429 is not retried; 429 is", arguments: [(403, 1), (410, 1), (429, 3), (408, 3), (503, 3)])
    func retryByStatus(code: Int, expectedRequests: Int) throws {
        let server = try LoopbackServer()
        let url = server.url(for: "x", route: .status(code))
        let error = httpError { () throws(HTTPError) in _ = try testClient(attempts: 3).get(url) }
        #expect(error?.rootCause == .httpStatus(url: url, code: code))
        #expect(server.requests().count == expectedRequests)
    }

    @Test("500 twice then success: retried and downloaded")
    func flakyThenSuccess() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = payload(10_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        try testClient(attempts: 3).download(server.url(for: "a.bin", route: .flaky(failures: 2)), to: target)
        #expect(readBytes(target) == bytes)
        #expect(server.requests().count == 3)
    }

    @Test("persistent 500 ends in tooManyRetries naming the attempts")
    func flakyBeyondAttempts() throws {
        let server = try LoopbackServer()
        try server.write("x", to: "a.bin")
        let url = server.url(for: "a.bin", route: .flaky(failures: 10))
        let error = httpError { () throws(HTTPError) in _ = try testClient(attempts: 3).get(url) }
        #expect(error == .tooManyRetries(url: url, attempts: 3, lastError: .httpStatus(url: url, code: 500)))
        #expect(error?.description.contains("after 3 attempts") == true)
    }

    @Test("a connection dropped mid-file is resumed with a Range request")
    func dropThenResume() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = payload(100_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        try testClient().download(server.url(for: "a.bin", route: .drop(afterBytes: 30_000)), to: target)
        #expect(readBytes(target) == bytes)
        let log = server.requests()
        #expect(log.map(\.range) == [nil, "bytes=30000-"])
    }

    @Test("an existing .partial from an earlier run is resumed")
    func resumeExistingPartial() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = payload(50_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        try Data(bytes[..<12_345]).write(to: URL(fileURLWithPath: target + ".partial"))
        try testClient().download(server.url(for: "a.bin"), to: target)
        #expect(readBytes(target) == bytes)
        #expect(server.requests().map(\.range) == ["bytes=12345-"])
    }

    @Test("a 200 reply to a range request restarts the file instead of appending")
    func rangeIgnoredRestarts() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = payload(50_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        try Data(bytes[..<1_000]).write(to: URL(fileURLWithPath: target + ".partial"))
        try testClient().download(server.url(for: "a.bin", route: .ignoreRange), to: target)
        #expect(readBytes(target) == bytes)
        #expect(server.requests().map(\.range) == ["bytes=1000-"])
    }

    @Test("a 416 reply (stale, too long .partial) restarts with a plain request")
    func rangeNotSatisfiableRestarts() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = payload(5_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        try Data(payload(9_000)).write(to: URL(fileURLWithPath: target + ".partial"))
        try testClient().download(server.url(for: "a.bin"), to: target)
        #expect(readBytes(target) == bytes)
        #expect(server.requests().map(\.range) == ["bytes=9000-", nil])
    }

    @Test("a redirect is followed; a redirect loop stops at the limit")
    func redirects() throws {
        let server = try LoopbackServer()
        try server.write("moved", to: "dir/a.txt")
        let body = try testClient().get(server.url(for: "dir/a.txt", route: .redirect))
        #expect(String(decoding: body, as: UTF8.self) == "moved")

        var client = testClient()
        client.maxRedirects = 3
        let loop = server.baseURL + "/redirect-loop"
        let error = httpError { () throws(HTTPError) in _ = try client.get(loop) }
        #expect(error == .tooManyRedirects(url: loop, limit: 3))
    }

    @Test("file:// URLs download too, and a missing file is an error")
    func fileURL() throws {
        let root = try TempRoot()
        let bytes = payload(3_000)
        let source = root.work + "/source.bin"
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        let target = root.work + "/copy.bin"
        try testClient().download("file://" + source, to: target)
        #expect(readBytes(target) == bytes)

        let missing = "file://" + root.work + "/nope.bin"
        let error = httpError { () throws(HTTPError) in try testClient().download(missing, to: root.work + "/x") }
        guard case .curl(let url, _, _)? = error else {
            Issue.record("expected a curl error, got \(String(describing: error))")
            return
        }
        #expect(url == missing)
    }

    @Test("several downloads run concurrently from one client")
    func parallelDownloads() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let names = (0..<6).map { "file\($0).bin" }
        for (index, name) in names.enumerated() { try server.write(Data(payload(40_000 + index)), to: name) }
        let client = testClient()
        let urls = names.map { server.url(for: $0, route: .drop(afterBytes: 10_000)) }
        let targets = names.map { root.work + "/" + $0 }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            do {
                try client.download(urls[index], to: targets[index])
            } catch {
                failures.add("\(urls[index]): \(error)")
            }
        }
        #expect(failures.all.isEmpty)
        for (index, target) in targets.enumerated() { #expect(readBytes(target) == payload(40_000 + index)) }
    }
}

/// Collects failures from concurrent workers.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
