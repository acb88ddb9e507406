import PyManagerHTTP
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
