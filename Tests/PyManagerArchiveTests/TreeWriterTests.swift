import Foundation
@testable import PyManagerArchive
import TestSupport
import Testing

/// `TreeWriter` on its own: whatever is planted in the tree, nothing is written through a symlink
/// or over an existing file, and the modes, times and sizes come out as the archive says.
@Suite("TreeWriter: *at writes that never follow a symlink")
struct TreeWriterTests {
    /// A fresh destination folder and a folder outside it that must stay untouched.
    func folders() throws -> (root: TempRoot, destination: String, outside: String) {
        let root = try TempRoot()
        let destination = root.work + "/staging", outside = root.work + "/outside"
        for folder in [destination, outside] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        return (root, destination, outside)
    }

    func file(_ path: String, size: Int64 = 1, mode: mode_t = 0o644, modified: Int? = nil) -> TreeItem {
        TreeItem(member: "python/" + path, components: path.split(separator: "/").map(String.init),
                 kind: .file(size: size), mode: mode, modified: modified.map { timespec(tv_sec: $0, tv_nsec: 0) })
    }

    /// `count` bytes of "A" (the caller deallocates them).
    static func bytes(_ count: Int) -> UnsafeMutableRawPointer {
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 1)
        bytes.initializeMemory(as: UInt8.self, repeating: 65, count: count)
        return bytes
    }

    func writeFailure(_ body: () throws(ArchiveError) -> Void) -> String? {
        guard case .writeFailed(_, _, let reason)? = archiveError(body) else { return nil }
        return reason
    }

    @Test("a symlink planted on a folder of the path is not followed")
    func symlinkedFolder() throws {
        let (root, destination, outside) = try folders()
        defer { withExtendedLifetime(root) {} }
        try FileManager.default.createSymbolicLink(atPath: destination + "/lib", withDestinationPath: outside)
        let writer = try TreeWriter(archive: "a.tar.gz", destination: destination)

        let reason = writeFailure { () throws(ArchiveError) in try writer.begin(file("lib/os.py")) }

        #expect(reason?.contains("open the folder") == true, "\(String(describing: reason))")
        #expect(tree(outside) == [])
    }

    @Test("a symlink or a file planted at a file's name is neither followed nor overwritten")
    func plantedAtName() throws {
        let (root, destination, outside) = try folders()
        defer { withExtendedLifetime(root) {} }
        try "keep".write(toFile: outside + "/target", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: destination + "/link.py", withDestinationPath: outside + "/target")
        try "mine".write(toFile: destination + "/there.py", atomically: false, encoding: .utf8)
        let writer = try TreeWriter(archive: "a.tar.gz", destination: destination)

        #expect(writeFailure { () throws(ArchiveError) in try writer.begin(file("link.py")) }?.contains("File exists") == true)
        #expect(writeFailure { () throws(ArchiveError) in try writer.begin(file("there.py")) }?.contains("File exists") == true)
        #expect(contents(outside + "/target") == "keep")
        #expect(contents(destination + "/there.py") == "mine")
    }

    @Test("names that are not plain are refused", arguments: [["a", ".."], ["a", "."], ["", "b"], ["a/b"]])
    func notPlain(components: [String]) throws {
        let (root, destination, _) = try folders()
        defer { withExtendedLifetime(root) {} }
        let writer = try TreeWriter(archive: "a.tar.gz", destination: destination)
        let item = TreeItem(member: "m", components: components, kind: .file(size: 0), mode: 0o644, modified: nil)
        #expect(writeFailure { () throws(ArchiveError) in try writer.begin(item) } == "the path is not plain names")
        #expect(tree(destination) == [])
    }

    @Test("data past the declared size is refused")
    func longerThanDeclared() throws {
        let (root, destination, _) = try folders()
        defer { withExtendedLifetime(root) {} }
        let writer = try TreeWriter(archive: "a.tar.gz", destination: destination)
        try writer.begin(file("f.bin", size: 4))
        let bytes = Self.bytes(5)
        defer { bytes.deallocate() }
        let reason = writeFailure { () throws(ArchiveError) in
            try writer.write(bytes, count: 5, offset: 0, member: "python/f.bin")
        }
        #expect(reason == "the data is longer than its header declares")
    }

    @Test("modes without the umask, times, a sparse tail, and read-only folders set last")
    func modesTimesAndSize() throws {
        let (root, destination, _) = try folders()
        defer { withExtendedLifetime(root) {} }
        let writer = try TreeWriter(archive: "a.tar.gz", destination: destination)
        let folder = TreeItem(member: "python/ro/", components: ["ro"], kind: .directory, mode: 0o555,
                              modified: timespec(tv_sec: 1_600_000_000, tv_nsec: 0))
        try writer.begin(folder)
        try writer.begin(file("ro/shared.txt", size: 10, mode: 0o664, modified: 1_500_000_000))
        let bytes = Self.bytes(4)
        defer { bytes.deallocate() }
        try writer.write(bytes, count: 4, offset: 0, member: "python/ro/shared.txt")
        try writer.finish(member: "python/ro/shared.txt")
        try writer.close()

        let attributes = try FileManager.default.attributesOfItem(atPath: destination + "/ro/shared.txt")
        #expect(attributes[.size] as? Int == 10)
        #expect(permissions(destination + "/ro/shared.txt") == 0o664)
        #expect((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 == 1_500_000_000)
        #expect(permissions(destination + "/ro") == 0o555)
        let folderDate = try FileManager.default.attributesOfItem(atPath: destination + "/ro")[.modificationDate] as? Date
        #expect(folderDate?.timeIntervalSince1970 == 1_600_000_000)
        chmod(destination + "/ro", 0o755)  // so TempRoot can remove it without root
    }
}
