import Glibc

/// A one-line progress bar on stderr: bytes done/total, rate and ETA.
///
/// Redrawn at most 10 times a second and cleared by `finish()`. Silent when stderr is not a
/// terminal or `quiet` is set. One reporter belongs to one download on one thread; for
/// concurrent downloads give each its own (their lines would interleave) or pass none.
public final class ProgressReporter {
    private let label: String
    private let enabled: Bool
    private let descriptor: Int32
    private var startTime: Double?
    private var startDone: Int64 = 0
    private var lastDraw: Double = 0
    private var drewSomething = false
    private let minimumInterval: Double

    /// A reporter showing `label` (e.g. the file name); inactive if `quiet` or stderr is not a tty.
    public convenience init(label: String, quiet: Bool = false) {
        self.init(label: label, descriptor: 2, enabled: !quiet && isatty(2) == 1, minimumInterval: 0.1)
    }

    /// For tests: draws to `descriptor` when `enabled`, at most once per `minimumInterval` seconds.
    init(label: String, descriptor: Int32, enabled: Bool, minimumInterval: Double) {
        self.label = label
        self.descriptor = descriptor
        self.enabled = enabled
        self.minimumInterval = minimumInterval
    }

    /// Whether this reporter draws anything.
    public var isActive: Bool { enabled }

    /// Reports `done` bytes of `total` (nil when unknown). Cheap when throttled or inactive.
    public func update(done: Int64, total: Int64?) {
        guard enabled else { return }
        let now = monotonicSeconds()
        guard let start = startTime else {
            startTime = now
            startDone = done
            return
        }
        guard now - lastDraw >= minimumInterval else { return }
        lastDraw = now
        let elapsed = now - start
        let rate = elapsed > 0 ? Double(done - startDone) / elapsed : 0
        let line = Self.render(label: label, done: done, total: total, bytesPerSecond: rate, width: terminalWidth())
        emit("\r" + line + "\u{1B}[K")
        drewSomething = true
    }

    /// Clears the line; call once when the transfer ends (success or not).
    public func finish() {
        guard enabled, drewSomething else { return }
        emit("\r\u{1B}[K")
        drewSomething = false
    }

    /// The bar text for the given state, at most `width` columns.
    ///
    /// `render(label: "x.tar.gz", done: 1 << 20, total: 4 << 20, bytesPerSecond: 1 << 20, width: 80)`
    /// → `x.tar.gz [#####...............]  1.0 MiB / 4.0 MiB  1.0 MiB/s  ETA 0:03`.
    public static func render(label: String, done: Int64, total: Int64?, bytesPerSecond: Double, width: Int) -> String {
        let rate = bytesPerSecond > 0 ? "  \(formatBytes(Int64(bytesPerSecond)))/s" : ""
        var amounts = formatBytes(done)
        var eta = ""
        var fraction: Double? = nil
        if let total, total > 0 {
            amounts += " / \(formatBytes(total))"
            fraction = min(1, max(0, Double(done) / Double(total)))
            if bytesPerSecond > 0 && done < total {
                let seconds = Int((Double(total - done) / bytesPerSecond).rounded(.up))
                eta = "  ETA " + formatDuration(seconds)
            }
        }
        let tail = "  \(amounts)\(rate)\(eta)"
        var bar = ""
        if let fraction {
            let barWidth = 20
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            bar = " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]"
        }
        let full = label + bar + tail
        guard full.count > width, width > 0 else { return full }
        // Too wide: drop the bar, then shorten the label.
        let withoutBar = label + tail
        if withoutBar.count <= width { return withoutBar }
        let room = width - tail.count
        if room > 1 { return String(label.prefix(room - 1)) + "…" + tail }
        return String(tail.prefix(width))
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) - 1 }
        return 79
    }

    private func emit(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
    }
}

/// `1536` → `1.5 KiB`; `12` → `12 B`.
func formatBytes(_ count: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(count)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    if unit == 0 { return "\(count) B" }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
}

/// `75` → `1:15`; `3725` → `1:02:05`.
func formatDuration(_ seconds: Int) -> String {
    let h = seconds / 3600
    let m = (seconds % 3600) / 60
    let s = seconds % 60
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
}
