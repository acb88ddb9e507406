@testable import PyManagerHTTP
import Glibc
import Testing

@Suite("Progress bar text")
struct ProgressTests {
    @Test("a known total shows bar, amounts, rate and ETA")
    func knownTotal() {
        let line = ProgressReporter.render(
            label: "x.tar.gz", done: 1 << 20, total: 4 << 20, bytesPerSecond: Double(1 << 20), width: 100)
        #expect(line == "x.tar.gz [#####...............]  1.0 MiB / 4.0 MiB  1.0 MiB/s  ETA 0:03")
    }

    @Test("an unknown total shows bytes and rate only")
    func unknownTotal() {
        let line = ProgressReporter.render(label: "feed", done: 1536, total: nil, bytesPerSecond: 512, width: 100)
        #expect(line == "feed  1.5 KiB  512 B/s")
    }

    @Test("a narrow terminal drops the bar and shortens the label", arguments: [20, 40, 60])
    func narrow(width: Int) {
        let line = ProgressReporter.render(
            label: "cpython-3.14.0-x86_64-unknown-linux-gnu-install_only.tar.gz", done: 10 << 20,
            total: 40 << 20, bytesPerSecond: Double(2 << 20), width: width)
        #expect(line.count <= width)
    }

    @Test("a quiet reporter is inactive")
    func quiet() {
        #expect(!ProgressReporter(label: "x", quiet: true).isActive)
    }
}

@Suite("Progress bar drawing")
struct ProgressDrawingTests {
    /// Reads everything written to the pipe's write end after it is closed.
    private func drain(_ fds: [Int32]) -> String {
        close(fds[1])
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        close(fds[0])
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("an active reporter redraws in place and clears the line at the end")
    func drawsAndClears() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let reporter = ProgressReporter(label: "a.bin", descriptor: fds[1], enabled: true, minimumInterval: 0)
        reporter.update(done: 0, total: 100)
        reporter.update(done: 50, total: 100)
        reporter.finish()
        let output = drain(fds)
        #expect(output.hasPrefix("\ra.bin [##########..........]  50 B / 100 B"))
        #expect(output.hasSuffix("\u{1B}[K\r\u{1B}[K"))
    }

    @Test("an inactive reporter writes nothing")
    func silent() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let reporter = ProgressReporter(label: "a.bin", descriptor: fds[1], enabled: false, minimumInterval: 0)
        reporter.update(done: 0, total: 100)
        reporter.update(done: 50, total: 100)
        reporter.finish()
        #expect(drain(fds) == "")
    }
}
