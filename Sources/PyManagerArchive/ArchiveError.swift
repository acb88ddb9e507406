/// Why an archive could not be listed or extracted. Cases carry data; `description` is the message.
public enum ArchiveError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The archive could not be opened or its format was not recognised; `reason` is libarchive's text.
    case cannotOpen(archive: String, reason: String)
    /// The archive is corrupt or truncated at `member` (nil before the first member).
    case unreadable(archive: String, member: String?, reason: String)
    /// A member was refused before anything was written; see `UnsafeMemberReason`.
    case unsafeMember(archive: String, member: String, reason: UnsafeMemberReason)
    /// Writing `member` to disk failed; `reason` is libarchive's text (it includes errno's).
    case writeFailed(archive: String, member: String, reason: String)
    /// `extract` needs a fresh, empty (or not yet existing) destination.
    case destinationNotEmpty(path: String)
    /// A local file system operation failed; `reason` is the `errno` text.
    case file(path: String, reason: String)
    /// The disk (or the user's quota) holding `folder` filled up during the extraction.
    case noSpace(folder: String, archive: String, reason: String)
    /// The archive would expand past `limit` (a decompression bomb, or a limit set too low).
    case exceedsLimit(archive: String, limit: ExtractionLimit)
    /// The archive expands to `needed` bytes but `folder` has only `available` free.
    case notEnoughSpace(folder: String, archive: String, needed: Int64, available: Int64)

    public var description: String {
        switch self {
        case .cannotOpen(let archive, let reason):
            return "Could not open archive '\(archive)': \(reason). The download may be incomplete; delete it and try again."
        case .unreadable(let archive, let member, let reason):
            let at = member.map { " at member '\($0)'" } ?? ""
            return "Could not read archive '\(archive)'\(at): \(reason). "
                + "The archive is corrupt or truncated; delete it and download it again."
        case .unsafeMember(let archive, let member, let reason):
            return "Refused to extract '\(archive)': member '\(member)' \(reason). "
                + "The archive may be malicious; nothing was extracted."
        case .writeFailed(let archive, let member, let reason):
            return "Could not extract '\(member)' from '\(archive)': \(reason). Check free space and permissions."
        case .destinationNotEmpty(let path):
            return "Could not extract into '\(path)': the folder is not empty. Remove it and try again."
        case .file(let path, let reason):
            return "Could not prepare '\(path)': \(reason). Check permissions."
        case .noSpace(let folder, let archive, let reason):
            return "Ran out of space in \(folder) while extracting '\(archive)' (\(reason)); nothing was installed. "
                + "Free some space there and try again."
        case .exceedsLimit(let archive, let limit):
            return "Refused to extract '\(archive)': \(limit); nothing was extracted. "
                + "The archive may be a decompression bomb."
        case .notEnoughSpace(let folder, let archive, let needed, let available):
            return "Not enough free space in \(folder) to extract '\(archive)': it needs at least \(byteCount(needed)) "
                + "and \(byteCount(available)) are free. Free some space there and try again."
        }
    }
}

/// Why `extract` refused a member. The `description` completes "member 'x' …".
public enum UnsafeMemberReason: Equatable, Sendable, CustomStringConvertible {
    /// `/etc/passwd`.
    case absolutePath
    /// `a/../../x`.
    case parentDirectoryReference
    /// A non-directory whose path is empty (`./`).
    case emptyPath
    /// A symlink whose target (followed through the archive's other links) leaves the destination.
    case linkOutsideDestination(target: String)
    /// A hard link whose target is not a regular file stored earlier in the archive (after stripping).
    case hardLinkTargetNotInArchive(target: String)
    /// A device node, fifo, socket or unknown type.
    case unsupportedType(String)
    /// The same path appears twice (allowed only for directories).
    case duplicate
    /// The path goes through `parent`, which the archive makes a symlink or a file.
    case insideNonDirectory(parent: String)

    public var description: String {
        switch self {
        case .absolutePath: return "has an absolute path"
        case .parentDirectoryReference: return "contains a '..' component"
        case .emptyPath: return "has an empty path"
        case .linkOutsideDestination(let target): return "is a link to '\(target)', outside the destination"
        case .hardLinkTargetNotInArchive(let target):
            return "is a hard link to '\(target)', which is not a file earlier in the archive"
        case .unsupportedType(let type): return "is a \(type), which is not allowed"
        case .duplicate: return "appears more than once"
        case .insideNonDirectory(let parent): return "would be written through '\(parent)', which is not a folder"
        }
    }
}

/// A bound on what one extraction may write.
public enum ExtractionLimit: Equatable, Sendable, CustomStringConvertible {
    /// Total bytes of member data.
    case expandedSize(Int64)
    /// Number of members (files, folders and links).
    case memberCount(Int)

    /// Completes "Refused to extract 'x': …".
    public var description: String {
        switch self {
        case .expandedSize(let bytes): return "it would expand to more than \(byteCount(bytes)), the limit"
        case .memberCount(let count): return "it holds more than \(count) members, the limit"
        }
    }
}

/// `4.0 GiB`, `512 KiB`, `12 bytes`: binary units with one decimal.
public func byteCount(_ bytes: Int64) -> String {
    let units = ["KiB", "MiB", "GiB", "TiB"]
    guard bytes >= 1024 else { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
    var value = Double(bytes) / 1024
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
}
