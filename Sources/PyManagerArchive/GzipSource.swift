import CArchive
import Glibc

/// The decompressed stream of a gzip file, handed to libarchive through `archive_read_open`
/// callbacks, so libarchive sees a plain tar and parses it as before.
///
/// A third thread inflates (`GzipDecoder`) ahead into a few buffers while the caller's thread
/// parses and checks the headers and the `WriteQueue`'s thread writes: on two cores the three
/// overlap instead of inflating and parsing taking turns on one (bench/README.md). libarchive's
/// read callback contract is kept: a buffer handed out stays untouched until the next read.
/// Without a thread (pthread_create failed) each read inflates in place.
///
/// Errors are kept in `failure` (libarchive only learns that the read failed) and reported by the
/// reader with the archive's name.
final class GzipSource {
    private let decoder: GzipDecoder
    private let buffers: [UnsafeMutablePointer<UInt8>]
    private let bufferSize: Int
    private let monitor = Monitor()
    // Guarded by `monitor`:
    /// Decoded buffers in stream order: index and byte count.
    private var filled: [(index: Int, count: Int)] = []
    private var free: [Int]
    /// The decoder is done: the stream ended, or failed with `ending`.
    private var ended = false
    private var ending: String? = nil
    private var stopping = false
    // Owned by the reading (caller's) thread:
    /// The buffer libarchive holds until its next read.
    private var handed: Int? = nil
    private var thread: pthread_t? = nil

    /// Opens `path` if it is a gzip file; nil when it is not or cannot be opened (see `GzipDecoder`).
    init?(path: String, buffers count: Int = 4, bufferSize: Int = 256 << 10) {
        guard let decoder = GzipDecoder(path: path) else { return nil }
        self.decoder = decoder
        self.bufferSize = bufferSize
        buffers = (0..<count).map { _ in .allocate(capacity: bufferSize) }
        free = Array(buffers.indices)
        thread = startThread { [self] in produce() }
    }

    deinit {
        stop()
        for buffer in buffers { buffer.deallocate() }
    }

    /// Why the stream failed (read error, corrupt or truncated data), once the reader has met it.
    var failure: String? {
        guard thread != nil else { return decoder.failure }
        monitor.lock()
        defer { monitor.unlock() }
        return filled.isEmpty ? ending : nil
    }

    /// Hands this source to libarchive's `handle` as its input.
    func attach(to handle: OpaquePointer) -> Int32 {
        let context = Unmanaged.passUnretained(self).toOpaque()
        return archive_read_open(handle, context, nil, { _, context, buffer in
            guard let context, let buffer else { return -1 }
            let source = Unmanaged<GzipSource>.fromOpaque(context).takeUnretainedValue()
            guard let (bytes, count) = source.next() else { return la_ssize_t(ARCHIVE_FATAL) }
            buffer.pointee = UnsafeRawPointer(bytes)
            return la_ssize_t(count)
        }, nil)
    }

    /// The next decoded block and its size (0 at the end), or nil after a failure. The block stays
    /// valid until the next call; the one handed out before is given back to the decoder.
    func next() -> (UnsafeMutablePointer<UInt8>, Int)? {
        guard thread != nil else {
            return decoder.decode(into: buffers[0], size: bufferSize).map { (buffers[0], $0) }
        }
        monitor.lock()
        defer { monitor.unlock() }
        if let handed {
            free.append(handed)
            self.handed = nil
            monitor.broadcast()
        }
        while filled.isEmpty && !ended { monitor.wait() }
        guard filled.isEmpty else {
            let (index, count) = filled.removeFirst()
            handed = index
            return (buffers[index], count)
        }
        return ending == nil ? (buffers[0], 0) : nil
    }

    /// Decodes the rest of the stream (after the tar's end, libarchive reads no further) so that
    /// the last trailer is checked too; returns the failure, if any.
    func drain() -> String? {
        while let (_, count) = next(), count > 0 {}
        return failure
    }

    /// The decoding thread: fills free buffers in order until the stream ends, fails or `stop`.
    private func produce() {
        while true {
            monitor.lock()
            while free.isEmpty && !stopping { monitor.wait() }
            if stopping {
                monitor.unlock()
                return
            }
            let index = free.removeFirst()
            monitor.unlock()

            let count = decoder.decode(into: buffers[index], size: bufferSize)

            monitor.lock()
            let done = count == nil || count == 0
            if let count, count > 0 {
                filled.append((index, count))
            } else {
                free.append(index)
            }
            if done {
                ended = true
                ending = decoder.failure
            }
            monitor.broadcast()
            monitor.unlock()
            if done { return }
        }
    }

    /// Stops the decoding thread and waits for it. The owner calls it when done: until then the
    /// thread holds this source.
    func stop() {
        guard let thread else { return }
        monitor.lock()
        stopping = true
        monitor.broadcast()
        monitor.unlock()
        pthread_join(thread, nil)
        self.thread = nil
    }
}
