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
