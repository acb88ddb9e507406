import Foundation
import Glibc
import PyManagerHTTP
import TestSupport
import Testing

/// What a `DownloadObserver` was shown: the bytes since the last restart, and how many restarts.
final class ObservedBytes {
    var bytes: [UInt8] = []
    var restarts = 0
    /// Calls of `data` since the last restart.
    var chunks = 0

    var observer: DownloadObserver {
        DownloadObserver(
            restart: { [self] in
                bytes = []
                chunks = 0
                restarts += 1
            },
            data: { [self] chunk in
                bytes.append(contentsOf: chunk)
                chunks += 1
            })
    }
}

/// A one-file HTTP/1.0 server on 127.0.0.1 that mishandles Range requests on purpose:
/// `.ignoreRange` answers 200 with the whole file; `.wrongStart` answers 206 from byte 0.
/// Requests without Range get a plain 200. Records each request's Range header.
final class RangeMishandlingServer: @unchecked Sendable {
    enum Mode { case ignoreRange, wrongStart }

    let port: Int
    private let listener: Int32
    private let body: [UInt8]
    private let mode: Mode
    private let lock = NSLock()
    private var ranges: [String?] = []

    init(body: [UInt8], mode: Mode) throws {
        self.body = body
        self.mode = mode
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard fd >= 0, bound == 0, named == 0, listen(fd, 8) == 0 else {
            if fd >= 0 { close(fd) }
            throw TestSupportError("could not listen on 127.0.0.1")
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    var url: String { "http://127.0.0.1:\(port)/file.bin" }

    func requestedRanges() -> [String?] {
        lock.withLock { ranges }
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            answer(connection)
            close(connection)
        }
    }

    private func answer(_ connection: Int32) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.suffix(4).elementsEqual("\r\n\r\n".utf8) {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            request += buffer[..<count]
        }
        let range = String(decoding: request, as: UTF8.self).split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("range:") }
            .map { String($0.dropFirst("range:".count)).trimmingCharacters(in: .whitespaces) }
        lock.withLock { ranges.append(range) }
        var head: String
        if range != nil && mode == .wrongStart {
            head = "HTTP/1.0 206 Partial Content\r\nContent-Range: bytes 0-\(body.count - 1)/\(body.count)\r\n"
        } else {
            head = "HTTP/1.0 200 OK\r\n"
        }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let response = Array(head.utf8) + body
        var offset = 0
        while offset < response.count {
            let written = response[offset...].withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            offset += written
        }
    }
}

@Suite("DownloadObserver sees exactly the downloaded file")
struct DownloadObserverTests {
    /// libcurl reads proxy variables from the environment; the loopback servers must bypass any proxy.
    /// Set once (lazily, atomically), before any client of this suite exists.
    static let loopbackBypassesProxy: Bool = {
        let existing = getenv("no_proxy").map { String(cString: $0) } ?? ""
        guard !existing.contains("127.0.0.1") else { return true }
        return setenv("no_proxy", existing.isEmpty ? "127.0.0.1" : existing + ",127.0.0.1", 1) == 0
    }()

    static func client() -> HTTPClient {
        _ = loopbackBypassesProxy
        var client = HTTPClient(version: "9.9-test")
        client.retry = RetryPolicy(maxAttempts: 3, initialDelay: 0.01, multiplier: 2, maxDelay: 0.05)
        client.connectTimeout = 5
        client.stallSeconds = 5
        return client
    }

    /// Deterministic bytes that do not repeat, so a misplaced range shows.
    static func payload(_ count: Int, seed: UInt32 = 2_463_534_242) -> [UInt8] {
        pseudoRandomBytes(count, seed: seed)
    }

    static func readBytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    @Test("a plain download: one restart first, then every byte in order")
    func plainDownload() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = Self.payload(300_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        let seen = ObservedBytes()
        try Self.client().download(server.url(for: "a.bin"), to: target, observer: seen.observer)
        #expect(Self.readBytes(target) == bytes)
        #expect(seen.bytes == bytes)
        #expect(seen.restarts == 1)
    }

    @Test("an existing .partial is read back and shown before the resumed bytes")
    func resumedPartialIsFedFirst() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = Self.payload(50_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        try Data(bytes[..<12_345]).write(to: URL(fileURLWithPath: target + ".partial"))
        let seen = ObservedBytes()
        try Self.client().download(server.url(for: "a.bin"), to: target, observer: seen.observer)
        #expect(server.requests().map(\.range) == ["bytes=12345-"])
        #expect(Self.readBytes(target) == bytes)
        #expect(seen.bytes == bytes)
        #expect(seen.restarts == 1)
    }

