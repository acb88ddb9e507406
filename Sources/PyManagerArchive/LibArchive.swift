import CArchive
import Glibc

/// The text libarchive recorded for the last failure on `handle`.
func errorText(_ handle: OpaquePointer) -> String {
    guard let text = archive_error_string(handle) else { return "unknown libarchive error" }
    return String(cString: text)
}

/// Owns a libarchive read handle on one archive file (any format and filter libarchive knows).
final class ArchiveReader {
    private let handle: OpaquePointer
    let archivePath: String

    init(path: String) throws(ArchiveError) {
        archivePath = path
        guard let handle = archive_read_new() else {
            throw .cannotOpen(archive: path, reason: "libarchive could not allocate a reader")
        }
        self.handle = handle
        archive_read_support_format_all(handle)
        archive_read_support_filter_all(handle)
        guard archive_read_open_filename(handle, path, 64 * 1024) == ARCHIVE_OK else {
            throw .cannotOpen(archive: path, reason: errorText(handle))
        }
    }

    deinit { archive_read_free(handle) }

    /// The next header, or nil at the end. The entry pointer is valid until the next call.
    func nextHeader(after previous: String?) throws(ArchiveError) -> (OpaquePointer, ArchiveMember)? {
        var entry: OpaquePointer? = nil
        let status = archive_read_next_header(handle, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status >= ARCHIVE_WARN, let entry else {
            throw .unreadable(archive: archivePath, member: previous, reason: errorText(handle))
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
            throw .unreadable(archive: archivePath, member: member, reason: errorText(handle))
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
                throw .unreadable(archive: archivePath, member: member, reason: errorText(handle))
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

/// A copy of a header that outlives the reader's current entry (for the symlinks created last).
final class EntryCopy {
    let entry: OpaquePointer

    init(_ entry: OpaquePointer, archive: String, member: String) throws(ArchiveError) {
        guard let copy = archive_entry_clone(entry) else {
            throw .writeFailed(archive: archive, member: member, reason: "libarchive could not copy the header")
        }
        self.entry = copy
    }

    deinit { archive_entry_free(entry) }
}

/// Owns a libarchive write-to-disk handle with the secure extraction flags.
///
/// Every call must return `ARCHIVE_OK`. libarchive reports a failed `write` (disk full, quota, I/O
/// error), a failed `fchmod` or `utimensat`, and data past a member's declared size as
/// `ARCHIVE_WARN` and carries on; `archive_write_finish_entry` then truncates the file to its
/// declared size, so a damaged file would look whole. A warning is therefore a failure here.
final class DiskWriter {
    private let handle: OpaquePointer
    /// The folder being extracted into, named when the disk is full.
    let destination: String

    /// Restores permissions and times; refuses `..` and writing through symlinks (defence in depth:
    /// `StreamingChecks` has already refused both, and no symlink exists while files are written). `ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS` cannot be
    /// set because the paths we hand libarchive are absolute by construction (destination + checked
    /// relative path), which avoids `chdir`, a process-wide change unsafe with parallel work.
    /// Ownership is not restored and set-id bits are cleared.
    init(archive: String, destination: String) throws(ArchiveError) {
        guard let handle = archive_write_disk_new() else {
            throw .cannotOpen(archive: archive, reason: "libarchive could not allocate a disk writer")
        }
        self.handle = handle
        self.destination = destination
        let flags = ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_NODOTDOT
            | ARCHIVE_EXTRACT_SECURE_SYMLINKS
        archive_write_disk_set_options(handle, flags)
    }

    deinit { archive_write_free(handle) }

    func writeHeader(_ entry: OpaquePointer, member: String, archive: String) throws(ArchiveError) {
        try check(archive_write_header(handle, entry), member: member, archive: archive)
    }

    func writeBlock(
        _ buffer: UnsafeRawPointer?, size: Int, offset: Int64, member: String, archive: String
    ) throws(ArchiveError) {
        // Returns ARCHIVE_OK (libarchive 3) or the byte count (libarchive 4) on success.
        let status = archive_write_data_block(handle, buffer, size, offset)
        try check(status >= ARCHIVE_OK ? ARCHIVE_OK : Int32(status), member: member, archive: archive)
    }

    func finishEntry(member: String, archive: String) throws(ArchiveError) {
        try check(archive_write_finish_entry(handle), member: member, archive: archive)
    }

    /// Applies the deferred directory permissions and times.
    func close(archive: String) throws(ArchiveError) {
        try check(archive_write_close(handle), member: "(directory permissions)", archive: archive)
    }

    /// Throws unless `status` is `ARCHIVE_OK`: `.noSpace` when the disk or the quota is full,
    /// `.writeFailed` with libarchive's text (which includes errno's) otherwise.
    private func check(_ status: Int32, member: String, archive: String) throws(ArchiveError) {
        guard status != ARCHIVE_OK else { return }
        let code = archive_errno(handle)
        if code == ENOSPC || code == EDQUOT {
            throw .noSpace(folder: parentFolder(of: destination), archive: archive, reason: errnoText(code))
        }
        var reason = errorText(handle)
        if code > 0 && !reason.contains(errnoText(code)) { reason += " (\(errnoText(code)))" }
        throw .writeFailed(archive: archive, member: member, reason: reason)
    }
}

/// The folder that holds `path` (the install folder for a staging folder).
func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
