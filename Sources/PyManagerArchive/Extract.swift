import CArchive
import Glibc

/// Lists the members of the archive at `path` (.tar.gz, .tar.xz, .tar.zst, .tar.bz2, .zip, …)
/// in archive order, without extracting anything.
///
/// Throws `.cannotOpen` for a missing or unrecognised file, `.unreadable` for a corrupt one.
public func listMembers(archive path: String) throws(ArchiveError) -> [ArchiveMember] {
    let reader = try ArchiveReader(path: path)
    var members: [ArchiveMember] = []
    try reader.readRemainingHeaders(into: &members)
    return members
}

/// Extracts the archive at `path` into `destination`, refusing unsafe archives.
///
/// Contract: `destination` is a fresh staging folder — it must not exist yet (its parent must) or be
/// empty. On success it holds the archive's contents. On any error it is left as it was given
/// (removed if this call created it, emptied otherwise), so a failed or hostile archive leaves
/// no files behind, even when the hostile member is the archive's last. The caller then renames
/// the staging folder into place.
///
/// One pass over the archive (it is decompressed once):
/// 1. Each header is checked as it arrives (see `StreamingChecks`): absolute paths, `..`, device
///    nodes/fifos/sockets, duplicates, writing through a file or symlink, and hard links to anything
///    but a file already extracted stop the extraction before that member is written. Files, folders
///    and hard links are written at once by `TreeWriter` (`*at` calls that never follow a symlink),
///    at their paths as stored, keeping permission bits (without set-id bits) and modification
///    times. Ownership is not restored. Symlinks are held back, so nothing written during the pass
///    can go through one. The writes themselves run in order on a second thread (`WriteQueue`),
///    overlapping the decompression.
/// 2. At the end the complete member list is checked (see `ExtractionPlan`): symlinks or hard links
///    resolving outside `destination` are refused. Any refusal, early or late, is reported as
///    `.unsafeMember` naming the same member the whole-list check names, and everything is removed.
/// 3. The symlinks are created, then folder permissions and times applied.
/// 4. With `stripCommonTopLevel`, when every member lies under one folder (python-build-standalone's
///    `python/`) that folder is stripped: its children are renamed up, so `python/bin/python3` ends
///    at `destination/bin/python3`.
///
/// Errors take the precedence of a check-everything-first extraction: an unreadable archive, then
/// an unsafe member, then a destination problem, then a write failure.
///
/// `limits` bound what the pass may write (see `ExtractionLimits`): a member whose declared size
/// would take the total past a limit is refused before it is written, and so is the member past the
/// count limit; the bytes actually decompressed are counted too, in case a header understates them.
///
/// Example: `try extract(archive: "/tmp/cpython-3.12.tar.zst", into: "/root/.staging-1234")`.
public func extract(
    archive path: String, into destination: String, stripCommonTopLevel: Bool = true,
    limits: ExtractionLimits = .default
) throws(ArchiveError) {
    let reader = try ArchiveReader(path: path)
    let created: Bool
    let root: String
    do throws(ArchiveError) {
        created = try prepareEmptyDirectory(destination)
    } catch {
        throw precedence(over: error, reader: reader, members: [], strip: stripCommonTopLevel)
    }
    do throws(ArchiveError) {
        do throws(ArchiveError) {
            root = try canonicalPath(destination)
        } catch {
            throw precedence(over: error, reader: reader, members: [], strip: stripCommonTopLevel)
        }
        let pass = try SinglePass(reader: reader, root: root, strip: stripCommonTopLevel, limits: limits)
        try pass.run()
    } catch {
        // A second pass retries whatever a transient failure left (the cleanup must not leave
        // half a runtime behind because one unlink failed).
        for _ in 0..<2 {
            removeContents(of: destination)
            if !created || rmdir(destination) == 0 || errno == ENOENT { break }
        }
        throw error
    }
}

/// The error a check-everything-first extraction would have reported instead of `error`, which
/// happened after `members` were read: unless `complete`, the rest of the headers are read, and an
/// unreadable archive or an unsafe member (see `ExtractionPlan`) wins over `error`. A read error
/// is returned as it is (the reader cannot go on after one).
private func precedence(
    over error: ArchiveError, reader: ArchiveReader, members: [ArchiveMember], complete: Bool = false, strip: Bool
) -> ArchiveError {
    switch error {
    case .unreadable, .exceedsLimit, .notEnoughSpace, .noSpace:
        // Reading on would mean decompressing what a limit or a full disk just stopped.
        return error
    default:
        break
    }
    var all = members
    do {
        if !complete { try reader.readRemainingHeaders(into: &all) }
        _ = try ExtractionPlan(members: all, stripCommonTopLevel: strip, archive: reader.archivePath)
    } catch {
        return error
    }
    return error
}

