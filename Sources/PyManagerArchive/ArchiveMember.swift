/// One member of an archive, as its header describes it.
public struct ArchiveMember: Equatable, Sendable, CustomStringConvertible {
    /// What kind of file system object the member is.
    public enum Kind: Equatable, Sendable {
        case file
        case directory
        /// A symbolic link; `target` as stored (relative to the link's folder).
        case symlink(target: String)
        /// A hard link to an earlier member; `target` is that member's path as stored.
        case hardlink(target: String)
        /// Anything else: "character device", "block device", "fifo", "socket" or "unknown".
        case other(String)
    }

    /// The path as stored in the archive, e.g. `python/bin/python3.12`.
    public var path: String
    public var kind: Kind
    /// Permission bits, e.g. `0o755`.
    public var permissions: UInt32
    /// Size of the member's data in bytes (0 for links and directories).
    public var size: Int64

    public init(path: String, kind: Kind, permissions: UInt32 = 0o644, size: Int64 = 0) {
        self.path = path
        self.kind = kind
        self.permissions = permissions
        self.size = size
    }

    public var description: String {
        switch kind {
        case .file: return path
        case .directory: return path.hasSuffix("/") ? path : path + "/"
        case .symlink(let target): return "\(path) -> \(target)"
        case .hardlink(let target): return "\(path) => \(target)"
        case .other(let type): return "\(path) (\(type))"
        }
    }
}
