import Foundation
import PyManagerArchive
import TestSupport
import Testing

@Suite("Extraction of well-formed archives")
struct ExtractTests {
    @Test("each format extracts, stripping python/, keeping modes and in-tree symlinks", arguments: ArchiveFormat.allCases)
    func extractsEachFormat(format: ArchiveFormat) throws {
        let root = try TempRoot()
        let archive = root.work + "/runtime." + format.fileExtension
        try ArchiveBuilder.build(runtimeEntries, format: format, at: archive)
        let destination = root.work + "/staging"

        try extract(archive: archive, into: destination)

        #expect(tree(destination) == [
            "bin", "bin/python3", "bin/python3.12", "bin/setuid-tool", "lib", "lib/bin-link", "lib/os.py",
            "lib/readonly.txt", "lib/shared.txt",
        ])
        #expect(contents(destination + "/bin/python3.12") == "#!/bin/sh\necho fake\n")
        #expect(permissions(destination + "/bin/python3.12") == 0o755)
        #expect(permissions(destination + "/lib/os.py") == 0o644)
        #expect(permissions(destination + "/lib/readonly.txt") == 0o444)
        #expect(permissions(destination + "/lib/shared.txt") == 0o664)
        #expect(permissions(destination + "/bin/setuid-tool") == 0o755)
        #expect(linkTarget(destination + "/bin/python3") == "python3.12")
        #expect(linkTarget(destination + "/lib/bin-link") == "../bin/python3")
        #expect(contents(destination + "/lib/bin-link") == "#!/bin/sh\necho fake\n")
    }

    @Test("stripCommonTopLevel: false keeps the top folder")
    func noStrip() throws {
        let root = try TempRoot()
        let archive = root.work + "/runtime.tar.gz"
        try ArchiveBuilder.build(runtimeEntries, format: .tarGz, at: archive)
        let destination = root.work + "/staging"
        try extract(archive: archive, into: destination, stripCommonTopLevel: false)
        #expect(contents(destination + "/python/lib/os.py") == "import sys\n")
    }

    @Test("two top-level entries: nothing is stripped")
    func twoTopLevels() throws {
        let root = try TempRoot()
        let archive = root.work + "/two.zip"
        try ArchiveBuilder.build([.file("a/x.txt", "x"), .file("b/y.txt", "y")], format: .zip, at: archive)
        let destination = root.work + "/staging"
        try extract(archive: archive, into: destination)
        #expect(tree(destination) == ["a", "a/x.txt", "b", "b/y.txt"])
    }

    @Test("a single top-level file is not mistaken for a folder to strip")
    func singleFile() throws {
        let root = try TempRoot()
        let archive = root.work + "/one.tar.gz"
        try ArchiveBuilder.build([.file("python", "just a file")], format: .tarGz, at: archive)
        let destination = root.work + "/staging"
        try extract(archive: archive, into: destination)
        #expect(contents(destination + "/python") == "just a file")
    }

    @Test("an in-tree hard link is extracted, its target stripped too")
    func inTreeHardlink() throws {
        let root = try TempRoot()
        let archive = root.work + "/links.tar.xz"
        try ArchiveBuilder.build(
            [.directory("python"), .file("python/bin/python3.12", "binary", mode: 0o755),
             .hardlink("python/bin/python3", to: "python/bin/python3.12")],
            format: .tarXz, at: archive)
        let destination = root.work + "/staging"
        try extract(archive: archive, into: destination)
        let first = try FileManager.default.attributesOfItem(atPath: destination + "/bin/python3.12")
        let second = try FileManager.default.attributesOfItem(atPath: destination + "/bin/python3")
        #expect(first[.systemFileNumber] as? Int == second[.systemFileNumber] as? Int)
        #expect(contents(destination + "/bin/python3") == "binary")
    }

    @Test("an archive built from a real folder round-trips")
    func fromTree() throws {
        let root = try TempRoot()
        let source = root.work + "/src"
        try FileManager.default.createDirectory(atPath: source + "/bin", withIntermediateDirectories: true)
        try "#!/bin/sh\n".write(toFile: source + "/bin/tool", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: source + "/bin/tool")
        try FileManager.default.createSymbolicLink(atPath: source + "/tool", withDestinationPath: "bin/tool")
        let archive = root.work + "/tree.tar.zst"
        try ArchiveBuilder.build(tree: source, format: .tarZst, at: archive)
        #expect(try listMembers(archive: archive).map(\.description) == [
            "python/", "python/bin/", "python/bin/tool", "python/tool -> bin/tool",
        ])
        let destination = root.work + "/staging"
        try extract(archive: archive, into: destination)
        #expect(permissions(destination + "/bin/tool") == 0o750)
        #expect(linkTarget(destination + "/tool") == "bin/tool")
    }

    @Test("an existing empty destination is used; a non-empty one is refused")
    func destinationContract() throws {
        let root = try TempRoot()
        let archive = root.work + "/runtime.tar.gz"
        try ArchiveBuilder.build(runtimeEntries, format: .tarGz, at: archive)
        let empty = root.work + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        try extract(archive: archive, into: empty)
        #expect(contents(empty + "/lib/os.py") == "import sys\n")

        let error = archiveError { () throws(ArchiveError) in try extract(archive: archive, into: empty) }
        #expect(error == .destinationNotEmpty(path: empty))
    }

    @Test("a missing or non-archive file cannot be opened")
    func notAnArchive() throws {
        let root = try TempRoot()
        let missing = root.work + "/missing.tar.gz"
        let destination = root.work + "/staging"
        guard case .cannotOpen(let path, _)? = archiveError({ () throws(ArchiveError) in
            try extract(archive: missing, into: destination)
        }) else {
            Issue.record("expected cannotOpen")
            return
        }
        #expect(path == missing)
        #expect(!FileManager.default.fileExists(atPath: destination))

        let garbage = try root.write(String(repeating: "not an archive ", count: 100), to: "work/garbage.tar.gz")
        let error = archiveError { () throws(ArchiveError) in try extract(archive: garbage, into: destination) }
        #expect(error != nil)
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test("a truncated tar.gz is refused and leaves nothing behind")
    func truncated() throws {
        let root = try TempRoot()
        let archive = root.work + "/big.tar.gz"
        let big = (0..<2_000).map { "line \($0) of a file that compresses\n" }.joined()
        try ArchiveBuilder.build([.file("python/a.txt", big), .file("python/b.txt", big)], format: .tarGz, at: archive)
        let data = try Data(contentsOf: URL(fileURLWithPath: archive))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: archive))
        let destination = root.work + "/staging"
        let error = archiveError { () throws(ArchiveError) in try extract(archive: archive, into: destination) }
        guard case .unreadable? = error else {
            Issue.record("expected unreadable, got \(String(describing: error))")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test("a zip whose second member's data is corrupt fails mid-write and is cleaned up")
    func corruptDataCleanedUp() throws {
        let root = try TempRoot()
        let archive = root.work + "/corrupt.zip"
        let noise = (0..<20_000).map { _ in UInt8.random(in: 0...255) }
        try ArchiveBuilder.build(
            [.file("python/first.txt", "fine"), .file("python/second.bin", bytes: noise)], format: .zip, at: archive)
        var data = try Data(contentsOf: URL(fileURLWithPath: archive))
        let name = Data("python/second.bin".utf8)
        let nameRange = try #require(data.range(of: name))
        let target = nameRange.upperBound + 1_000
        data[target] ^= 0xFF
        try data.write(to: URL(fileURLWithPath: archive))

        let existing = root.work + "/existing-empty"
        try FileManager.default.createDirectory(atPath: existing, withIntermediateDirectories: false)
        let error = archiveError { () throws(ArchiveError) in try extract(archive: archive, into: existing) }
        #expect(error != nil)
        #expect(tree(existing) == [], "the staging folder is emptied after a failure")
        #expect(FileManager.default.fileExists(atPath: existing), "a folder the caller made is kept")
    }
}
