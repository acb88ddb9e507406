/// Bounds on one extraction, so that an archive cannot fill the disk: a decompression bomb (a
/// small archive holding gigabytes of zeros) or an archive larger than the free space is refused
/// before that much is written.
public struct ExtractionLimits: Equatable, Sendable {
    /// Most bytes of member data the archive may expand to.
    public var maxExpandedSize: Int64
    /// Most members (files, folders and links) the archive may hold.
    public var maxMembers: Int
    /// Free bytes in the destination's file system when the extraction starts; nil when unknown.
    public var availableBytes: Int64?

    public init(maxExpandedSize: Int64, maxMembers: Int, availableBytes: Int64? = nil) {
        self.maxExpandedSize = maxExpandedSize
        self.maxMembers = maxMembers
        self.availableBytes = availableBytes
    }

    /// 4 GiB and 100,000 members (the installer passes its configured limits).
    public static let `default` = ExtractionLimits(maxExpandedSize: 4 << 30, maxMembers: 100_000)

    /// Throws when an archive whose contents take about `expandedSize` bytes (see
    /// `expandedSizeEstimate`) cannot be extracted within these limits; nothing is read or written.
    public func checkUpFront(expandedSize: Int64, archive: String, folder: String) throws(ArchiveError) {
        if expandedSize > maxExpandedSize {
            throw .exceedsLimit(archive: archive, limit: .expandedSize(maxExpandedSize))
        }
        if let availableBytes, expandedSize > availableBytes {
            throw .notEnoughSpace(folder: folder, archive: archive, needed: expandedSize, available: availableBytes)
        }
    }
}

/// What one extraction has used of its `ExtractionLimits` so far.
struct ExtractionBudget {
    let limits: ExtractionLimits
    let archive: String
    /// The folder named when the free space runs out.
    let folder: String
    private(set) var members = 0
    /// Sum of the declared sizes of the members admitted so far.
    private(set) var declaredBytes: Int64 = 0
    /// Bytes of member data actually decompressed so far.
    private(set) var readBytes: Int64 = 0

    init(limits: ExtractionLimits, archive: String, folder: String) {
        self.limits = limits
        self.archive = archive
        self.folder = folder
    }

    /// Counts a header; throws before the member is written when it would exceed a limit.
    mutating func admit(_ member: ArchiveMember) throws(ArchiveError) {
        members += 1
        if members > limits.maxMembers {
            throw .exceedsLimit(archive: archive, limit: .memberCount(limits.maxMembers))
        }
        if member.kind == .file {
            declaredBytes += max(0, member.size)
            try check(declaredBytes)
        }
    }

    /// Counts `count` decompressed bytes (a header may understate its data, or not say it at all).
    mutating func consume(_ count: Int) throws(ArchiveError) {
        readBytes += Int64(count)
        try check(readBytes)
    }

    private func check(_ total: Int64) throws(ArchiveError) {
        if total > limits.maxExpandedSize {
            throw .exceedsLimit(archive: archive, limit: .expandedSize(limits.maxExpandedSize))
        }
        if let available = limits.availableBytes, total > available {
            throw .notEnoughSpace(folder: folder, archive: archive, needed: total, available: available)
        }
    }
}
