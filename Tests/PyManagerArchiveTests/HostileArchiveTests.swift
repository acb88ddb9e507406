import Foundation
import PyManagerArchive
import TestSupport
import Testing

/// One hostile archive: its members, the member that must be named, and why.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var format: ArchiveFormat
    var entries: [ArchiveEntry]
    var member: String
    var reason: UnsafeMemberReason
    var testDescription: String { "\(name) (\(format.rawValue))" }
}

let ok = ArchiveEntry.file("python/lib/ok.py", "fine")

let hostileCases: [HostileCase] = [
    HostileCase(name: "../ member", format: .tarGz, entries: [ok, .file("../escape", "x")],
                member: "../escape", reason: .parentDirectoryReference),
    HostileCase(name: "nested .. member", format: .tarGz, entries: [ok, .file("python/lib/../../../escape", "x")],
                member: "python/lib/../../../escape", reason: .parentDirectoryReference),
    HostileCase(name: "absolute member", format: .tarGz, entries: [ok, .file("/abs", "x")],
                member: "/abs", reason: .absolutePath),
    HostileCase(name: "absolute symlink", format: .tarGz, entries: [ok, .symlink("python/passwd", to: "/etc/passwd")],
                member: "python/passwd", reason: .linkOutsideDestination(target: "/etc/passwd")),
    HostileCase(name: "symlink climbing out", format: .tarGz, entries: [ok, .symlink("python/lib/up", to: "../../..")],
                member: "python/lib/up", reason: .linkOutsideDestination(target: "../../..")),
    HostileCase(name: "symlink out of the stripped folder", format: .tarGz,
                entries: [ok, .symlink("python/sibling", to: "../other")],
                member: "python/sibling", reason: .linkOutsideDestination(target: "../other")),
    HostileCase(name: "symlink escaping through another symlink", format: .tarGz,
                entries: [ok, .symlink("python/here", to: "."), .directory("python/x"),
                          .symlink("python/x/y", to: "../here/..")],
                member: "python/x/y", reason: .linkOutsideDestination(target: "../here/..")),
    HostileCase(name: "file written through an escaping symlink", format: .tarGz,
                entries: [ok, .symlink("python/tmp", to: "/tmp"), .file("python/tmp/evil", "x")],
                member: "python/tmp", reason: .linkOutsideDestination(target: "/tmp")),
    HostileCase(name: "file written through an in-tree symlink", format: .tarGz,
                entries: [ok, .symlink("python/alias", to: "lib"), .file("python/alias/evil.py", "x")],
                member: "python/alias/evil.py", reason: .insideNonDirectory(parent: "alias")),
    HostileCase(name: "duplicate replacing a symlink with a file", format: .tarGz,
                entries: [ok, .symlink("python/lib/link", to: "ok.py"), .file("python/lib/link", "x")],
                member: "python/lib/link", reason: .duplicate),
    HostileCase(name: "hard link to an absolute path", format: .tarGz,
                entries: [ok, .hardlink("python/passwd", to: "/etc/passwd")],
                member: "python/passwd", reason: .absolutePath),
    HostileCase(name: "hard link climbing out", format: .tarGz,
                entries: [ok, .hardlink("python/passwd", to: "../../etc/passwd")],
                member: "python/passwd", reason: .parentDirectoryReference),
    HostileCase(name: "hard link to a file not in the archive", format: .tarGz,
                entries: [ok, .hardlink("python/lib/h", to: "python/lib/missing")],
                member: "python/lib/h", reason: .hardLinkTargetNotInArchive(target: "python/lib/missing")),
    HostileCase(name: "hard link out of the stripped folder", format: .tarGz,
                entries: [.file("python/a", "a"), .hardlink("python/h", to: "elsewhere/a")],
                member: "python/h", reason: .hardLinkTargetNotInArchive(target: "elsewhere/a")),
    HostileCase(name: "character device", format: .tarGz, entries: [ok, .characterDevice("python/null")],
                member: "python/null", reason: .unsupportedType("character device")),
    HostileCase(name: "fifo", format: .tarXz, entries: [ok, .fifo("python/pipe")],
                member: "python/pipe", reason: .unsupportedType("fifo")),
    HostileCase(name: "../ member", format: .zip, entries: [ok, .file("../escape", "x")],
                member: "../escape", reason: .parentDirectoryReference),
    HostileCase(name: "absolute member", format: .zip, entries: [ok, .file("/abs", "x")],
                member: "/abs", reason: .absolutePath),
    HostileCase(name: "symlink climbing out", format: .zip, entries: [ok, .symlink("python/up", to: "../../x")],
                member: "python/up", reason: .linkOutsideDestination(target: "../../x")),
    HostileCase(name: "absolute member", format: .tarZst, entries: [ok, .file("/abs", "x")],
                member: "/abs", reason: .absolutePath),
]

@Suite("Hostile archives are refused, leaving nothing behind")
struct HostileArchiveTests {
    @Test("the member is named and no file is written", arguments: hostileCases)
    func refused(_ hostile: HostileCase) throws {
        // GIVEN a hostile archive in a folder that also holds the staging folder's parent
        let root = try TempRoot()
        let archive = root.work + "/hostile." + hostile.format.fileExtension
        try ArchiveBuilder.build(hostile.entries, format: hostile.format, at: archive)
        let parent = root.work + "/installs"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: false)
        let destination = parent + "/staging"
        let before = tree(root.path)

        // WHEN extracting
        let error = archiveError { () throws(ArchiveError) in try extract(archive: archive, into: destination) }

        // THEN the member is named, and neither the destination nor anything around it changed
        #expect(error == .unsafeMember(archive: archive, member: hostile.member, reason: hostile.reason))
        #expect(error?.description.contains("'\(hostile.member)'") == true)
        #expect(!FileManager.default.fileExists(atPath: destination))
        #expect(tree(root.path) == before)
        #expect(!FileManager.default.fileExists(atPath: "/abs"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/evil"))
    }

    @Test("an existing empty staging folder stays empty after a refusal")
    func existingStagingStaysEmpty() throws {
        let root = try TempRoot()
        let archive = root.work + "/hostile.tar.gz"
        try ArchiveBuilder.build(
            [.directory("python"), .file("python/a.txt", "a"), .file("python/../escape", "x")], format: .tarGz,
            at: archive)
        let destination = root.work + "/staging"
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false)
        let error = archiveError { () throws(ArchiveError) in try extract(archive: archive, into: destination) }
        #expect(error == .unsafeMember(archive: archive, member: "python/../escape", reason: .parentDirectoryReference))
        #expect(tree(destination) == [])
        #expect(!FileManager.default.fileExists(atPath: root.work + "/escape"))
    }

    @Test("listMembers reports hostile members without writing anything")
    func listing() throws {
        let root = try TempRoot()
        let archive = root.work + "/hostile.tar.gz"
        try ArchiveBuilder.build(
            [.file("/abs", "x"), .symlink("up", to: "../.."), .characterDevice("null")], format: .tarGz, at: archive)
        let members = try listMembers(archive: archive)
        #expect(members.map(\.path) == ["/abs", "up", "null"])
        #expect(members.map(\.kind) == [.file, .symlink(target: "../.."), .other("character device")])
    }
}