    @Test("a stale .partial of another file: the observer sees the same (wrong) bytes as the file")
    func stalePartialIsObservedAsIs() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = Self.payload(50_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        let stale = Self.payload(12_345, seed: 99)
        try Data(stale).write(to: URL(fileURLWithPath: target + ".partial"))
        let seen = ObservedBytes()
        try Self.client().download(server.url(for: "a.bin"), to: target, observer: seen.observer)
        let file = try #require(Self.readBytes(target))
        #expect(file == stale + bytes[12_345...])
        #expect(seen.bytes == file, "a hash of what was observed detects the stale prefix")
    }

    @Test("a dropped connection is resumed without reading the file back")
    func dropThenResume() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = Self.payload(100_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        let seen = ObservedBytes()
        try Self.client().download(
            server.url(for: "a.bin", route: .drop(afterBytes: 30_000)), to: target, observer: seen.observer)
        #expect(server.requests().map(\.range) == [nil, "bytes=30000-"])
        #expect(Self.readBytes(target) == bytes)
        #expect(seen.bytes == bytes)
        #expect(seen.restarts == 1, "the observer had seen the first 30000 bytes already")
    }

    @Test("a 200 reply to a range request restarts the observer with the file",
          arguments: [RangeMishandlingServer.Mode.ignoreRange, .wrongStart])
    func rangeMishandledRestarts(mode: RangeMishandlingServer.Mode) throws {
        let root = try TempRoot()
        let bytes = Self.payload(200_000)
        let server = try RangeMishandlingServer(body: bytes, mode: mode)
        let target = root.work + "/a.bin"
        try Data(Self.payload(1_000, seed: 7)).write(to: URL(fileURLWithPath: target + ".partial"))
        let seen = ObservedBytes()
        try Self.client().download(server.url, to: target, observer: seen.observer)
        #expect(Self.readBytes(target) == bytes)
        #expect(seen.bytes == bytes)
        #expect(seen.restarts == 2, "once at the start (after the .partial's bytes), once when the file starts over")
        #expect(server.requestedRanges() == (mode == .ignoreRange ? ["bytes=1000-"] : ["bytes=1000-", nil]))
    }

    @Test("a 416 reply (stale .partial longer than the file) restarts the observer")
    func rangeNotSatisfiableRestarts() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = Self.payload(5_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        try Data(Self.payload(9_000, seed: 5)).write(to: URL(fileURLWithPath: target + ".partial"))
        let seen = ObservedBytes()
        try Self.client().download(server.url(for: "a.bin"), to: target, observer: seen.observer)
        #expect(server.requests().map(\.range) == ["bytes=9000-", nil])
        #expect(Self.readBytes(target) == bytes)
        #expect(seen.bytes == bytes)
        #expect(seen.restarts == 2)
    }

    @Test("a file:// download with a leftover .partial starts over, and so does the observer")
    func fileURLStartsOver() throws {
        let root = try TempRoot()
        let bytes = Self.payload(70_000)
        let source = root.work + "/source.bin"
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        let target = root.work + "/a.bin"
        try Data(Self.payload(3_000, seed: 3)).write(to: URL(fileURLWithPath: target + ".partial"))
        let seen = ObservedBytes()
        try Self.client().download("file://" + source, to: target, observer: seen.observer)
        #expect(Self.readBytes(target) == bytes)
        #expect(seen.bytes == bytes)
        #expect(seen.restarts == 1)
    }

    @Test("a .partial larger than the read-back block (1 MiB) is fed in full")
    func largePartial() throws {
        let server = try LoopbackServer()
        let root = try TempRoot()
        let bytes = Self.payload(2_500_000)
        try server.write(Data(bytes), to: "a.bin")
        let target = root.work + "/a.bin"
        try Data(bytes[..<2_300_000]).write(to: URL(fileURLWithPath: target + ".partial"))
        let seen = ObservedBytes()
        try Self.client().download(server.url(for: "a.bin"), to: target, observer: seen.observer)
        #expect(server.requests().map(\.range) == ["bytes=2300000-"])
        #expect(seen.bytes == bytes)
        #expect(Self.readBytes(target) == bytes)
    }
}
