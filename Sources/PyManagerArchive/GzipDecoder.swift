import CISAL
import Glibc

/// A gzip file decoded with ISA-L's igzip, one buffer at a time (see `GzipSource`, which runs it).
///
/// igzip inflates about twice as fast as zlib, which libarchive's own gzip filter uses; inflating
/// was the largest part of a `.tar.gz` install's CPU time (bench/README.md). The decoder checks
/// what libarchive's filter checks: each member's header, its CRC-32 and length in the trailer,
/// and a stream that ends before its last block is an error. Concatenated gzip members are read
/// one after another; bytes after the last member that do not start another are ignored, as
/// libarchive and gzip do.
final class GzipDecoder {
    /// Why the stream failed (read error, corrupt or truncated data), once it has.
    private(set) var failure: String? = nil

    private let fd: Int32
    private let state: UnsafeMutablePointer<inflate_state>
    private let input: UnsafeMutablePointer<UInt8>
    private let inputSize: Int
    private var inputEnded = false
    private var finished = false
    /// The failure is the file ending early (not corrupt data).
    private var truncated = false

    /// Opens `path` if it is a gzip file (it starts with the magic bytes 1f 8b); nil when it is not
    /// or cannot be opened (libarchive then opens it, or reports why it cannot).
    init?(path: String, inputSize: Int = 256 << 10) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var magic: (UInt8, UInt8) = (0, 0)
        let count = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        guard count == 2 && magic == (0x1f, 0x8b) else {
            Glibc.close(fd)
            return nil
        }
        self.fd = fd
        self.inputSize = inputSize
        state = .allocate(capacity: 1)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        input = .allocate(capacity: inputSize)
        state.pointee.next_in = input
        state.pointee.avail_in = 0
    }

    deinit {
        Glibc.close(fd)
        state.deallocate()
        input.deallocate()
    }

    /// Fills `output` (`size` bytes); returns the byte count (0 at the end), or nil after a failure.
    /// When the file ends early, what was decoded before is returned first, so libarchive reads up
    /// to the cut (as with its own gzip filter) and the next call fails; corrupt data and a CRC
    /// mismatch fail at once.
    func decode(into output: UnsafeMutablePointer<UInt8>, size: Int) -> Int? {
        guard failure == nil else { return nil }
        state.pointee.next_out = output
        state.pointee.avail_out = UInt32(size)
        inflate()
        let produced = size - Int(state.pointee.avail_out)
        return failure != nil && (produced == 0 || !truncated) ? nil : produced
    }

    /// Inflates into the output buffer until it is full, the stream ends or `failure` is set.
    private func inflate() {
        while state.pointee.avail_out > 0 && !finished {
            if state.pointee.avail_in == 0 && !inputEnded {
                guard refill() else { return }
            }
            let (outBefore, inBefore) = (state.pointee.avail_out, state.pointee.avail_in)
            let status = isal_inflate(state)
            if status < 0 {
                failure = Self.describe(status)
                return
            }
            if state.pointee.block_state == ISAL_BLOCK_FINISH {
                guard startNextMember() else { return }
            } else if state.pointee.avail_out == outBefore && state.pointee.avail_in == inBefore {
                // No progress: the decoder needs more input than there is.
                if inputEnded {
                    failure = "the gzip stream ends early (the file is truncated)"
                    truncated = true
                    return
                }
                guard refill() else { return }
            }
        }
    }

    /// After a member's trailer: starts the next member when the bytes that follow are one,
    /// otherwise ends the stream. False after a read error.
    private func startNextMember() -> Bool {
        // Two bytes tell whether another member follows.
        while state.pointee.avail_in < 2 && !inputEnded {
            guard refill() else { return false }
        }
        let next = state.pointee.next_in
        guard state.pointee.avail_in >= 2, let next, next[0] == 0x1f, next[1] == 0x8b else {
            finished = true
            return true
        }
        let (pending, count) = (next, state.pointee.avail_in)
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        state.pointee.next_in = pending
        state.pointee.avail_in = count
        return true
    }

    /// Reads more compressed bytes after the ones not yet consumed. False (with `failure`) on a read error.
    private func refill() -> Bool {
        var kept = Int(state.pointee.avail_in)
        if kept > 0, let pending = state.pointee.next_in, pending != input {
            memmove(input, pending, kept)
        }
        guard kept < inputSize else {
            failure = "the gzip data is corrupt (igzip made no progress)"
            return false
        }
        while true {
            let count = read(fd, input + kept, inputSize - kept)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                failure = "cannot read the archive: \(errnoText(errno))"
                return false
            }
            if count == 0 { inputEnded = true }
            kept += count
            break
        }
        state.pointee.next_in = input
        state.pointee.avail_in = UInt32(kept)
        return true
    }

    /// The text for an `isal_inflate` error status.
    static func describe(_ status: Int32) -> String {
        switch status {
        case ISAL_INCORRECT_CHECKSUM: return "the gzip data does not match its CRC-32 (the file is corrupt)"
        case ISAL_INVALID_WRAPPER, ISAL_UNSUPPORTED_METHOD: return "the gzip header is invalid"
        default: return "the gzip data is corrupt (igzip error \(status))"
        }
    }
}
