import Foundation

/// Everything that makes two folder trees the same: each path's type, permission bits and bytes
/// (or symlink target), read without following symlinks. Equal snapshots are byte-identical trees.
public struct TreeSnapshot: Equatable, Sendable, CustomStringConvertible {
    public enum Node: Equatable, Sendable {
        case directory(mode: Int)
        case file(mode: Int, bytes: Data)
        case symlink(target: String)
        case other
    }

    /// Relative path → node.
    public var nodes: [String: Node]

    /// Reads the tree under `folder`, leaving out the relative paths in `excluding`.
    /// A missing folder gives an empty snapshot.
    public init(of folder: String, excluding: Set<String> = []) {
        nodes = [:]
        let fileManager = FileManager.default
        for path in (fileManager.subpaths(atPath: folder) ?? []) where !excluding.contains(path) {
            let full = folder + "/" + path
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            let mode = Int(info.st_mode & 0o7777)
            switch info.st_mode & S_IFMT {
            case S_IFDIR: nodes[path] = .directory(mode: mode)
            case S_IFREG: nodes[path] = .file(mode: mode, bytes: fileManager.contents(atPath: full) ?? Data())
            case S_IFLNK: nodes[path] = .symlink(target: (try? fileManager.destinationOfSymbolicLink(atPath: full)) ?? "")
            default: nodes[path] = .other
            }
        }
    }

    /// The paths whose nodes differ between `self` and `other`, sorted (empty when equal).
    public func differences(from other: TreeSnapshot) -> [String] {
        Set(nodes.keys).union(other.nodes.keys).filter { nodes[$0] != other.nodes[$0] }.sorted()
    }

    public var description: String { "\(nodes.count) paths" }
}
