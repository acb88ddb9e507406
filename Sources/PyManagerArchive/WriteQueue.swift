import CArchive
import Glibc

/// Runs the disk writes of one extraction on a second thread, so decompression (the caller's
/// thread) and the file system work (this one) overlap, as uv does. Operations run strictly in the
/// order they are sent; everything about *what* is written was decided and checked before `send`.
///
/// At most `limit` bytes of file data wait in the queue; `send` blocks beyond that. The first
/// write failure is kept: later operations are dropped and the next `send` or `finish` throws it.
/// `finish` (or `cancel`) joins the thread; after either, the `TreeWriter` belongs to the caller
/// again. Without a thread (pthread_create failed) every operation runs inside `send`.
///
/// Example: `queue.send(.begin(item))`, then `.data(…)` blocks and `.finish(member:)`; at the end `finish()`.
final class WriteQueue {
    enum Operation {
        /// `TreeWriter.begin`: create a file, folder or hard link.
        case begin(TreeItem)
        /// A block of the current member's data, in memory allocated with `malloc` (freed here).
        case data(UnsafeMutableRawPointer, count: Int, offset: Int64, member: String)
        /// `TreeWriter.finish`: the file's size, time and `close`.
        case finish(member: String)
    }

    private let writer: TreeWriter
    private let archive: String
    private let limit: Int
    private let monitor = Monitor()
    // Guarded by `monitor`:
    private var pending: [Operation] = []
    private var pendingBytes = 0
    private var closed = false
    /// Set by `cancel`: the operations the thread has already taken are dropped too.
    private var cancelled = false
    private var failure: ArchiveError? = nil
    // Owned by the caller's thread:
    private var thread: pthread_t? = nil

    init(writer: TreeWriter, archive: String, limit: Int = 16 << 20) {
        self.writer = writer
        self.archive = archive
        self.limit = limit
        thread = startThread { [self] in work() }
    }

    deinit {
        for operation in pending { Self.release(operation) }
    }

    /// Queues `operation`, waiting while too much data is queued. Throws the first write failure.
    func send(_ operation: Operation) throws(ArchiveError) {
        guard thread != nil else {
            defer { Self.release(operation) }
            if let failure { throw failure }
            do {
                try perform(operation)
            } catch {
                failure = error
                throw error
            }
            return
        }
        monitor.lock()
        while failure == nil && pendingBytes >= limit { monitor.wait() }
        if let failure {
            monitor.unlock()
            Self.release(operation)
            throw failure
        }
        if case .data(_, let count, _, _) = operation { pendingBytes += count }
        pending.append(operation)
        monitor.broadcast()
        monitor.unlock()
    }

    /// Waits for every queued operation and joins the thread; throws the first write failure.
    func finish() throws(ArchiveError) {
        stop(dropPending: false)
        monitor.lock()
        let failure = failure
        monitor.unlock()
        if let failure { throw failure }
    }

    /// Drops what is still queued and joins the thread. Safe to call after `finish`.
    func cancel() {
        stop(dropPending: true)
    }

    private func stop(dropPending: Bool) {
        monitor.lock()
        closed = true
        if dropPending {
            cancelled = true
            for operation in pending { Self.release(operation) }
            pending = []
            pendingBytes = 0
        }
        monitor.broadcast()
        monitor.unlock()
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }

    /// The second thread: runs batches of operations until the queue is closed and empty.
    private func work() {
        while true {
            monitor.lock()
            while pending.isEmpty && !closed { monitor.wait() }
            if pending.isEmpty {
                monitor.unlock()
                return
            }
            let batch = pending
            pending = []
            pendingBytes = 0
            var failed = failure != nil
            monitor.broadcast()
            monitor.unlock()

            for operation in batch {
                defer { Self.release(operation) }
                if !failed, case .begin = operation {
                    monitor.lock()
                    failed = cancelled
                    monitor.unlock()
                }
                guard !failed else { continue }
                do {
                    try perform(operation)
                } catch {
                    failed = true
                    monitor.lock()
                    failure = error
                    monitor.broadcast()
                    monitor.unlock()
                }
            }
        }
    }

    private func perform(_ operation: Operation) throws(ArchiveError) {
        switch operation {
        case .begin(let item):
            try writer.begin(item)
        case .data(let bytes, let count, let offset, let member):
            try writer.write(bytes, count: count, offset: offset, member: member)
        case .finish(let member):
            try writer.finish(member: member)
        }
    }

    private static func release(_ operation: Operation) {
        if case .data(let bytes, _, _, _) = operation { free(bytes) }
    }
}
