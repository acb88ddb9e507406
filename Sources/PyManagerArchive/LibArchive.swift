import CArchive
import Glibc

/// The text libarchive recorded for the last failure on `handle`.
func errorText(_ handle: OpaquePointer) -> String {
    guard let text = archive_error_string(handle) else { return "unknown libarchive error" }
    return String(cString: text)
}

/// Owns a libarchive read handle on one archive file (any format and filter libarchive knows).
///
/// A gzip file is decompressed by `GzipSource` (ISA-L, about twice zlib's speed, on its own thread)
/// and libarchive reads the plain stream; everything else goes through libarchive's own filters.
final class ArchiveReader {
    private let handle: OpaquePointer
    let archivePath: String
    /// The gzip decoder feeding `handle`, if the archive is a gzip file. Freed after the handle.
    private let gzip: GzipSource?

    init(path: String) throws(ArchiveError) {
        archivePath = path
        guard let handle = archive_read_new() else {
            throw .cannotOpen(archive: path, reason: "libarchive could not allocate a reader")
        }
        self.handle = handle
        archive_read_support_format_all(handle)
        archive_read_support_filter_all(handle)
        gzip = GzipSource(path: path)
        let status = gzip?.attach(to: handle) ?? archive_read_open_filename(handle, path, 64 * 1024)
        guard status == ARCHIVE_OK else {
            let reason = gzip?.failure ?? errorText(handle)
            gzip?.stop()
            throw .cannotOpen(archive: path, reason: reason)
        }
    }

    deinit {
        archive_read_free(handle)
        gzip?.stop()
    }

    /// libarchive's text for the last failure, or the gzip decoder's when the input failed.
    private var failureText: String { gzip?.failure ?? errorText(handle) }

    /// The next header, or nil at the end. The entry pointer is valid until the next call.
    func nextHeader(after previous: String?) throws(ArchiveError) -> (OpaquePointer, ArchiveMember)? {
        var entry: OpaquePointer? = nil
        let status = archive_read_next_header(handle, &entry)
        if status == ARCHIVE_EOF {
            // The tar ends before the gzip stream does: its last trailer (CRC-32, length) is still checked.
            if let failure = gzip?.drain() {
                throw .unreadable(archive: archivePath, member: previous, reason: failure)
            }
            return nil
        }
        guard status >= ARCHIVE_WARN, let entry else {
            throw .unreadable(archive: archivePath, member: previous, reason: failureText)
        }
        return (entry, member(of: entry))
    }

    /// Reads the headers after the current one to the end of the archive, appending them to `members`
    /// (whose last element, if any, is the current member). Data is skipped.
    func readRemainingHeaders(into members: inout [ArchiveMember]) throws(ArchiveError) {
        while let (_, member) = try nextHeader(after: members.last?.path) {
            members.append(member)
            try skipData(member: member.path)
        }
    }

    /// Skips the data of the current member.
    func skipData(member: String) throws(ArchiveError) {
        guard archive_read_data_skip(handle) >= ARCHIVE_WARN else {
            throw .unreadable(archive: archivePath, member: member, reason: failureText)
        }
    }

    /// Passes each block of the current member's data to `body` (the buffer is valid during the call).
    func readData(
        member: String, _ body: (UnsafeRawPointer?, _ size: Int, _ offset: Int64) throws(ArchiveError) -> Void
    ) throws(ArchiveError) {
        var buffer: UnsafeRawPointer? = nil
        var size = 0
        var offset: Int64 = 0
        while true {
            let status = archive_read_data_block(handle, &buffer, &size, &offset)
            if status == ARCHIVE_EOF { return }
            // Data warnings are real failures: libarchive reports a zip CRC mismatch as ARCHIVE_WARN.
            guard status == ARCHIVE_OK else {
                throw .unreadable(archive: archivePath, member: member, reason: failureText)
            }
            try body(buffer, size, offset)
        }
    }

    private func member(of entry: OpaquePointer) -> ArchiveMember {
        let path = archive_entry_pathname(entry).map { String(cString: $0) }
            ?? archive_entry_pathname_utf8(entry).map { String(cString: $0) } ?? ""
        let permissions = UInt32(archive_entry_perm(entry))
        let size = archive_entry_size_is_set(entry) != 0 ? Int64(archive_entry_size(entry)) : 0
        if let hardlink = archive_entry_hardlink(entry) {
            return ArchiveMember(path: path, kind: .hardlink(target: String(cString: hardlink)),
                                 permissions: permissions, size: size)
        }
        let kind: ArchiveMember.Kind
        switch archive_entry_filetype(entry) {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK:
            let target = archive_entry_symlink(entry).map { String(cString: $0) }
                ?? archive_entry_symlink_utf8(entry).map { String(cString: $0) } ?? ""
            kind = .symlink(target: target)
        case S_IFCHR: kind = .other("character device")
        case S_IFBLK: kind = .other("block device")
        case S_IFIFO: kind = .other("fifo")
        case S_IFSOCK: kind = .other("socket")
        default: kind = .other("unknown file type")
        }
        return ArchiveMember(path: path, kind: kind, permissions: permissions, size: size)
    }
}

/// The folder that holds `path` (the install folder for a staging folder).
func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
