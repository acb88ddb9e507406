import CArchive
import Foundation

/// Reads a metadata file, decompressing `.xz`, `.gz` and `.zst` files (the
/// committed copies in `Index/metadata/` are compressed to keep the
/// repository small) with libarchive's raw reader.
enum MetadataFile {
    static let compressedSuffixes = [".xz", ".gz", ".zst"]

    /// The file's bytes, decompressed when its name says so. Throws `IndexError.unreadable`.
    static func read(_ url: URL) throws -> Data {
        let path = url.path
        guard compressedSuffixes.contains(where: { path.hasSuffix($0) }) else {
            do {
                return try Data(contentsOf: url)
            } catch {
                throw IndexError.unreadable(file: path, reason: IndexGenerator.reason(error))
            }
        }
        guard let handle = archive_read_new() else {
            throw IndexError.unreadable(file: path, reason: "libarchive could not allocate a reader")
        }
        defer { archive_read_free(handle) }
        archive_read_support_filter_all(handle)
        archive_read_support_format_raw(handle)
        func failure() -> IndexError {
            .unreadable(file: path, reason: archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error")
        }
        var entry: OpaquePointer?
        guard archive_read_open_filename(handle, path, 64 * 1024) == ARCHIVE_OK,
            archive_read_next_header(handle, &entry) == ARCHIVE_OK
        else { throw failure() }
        guard archive_filter_code(handle, 0) != ARCHIVE_FILTER_NONE else {
            throw IndexError.unreadable(file: path, reason: "its name says compressed, but it is not compressed data")
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { archive_read_data(handle, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else { throw failure() }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }
}
