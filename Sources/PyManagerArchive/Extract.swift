import CArchive
import Glibc

/// Lists the members of the archive at `path` (.tar.gz, .tar.xz, .tar.zst, .tar.bz2, .zip, …)
/// in archive order, without extracting anything.
///
/// Throws `.cannotOpen` for a missing or unrecognised file, `.unreadable` for a corrupt one.
public func listMembers(archive path: String) throws(ArchiveError) -> [ArchiveMember] {
    let reader = try ArchiveReader(path: path)
    var members: [ArchiveMember] = []
    while let (_, member) = try reader.nextHeader(after: members.last?.path) {
        members.append(member)
        try reader.skipData(member: member.path)
    }
    return members
}

/// Extracts the archive at `path` into `destination`, refusing unsafe archives.
///
/// Contract: `destination` is a fresh staging folder — it must not exist yet (its parent must) or be
/// empty. On success it holds the archive's contents. On any error it is left as it was given
/// (removed if this call created it, emptied otherwise), so a failed or hostile archive leaves
/// no files behind. The caller then renames the staging folder into place.
///
/// 1. First pass: read every header and check the whole member list (see `ExtractionPlan`):
///    absolute paths, `..`, device nodes/fifos/sockets, duplicates, writing through links,
///    and symlinks or hard links resolving outside `destination` are refused with
///    `.unsafeMember` naming the member; nothing has been written at that point.
/// 2. With `stripCommonTopLevel`, when every member lies under one folder (python-build-standalone's
///    `python/`) that folder is stripped: `python/bin/python3` lands at `destination/bin/python3`.
/// 3. Second pass: write each member with libarchive's secure disk writer, keeping permission bits
///    (without set-id bits), times and in-tree symlinks and hard links. Ownership is not restored.
///
/// Example: `try extract(archive: "/tmp/cpython-3.12.tar.zst", into: "/root/.staging-1234")`.
public func extract(archive path: String, into destination: String, stripCommonTopLevel: Bool = true)
    throws(ArchiveError)
{
    let members = try listMembers(archive: path)
    let plan = try ExtractionPlan(members: members, stripCommonTopLevel: stripCommonTopLevel, archive: path)
    let created = try prepareEmptyDirectory(destination)
    do {
        let root = try canonicalPath(destination)
        try write(plan: plan, archive: path, root: root)
    } catch {
        removeContents(of: destination)
        if created { rmdir(destination) }
        throw error
    }
}

/// The second pass: re-reads the archive and writes the members the plan allows.
private func write(plan: ExtractionPlan, archive: String, root: String) throws(ArchiveError) {
    let reader = try ArchiveReader(path: archive)
    let writer = try DiskWriter(archive: archive)
    var index = 0
    var previous: String? = nil
    while let (entry, member) = try reader.nextHeader(after: previous) {
        previous = member.path
        // The file must not change between the passes; a different member list means it did.
        guard index < plan.steps.count, plan.steps[index].member == member.path else {
            throw .unreadable(archive: archive, member: member.path, reason: "the archive changed while being extracted")
        }
        let step = plan.steps[index]
        index += 1
        guard let relative = step.relativePath else {
            try reader.skipData(member: member.path)
            continue
        }
        archive_entry_set_pathname(entry, root + "/" + relative)
        if let target = step.hardlinkTarget { archive_entry_set_hardlink(entry, root + "/" + target) }
        archive_entry_set_perm(entry, mode_t(member.permissions & 0o1777))
        try writer.writeHeader(entry, member: member.path, archive: archive)
        if archive_entry_size(entry) > 0 {
            try reader.copyData(to: writer, member: member.path)
        }
        try writer.finishEntry(member: member.path, archive: archive)
    }
    guard index == plan.steps.count else {
        throw .unreadable(archive: archive, member: previous, reason: "the archive changed while being extracted")
    }
    try writer.close(archive: archive)
}