/// One extraction: the reader, the disk writer and what has been seen so far.
private final class SinglePass {
    let reader: ArchiveReader
    let writer: TreeWriter
    /// The canonical destination.
    let root: String
    let strip: Bool
    var archive: String { reader.archivePath }
    var members: [ArchiveMember] = []
    var budget: ExtractionBudget
    var checks = StreamingChecks()
    /// Symlinks to create at the end.
    var symlinks: [TreeItem] = []

    /// The writes of files, folders and hard links, on a second thread.
    let queue: WriteQueue

    init(reader: ArchiveReader, root: String, strip: Bool, limits: ExtractionLimits) throws(ArchiveError) {
        self.reader = reader
        self.root = root
        self.strip = strip
        budget = ExtractionBudget(limits: limits, archive: reader.archivePath, folder: parentFolder(of: root))
        writer = try TreeWriter(archive: reader.archivePath, destination: root)
        queue = WriteQueue(writer: writer, archive: reader.archivePath)
    }

    /// The queue's thread holds the queue until it is stopped; `run` always stops it, this is a backstop.
    deinit { queue.cancel() }

    func run() throws(ArchiveError) {
        // Whatever happens, the second thread is done before this returns (and before any cleanup).
        defer { queue.cancel() }
        do {
            try stream()
        } catch {
            queue.cancel()
            throw precedence(over: error, reader: reader, members: members, strip: strip)
        }
        do {
            try queue.finish()
        } catch {
            throw precedence(over: error, reader: reader, members: members, complete: true, strip: strip)
        }

        // The whole list is known: the symlink checks, and whether to strip the top folder.
        let plan = try ExtractionPlan(members: members, stripCommonTopLevel: strip, archive: archive)
        for item in symlinks {
            try writer.symlink(item)
        }
        try writer.close()
        if let prefix = plan.strippedPrefix {
            try hoistChildren(of: prefix, into: root)
        }
    }

    /// Reads every header, checks it and queues its writes (symlinks are kept for later). Throws on
    /// the first refusal, read error or write failure, with `members` holding the headers read so far.
    private func stream() throws(ArchiveError) {
        while let (entry, member) = try reader.nextHeader(after: members.last?.path) {
            members.append(member)
            try budget.admit(member)
            switch checks.admit(member) {
            case .refuse(let reason):
                throw .unsafeMember(archive: archive, member: member.path, reason: reason)
            case .skip:
                continue
            case .deferSymlink(let path):
                symlinks.append(item(entry, member: member, at: path))
            case .write(let path, let hardlinkTarget):
                try write(entry, member: member, at: path, hardlinkTarget: hardlinkTarget)
            }
        }
    }

    /// What to write for `member` (whose header is `entry`) at the archive-relative `path`.
    private func item(_ entry: OpaquePointer, member: ArchiveMember, at path: String, hardlinkTarget: String? = nil)
        -> TreeItem
    {
        let components = path.split(separator: "/").map(String.init)
        let kind: TreeItem.Kind
        switch member.kind {
        case .directory: kind = .directory
        case .symlink(let target): kind = .symlink(target: target)
        default:
            let size = max(0, Int64(archive_entry_size(entry)))
            if let hardlinkTarget {
                kind = .hardlink(target: hardlinkTarget.split(separator: "/").map(String.init), size: size)
            } else {
                kind = .file(size: size)
            }
        }
        let modified = archive_entry_mtime_is_set(entry) != 0
            ? timespec(tv_sec: archive_entry_mtime(entry), tv_nsec: archive_entry_mtime_nsec(entry)) : nil
        return TreeItem(member: member.path, components: components, kind: kind,
                        mode: mode_t(member.permissions & 0o1777), modified: modified)
    }

    /// Queues the writes of the current member's header and data at `root/path`.
    private func write(_ entry: OpaquePointer, member: ArchiveMember, at path: String, hardlinkTarget: String?)
        throws(ArchiveError)
    {
        let name = member.path
        try queue.send(.begin(item(entry, member: member, at: path, hardlinkTarget: hardlinkTarget)))
        if archive_entry_size(entry) > 0 {
            let queue = queue
            try reader.readData(member: name) { [self] (buffer, size, offset) throws(ArchiveError) in
                try budget.consume(size)
                guard let copy = malloc(max(size, 1)) else {
                    throw .writeFailed(archive: archive, member: name, reason: "out of memory")
                }
                if size > 0, let buffer { memcpy(copy, buffer, size) }
                try queue.send(.data(copy, count: size, offset: offset, member: name))
            }
        }
        try queue.send(.finish(member: name))
    }
}
