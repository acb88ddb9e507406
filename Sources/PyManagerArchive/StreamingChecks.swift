/// The checks `extract` makes on each header as it arrives, before anything of that member is written.
///
/// They work on the archive's own paths (nothing stripped yet: whether `python/` is a common top
/// folder is only known at the end) and only see the members so far. They make every write of the
/// single pass safe on their own:
///
/// - absolute paths, `..` and empty paths, device nodes, fifos, sockets and unknown types are refused;
/// - a path seen before is refused unless both are directories, and so is a non-directory at a path
///   that earlier members use as a folder;
/// - a path below a member that is a file or a symlink (writing "through" it) is refused;
/// - a hard link must name a regular file (or hard link) already extracted;
/// - symlinks are not created during the pass at all (`.deferSymlink`): they are only checked, with
///   the complete member list, by `ExtractionPlan` at the end and created after that. While the
///   archive streams, the destination therefore holds no symlink that a later write could follow.
///
/// Every refusal here is also a refusal of `ExtractionPlan` over the whole list (a subset of its
/// rules), so a refusal only stops the pass; the error reported is the plan's, computed from the
/// complete member list, exactly as the old two-pass extraction reported it.
struct StreamingChecks {
    /// What to do with an admitted member.
    enum Action: Equatable {
        /// Nothing to write: the archive root itself (`./`).
        case skip
        /// Write the member at `path` (archive-relative, normalised); hard links link to `hardlinkTarget`.
        case write(path: String, hardlinkTarget: String?)
        /// A symlink to create at `path` once the whole archive has been checked.
        case deferSymlink(path: String)
        /// The member must not be written: stop.
        case refuse(UnsafeMemberReason)
    }

    /// What is at each normalised path so far. Folders that deeper members imply count as folders.
    private enum Slot {
        case directory
        /// A regular file or a hard link: a valid hard-link target.
        case file
        case symlink
    }

    private var slots: [String: Slot] = [:]

    /// Checks `member` against the members admitted so far and records it (unless refused).
    mutating func admit(_ member: ArchiveMember) -> Action {
        if case .other(let type) = member.kind { return .refuse(.unsupportedType(type)) }
        let components: [String]
        switch ExtractionPlan.components(of: member.path) {
        case .valid(let value): components = value
        case .refused(let reason): return .refuse(reason)
        }
        let isDirectory = member.kind == .directory
        guard !components.isEmpty else {
            if isDirectory { return .skip }
            return .refuse(.emptyPath)
        }

        // Parents must be folders (or not known yet); each becomes a folder.
        var parent = ""
        for component in components.dropLast() {
            parent = parent.isEmpty ? component : parent + "/" + component
            switch slots[parent] {
            case nil: slots[parent] = .directory
            case .directory: break
            case .file, .symlink: return .refuse(.insideNonDirectory(parent: parent))
            }
        }
        let path = parent.isEmpty ? components[0] : parent + "/" + components[components.count - 1]
        if let existing = slots[path], !(existing == .directory && isDirectory) { return .refuse(.duplicate) }

        switch member.kind {
        case .directory:
            slots[path] = .directory
            return .write(path: path, hardlinkTarget: nil)
        case .file:
            slots[path] = .file
            return .write(path: path, hardlinkTarget: nil)
        case .hardlink(let target):
            let targetPath: String
            switch ExtractionPlan.components(of: target) {
            case .valid(let value): targetPath = value.joined(separator: "/")
            case .refused(let reason): return .refuse(reason)
            }
            guard slots[targetPath] == .file else { return .refuse(.hardLinkTargetNotInArchive(target: target)) }
            slots[path] = .file
            return .write(path: path, hardlinkTarget: targetPath)
        case .symlink:
            slots[path] = .symlink
            return .deferSymlink(path: path)
        case .other(let type):
            return .refuse(.unsupportedType(type))
        }
    }
}
