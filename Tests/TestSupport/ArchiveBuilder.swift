import Foundation

/// An archive format `ArchiveBuilder` can write.
public enum ArchiveFormat: String, CaseIterable, Sendable {
    case tarGz = "tar.gz"
    case tarXz = "tar.xz"
    case tarZst = "tar.zst"
    case zip

    /// The file name suffix, e.g. `tar.zst`.
    public var fileExtension: String { rawValue }
}

/// One member to write. Paths and link targets are stored verbatim, hostile ones included.
public struct ArchiveEntry: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Encodable {
        case file, directory, symlink, hardlink, fifo, characterDevice
    }

    public var kind: Kind
    public var path: String
    /// Permission bits (0 means the default: 0o644 for files, 0o755 for folders).
    public var mode: Int
    /// Base64 of the file contents.
    public var data: String?
    /// The link target, for symlinks and hard links.
    public var target: String?

    /// A regular file holding the UTF-8 `contents`.
    public static func file(_ path: String, _ contents: String = "", mode: Int = 0o644) -> ArchiveEntry {
        file(path, bytes: Array(contents.utf8), mode: mode)
    }

    /// A regular file holding `bytes`.
    public static func file(_ path: String, bytes: [UInt8], mode: Int = 0o644) -> ArchiveEntry {
        ArchiveEntry(kind: .file, path: path, mode: mode, data: Data(bytes).base64EncodedString(), target: nil)
    }

    public static func directory(_ path: String, mode: Int = 0o755) -> ArchiveEntry {
        ArchiveEntry(kind: .directory, path: path, mode: mode, data: nil, target: nil)
    }

    /// A symbolic link at `path` whose target is `target` (stored as is).
    public static func symlink(_ path: String, to target: String) -> ArchiveEntry {
        ArchiveEntry(kind: .symlink, path: path, mode: 0o777, data: nil, target: target)
    }

    /// A hard link at `path` to the member `target` (tar only).
    public static func hardlink(_ path: String, to target: String) -> ArchiveEntry {
        ArchiveEntry(kind: .hardlink, path: path, mode: 0o644, data: nil, target: target)
    }

    /// A fifo (tar only).
    public static func fifo(_ path: String) -> ArchiveEntry {
        ArchiveEntry(kind: .fifo, path: path, mode: 0o644, data: nil, target: nil)
    }

    /// A character device node, 1:3 (/dev/null's numbers) (tar only).
    public static func characterDevice(_ path: String) -> ArchiveEntry {
        ArchiveEntry(kind: .characterDevice, path: path, mode: 0o644, data: nil, target: nil)
    }
}

/// Builds real archives at test time with python3's `tarfile`/`zipfile` (and the `zstd` CLI for
/// `.tar.zst`). Python is used because it writes any member name, including `../x` and `/abs`,
/// symlinks and hard links pointing anywhere, fifos and device nodes, without needing root.
///
/// ```swift
/// try ArchiveBuilder.build([.directory("python"), .file("python/bin/python3", "#!/bin/sh", mode: 0o755),
///                           .symlink("python/bin/python", to: "python3")], format: .tarGz, at: path)
/// ```
public enum ArchiveBuilder {
    private struct Spec: Encodable {
        var format: String
        var output: String
        var entries: [ArchiveEntry]
    }

    /// Writes `entries` in order to a new archive at `output`. Throws `TestSupportError` on failure
    /// (e.g. a hard link, fifo or device in a zip).
    public static func build(_ entries: [ArchiveEntry], format: ArchiveFormat, at output: String) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let scriptPath = scratch.appendingPathComponent("build.py").path
        let specPath = scratch.appendingPathComponent("spec.json").path
        try archiveBuilderScript.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let tarPath = scratch.appendingPathComponent("archive.tar").path
        let pythonFormat = format == .tarZst ? "tar" : format.rawValue
        let spec = Spec(format: pythonFormat, output: format == .tarZst ? tarPath : output, entries: entries)
        try JSONEncoder().encode(spec).write(to: URL(fileURLWithPath: specPath))
        let result = try runProcess("python3", [scriptPath, specPath])
        guard result.status == 0 else { throw TestSupportError("building \(output) failed: \(result.stderr)") }
        if format == .tarZst {
            let zstd = try runProcess("zstd", ["-q", "-f", tarPath, "-o", output])
            guard zstd.status == 0 else { throw TestSupportError("zstd failed: \(zstd.stderr)") }
        }
    }

    /// Archives the folder `tree` (files, folders and symlinks, with their modes), every path under
    /// `prefix` (e.g. `python`, like python-build-standalone; nil for none).
    public static func build(tree: String, format: ArchiveFormat, at output: String, prefix: String? = "python") throws {
        try build(entries(ofTree: tree, prefix: prefix), format: format, at: output)
    }

    /// The entries `build(tree:…)` writes, parents before children, in sorted order.
    public static func entries(ofTree tree: String, prefix: String? = "python") throws -> [ArchiveEntry] {
        let fileManager = FileManager.default
        let join = { (relative: String) in prefix.map { relative.isEmpty ? $0 : "\($0)/\(relative)" } ?? relative }
        var result: [ArchiveEntry] = prefix.map { [.directory($0)] } ?? []
        for relative in try fileManager.subpathsOfDirectory(atPath: tree).sorted() {
            let full = tree + "/" + relative
            let attributes = try fileManager.attributesOfItem(atPath: full)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?:
                result.append(.directory(join(relative), mode: mode))
            case .typeSymbolicLink?:
                result.append(.symlink(join(relative), to: try fileManager.destinationOfSymbolicLink(atPath: full)))
            case .typeRegular?:
                let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
                result.append(.file(join(relative), bytes: Array(bytes), mode: mode))
            default:
                throw TestSupportError("\(full) is not a file, folder or symlink")
            }
        }
        return result
    }
}
