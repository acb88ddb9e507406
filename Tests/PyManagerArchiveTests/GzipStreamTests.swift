import Foundation
import PyManagerArchive
import TestSupport
import Testing

/// `.tar.gz` archives are inflated by ISA-L's igzip and handed to libarchive as a plain tar. These
/// cases hold it to what libarchive's own gzip filter (and `gzip -d`) accepts and refuses.
@Suite("gzip archives decoded with igzip")
struct GzipStreamTests {
    /// Files larger than the decoder's 256 KiB buffers, so members cross buffer boundaries at odd
    /// offsets; partly compressible (text) and partly not (noise, stored blocks).
    static let entries: [ArchiveEntry] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let noise = (0..<300_000).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let text = (0..<40_000).map { "line \($0) of a module\n" }.joined()
        return [
            .directory("python"), .directory("python/lib"),
            .file("python/lib/text.py", text), .file("python/lib/noise.bin", bytes: noise, mode: 0o755),
            .file("python/lib/empty.py", ""), .file("python/lib/small.py", "x = 1\n"),
            .symlink("python/lib/link.py", to: "small.py"),
        ]
    }()

    /// A `.tar.gz` of `entries` and its plain `.tar` (decompressed with `gzip -d`).
    func archives(_ root: TempRoot) throws -> (gz: String, tar: String) {
        let tar = root.work + "/runtime.tar"
        try ArchiveBuilder.build(Self.entries, format: .tarGz, at: tar + ".gz")
        let gunzip = try runProcess("gzip", ["-dk", tar + ".gz"])
        try #require(gunzip.status == 0, "gzip -dk: \(gunzip.stderr)")
        return (tar + ".gz", tar)
    }

    /// Checks that `destination` holds exactly `entries`, stripped of `python/`.
    func expectExtracted(_ destination: String) throws {
        #expect(tree(destination) == ["lib", "lib/empty.py", "lib/link.py", "lib/noise.bin", "lib/small.py", "lib/text.py"])
        for case let entry in Self.entries where entry.kind == .file {
            let path = destination + "/" + entry.path.dropFirst("python/".count)
            #expect(FileManager.default.contents(atPath: path) == entry.data.flatMap { Data(base64Encoded: $0) } ?? Data())
        }
        #expect(permissions(destination + "/lib/noise.bin") == 0o755)
        #expect(linkTarget(destination + "/lib/link.py") == "small.py")
    }

    @Test("a tar.gz lists and extracts exactly as its plain tar does")
    func matchesPlainTar() throws {
        let root = try TempRoot()
        let (gz, tar) = try archives(root)
        #expect(try listMembers(archive: gz) == listMembers(archive: tar))
        try extract(archive: gz, into: root.work + "/from-gz")
        try expectExtracted(root.work + "/from-gz")
    }

    @Test("concatenated gzip members are one stream, split anywhere", arguments: [1, 10, 512, 262_145, 400_001])
    func concatenatedMembers(split: Int) throws {
        let root = try TempRoot()
        let (_, tar) = try archives(root)
        let plain = try Data(contentsOf: URL(fileURLWithPath: tar))
        let first = root.work + "/first.tar", second = root.work + "/second.tar"
        try plain.prefix(split).write(to: URL(fileURLWithPath: first))
        try plain.dropFirst(split).write(to: URL(fileURLWithPath: second))
        let joined = root.work + "/joined.tar.gz"
        let result = try runProcess("sh", ["-c", "gzip -c '\(first)' > '\(joined)' && gzip -c '\(second)' >> '\(joined)'"])
        try #require(result.status == 0, "gzip: \(result.stderr)")

        try extract(archive: joined, into: root.work + "/staging")
        try expectExtracted(root.work + "/staging")
    }

    @Test("bytes after the last member that start no other member are ignored, as gzip -d does")
    func trailingBytes() throws {
        let root = try TempRoot()
        let (gz, _) = try archives(root)
        var data = try Data(contentsOf: URL(fileURLWithPath: gz))
        data.append(Data(repeating: 0, count: 1024))
        try data.write(to: URL(fileURLWithPath: gz))
        try extract(archive: gz, into: root.work + "/staging")
        try expectExtracted(root.work + "/staging")
    }

    /// Damage the archive, extract it into a folder the caller made: refused (unreadable, or cannot
    /// be opened when the very start is damaged) with `reason`, the folder emptied.
    @Test(
        "damaged gzip data is refused and leaves nothing behind",
        arguments: [
            ("a flipped byte in the CRC-32", -8, "CRC-32"),
            ("a flipped byte in the length", -2, "CRC-32"),
            ("a flipped byte in stored (noise) data", 200_000, "CRC-32"),
            ("a cut inside the trailer", -3, "ends early"),
            ("a cut in the middle", 150_000, "ends early"),
            ("a bad compression method in the header", 2, "header"),
        ])
    func damaged(what: String, offset: Int, reason: String) throws {
        let root = try TempRoot()
        let (gz, _) = try archives(root)
        var data = try Data(contentsOf: URL(fileURLWithPath: gz))
        let position = offset < 0 ? data.count + offset : offset
        if what.hasPrefix("a cut") {
            data = data.prefix(position)
        } else {
            data[position] ^= 0x5A
        }
        try data.write(to: URL(fileURLWithPath: gz))
        let staging = root.work + "/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)

        let error = archiveError { () throws(ArchiveError) in try extract(archive: gz, into: staging) }

        let archive: String, text: String
        switch error {
        case .unreadable(let name, _, let reason)?, .cannotOpen(let name, let reason)?: (archive, text) = (name, reason)
        default:
            Issue.record("\(what): expected unreadable, got \(String(describing: error))")
            return
        }
        #expect(archive == gz)
        #expect(text.contains(reason), "\(what): \(text)")
        #expect(tree(staging) == [], "\(what): the staging folder is emptied")
    }

    @Test("stopping early, while the decoding thread is ahead, neither hangs nor leaves files")
    func stopsEarly() throws {
        // GIVEN a tar.gz whose data fills the decoder's buffers many times over
        let root = try TempRoot()
        let archive = root.work + "/long.tar.gz"
        let chunk = (0..<100_000).map { "row \($0) \($0 &* 2_654_435_761)\n" }.joined()
        try ArchiveBuilder.build(
            [.directory("python")] + (0..<4).map { .file("python/part\($0).txt", chunk) }, format: .tarGz, at: archive)
        let staging = root.work + "/staging"

        // WHEN the member limit stops the extraction at the second member
        let limits = ExtractionLimits(maxExpandedSize: 1 << 30, maxMembers: 2)
        let error = archiveError { () throws(ArchiveError) in try extract(archive: archive, into: staging, limits: limits) }

        // THEN it is refused, and a listing of the same archive still reads it whole
        #expect(error == .exceedsLimit(archive: archive, limit: .memberCount(2)))
        #expect(!FileManager.default.fileExists(atPath: staging))
        #expect(try listMembers(archive: archive).count == 5)
    }
}
