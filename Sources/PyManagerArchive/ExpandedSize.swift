import Glibc

/// About how many bytes the archive at `path` expands to, read from its container without
/// decompressing it; nil when the container does not say.
///
/// - `.tar.gz`: the gzip trailer's ISIZE (the tar stream's size modulo 4 GiB, so it may be low,
///   never high);
/// - `.tar.zst`: the frames' content sizes, found by walking the block headers (nil when a frame
///   does not record its size, as `zstd` writing to a pipe does not);
/// - `.tar.xz`: the uncompressed sizes in the last stream's index;
/// - `.zip`: the uncompressed sizes in the central directory (not ZIP64);
/// - plain `.tar`: the file's size.
///
/// For a tar the figure is the tar stream's size, which is a little more than the members' data.
/// It is used to refuse an archive up front, before anything is written.
public func expandedSizeEstimate(archive path: String) -> Int64? {
    guard let file = ArchiveFile(path: path) else { return nil }
    let magic = file.bytes(at: 0, count: 6)
    if magic.starts(with: [0x1f, 0x8b]) { return file.gzipSize() }
    if magic.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return file.zstdSize() }
    if magic.starts(with: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) { return file.xzSize() }
    if magic.starts(with: [0x50, 0x4b]) { return file.zipSize() }
    if file.bytes(at: 257, count: 5) == Array("ustar".utf8) { return file.size }
    return nil
}

/// Random-access reads of an archive file (pread), for the container parsers below.
private final class ArchiveFile {
    let fd: Int32
    let size: Int64

    init?(path: String) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            Glibc.close(fd)
            return nil
        }
        size = Int64(info.st_size)
    }

    deinit { Glibc.close(fd) }

    /// Up to `count` bytes at `offset` (fewer at the end of the file or on an error). The count is
    /// bounded by the file's size first: a container field may claim gigabytes.
    func bytes(at offset: Int64, count requested: Int) -> [UInt8] {
        guard offset >= 0, offset < size, requested > 0 else { return [] }
        let count = Int(min(Int64(requested), size - offset))
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            filled += n
        }
        return Array(buffer[..<filled])
    }

    func gzipSize() -> Int64? {
        let trailer = bytes(at: size - 4, count: 4)
        guard trailer.count == 4 else { return nil }
        return Int64(littleEndian(trailer, 0, 4))
    }

    func zstdSize() -> Int64? {
        var offset: Int64 = 0
        var total: Int64 = 0
        while offset < size {
            let head = bytes(at: offset, count: 18)
            guard head.count >= 5 else { return nil }
            let magic = littleEndian(head, 0, 4)
            if magic & 0xFFFF_FFF0 == 0x184D_2A50 {  // a skippable frame
                guard head.count >= 8 else { return nil }
                offset += 8 + Int64(littleEndian(head, 4, 4))
                continue
            }
            guard magic == 0xFD2F_B528 else { return nil }
            let descriptor = head[4]
            let singleSegment = descriptor & 0x20 != 0
            let sizeFlag = Int(descriptor >> 6)
            let dictionaryBytes = [0, 1, 2, 4][Int(descriptor & 3)]
            let sizeBytes = sizeFlag == 0 ? (singleSegment ? 1 : 0) : [0, 2, 4, 8][sizeFlag]
            guard sizeBytes > 0 else { return nil }  // the frame does not record its size
            let sizeAt = 5 + (singleSegment ? 0 : 1) + dictionaryBytes
            guard head.count >= sizeAt + sizeBytes else { return nil }
            var content = Int64(bitPattern: littleEndian(head, sizeAt, sizeBytes))
            if sizeBytes == 2 { content += 256 }
            guard content >= 0 else { return nil }
            total += content
            // Walk the blocks to the frame's end.
            offset += Int64(sizeAt + sizeBytes)
            while true {
                let block = bytes(at: offset, count: 3)
                guard block.count == 3 else { return nil }
                let header = Int(littleEndian(block, 0, 3))
                let type = (header >> 1) & 3
                guard type != 3 else { return nil }
                offset += 3 + (type == 1 ? 1 : Int64(header >> 3))
                if header & 1 != 0 { break }
            }
            if descriptor & 0x04 != 0 { offset += 4 }  // content checksum
        }
        return offset == size ? total : nil
    }

    func xzSize() -> Int64? {
        let footer = bytes(at: size - 12, count: 12)
        guard footer.count == 12, footer[10] == 0x59, footer[11] == 0x5A else { return nil }
        let indexSize = (Int64(littleEndian(footer, 4, 4)) + 1) * 4
        let index = bytes(at: size - 12 - indexSize, count: Int(indexSize))
        guard index.count == Int(indexSize), index.first == 0 else { return nil }
        var at = 1
        guard let records = varint(index, &at) else { return nil }
        var total: Int64 = 0
        for _ in 0..<records {
            guard varint(index, &at) != nil, let uncompressed = varint(index, &at) else { return nil }
            total += Int64(uncompressed)
        }
        return total
    }

    func zipSize() -> Int64? {
        // The end of central directory record is in the last 22 + 65,535 bytes.
        let tailLength = Int(min(size, 22 + 65_535))
        let tail = bytes(at: size - Int64(tailLength), count: tailLength)
        guard tail.count >= 22 else { return nil }
        var end = tail.count - 22
        while end >= 0 && littleEndian(tail, end, 4) != 0x0605_4B50 { end -= 1 }
        guard end >= 0 else { return nil }
        let entries = Int(littleEndian(tail, end + 10, 2))
        let directorySize = Int(littleEndian(tail, end + 12, 4))
        let directoryOffset = Int64(littleEndian(tail, end + 16, 4))
        guard entries != 0xFFFF, directoryOffset != 0xFFFF_FFFF else { return nil }  // ZIP64
        let directory = bytes(at: directoryOffset, count: directorySize)
        guard directory.count == directorySize else { return nil }
        var at = 0
        var total: Int64 = 0
        for _ in 0..<entries {
            guard at + 46 <= directory.count, littleEndian(directory, at, 4) == 0x0201_4B50 else { return nil }
            let uncompressed = littleEndian(directory, at + 24, 4)
            guard uncompressed != 0xFFFF_FFFF else { return nil }
            total += Int64(uncompressed)
            at += 46 + Int(littleEndian(directory, at + 28, 2)) + Int(littleEndian(directory, at + 30, 2))
                + Int(littleEndian(directory, at + 32, 2))
        }
        return total
    }
}

/// The little-endian number in `count` bytes of `bytes` at `offset`.
private func littleEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> UInt64 {
    var value: UInt64 = 0
    for i in (0..<count).reversed() { value = value << 8 | UInt64(bytes[offset + i]) }
    return value
}

/// xz's variable-length integer at `at` (advanced past it).
private func varint(_ bytes: [UInt8], _ at: inout Int) -> UInt64? {
    var value: UInt64 = 0
    for shift in stride(from: 0, to: 63, by: 7) {
        guard at < bytes.count else { return nil }
        let byte = bytes[at]
        at += 1
        value |= UInt64(byte & 0x7F) << UInt64(shift)
        if byte & 0x80 == 0 { return value }
    }
    return nil
}
