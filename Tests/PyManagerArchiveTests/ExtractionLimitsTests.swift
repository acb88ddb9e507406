import Foundation
import PyManagerArchive
import TestSupport
import Testing

/// Decompression bombs and full disks: refused before the limit is written, nothing left behind.
@Suite("Extraction limits and expanded-size estimates")
struct ExtractionLimitsTests {
    /// Ten 10 KiB files and their folders: 102,400 bytes of data in 12 members.
    static let tenFiles: [ArchiveEntry] = [.directory("python"), .directory("python/lib")]
        + (0..<10).map { .file("python/lib/f\($0).bin", String(repeating: "\($0)", count: 10 * 1024)) }

    @Test("the container's expanded size is read without decompressing", arguments: ArchiveFormat.allCases)
    func estimates(format: ArchiveFormat) throws {
        let root = try TempRoot()
        let archive = root.work + "/runtime." + format.fileExtension
        try ArchiveBuilder.build(Self.tenFiles, format: format, at: archive)
        let estimate = try #require(expandedSizeEstimate(archive: archive))
        // A tar stream: the data plus a 512-byte header per member, padded to 10 KiB records.
        let data: Int64 = 10 * 10 * 1024
        if format == .zip {
            #expect(estimate == data)
        } else {
            #expect(estimate >= data + 12 * 512)
            #expect(estimate <= data + 12 * 1024 + 10 * 1024)
        }
    }

    @Test("a plain tar's estimate is its size; an unknown file has none")
    func plainTarAndGarbage() throws {
        let root = try TempRoot()
        let tar = root.work + "/runtime.tar"
        try ArchiveBuilder.build(Self.tenFiles, format: .tarGz, at: tar + ".gz")
        let gunzip = try runProcess("gzip", ["-dk", tar + ".gz"])
        #expect(gunzip.status == 0)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: tar)[.size] as? Int)
        #expect(expandedSizeEstimate(archive: tar) == Int64(size))

        let garbage = root.work + "/garbage.bin"
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: garbage))
        #expect(expandedSizeEstimate(archive: garbage) == nil)
        #expect(expandedSizeEstimate(archive: root.work + "/missing.tar.gz") == nil)
    }

    @Test("a zip whose central directory claims 4 GiB is not read into memory")
    func hostileDirectorySize() throws {
        let root = try TempRoot()
        let archive = root.work + "/hostile.zip"
        try ArchiveBuilder.build(Self.tenFiles, format: .zip, at: archive)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: archive)))
        // The end-of-central-directory record is the last 22 bytes; its directory size is at 12.
        for i in 0..<4 { bytes[bytes.count - 22 + 12 + i] = 0xFF }
        try Data(bytes).write(to: URL(fileURLWithPath: archive))
        func peakKiB() -> Int {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return usage.ru_maxrss
        }
        let before = peakKiB()
        #expect(expandedSizeEstimate(archive: archive) == nil)
        #expect(peakKiB() - before < 256 << 10, "the estimate allocated \((peakKiB() - before) >> 10) MiB")
    }

    @Test("a zstd frame without a content size (written to a pipe) has no estimate")
    func zstdFromPipe() throws {
        let root = try TempRoot()
        let archive = root.work + "/stream.tar.zst"
        let result = try runProcess("sh", ["-c", "head -c 100000 /dev/zero | zstd -q -c > '\(archive)'"])
        #expect(result.status == 0)
        #expect(expandedSizeEstimate(archive: archive) == nil)
    }

    @Test("past a member or size limit: refused before the member that crosses it is written, nothing left",
          arguments: ArchiveFormat.allCases)
    func pastALimit(format: ArchiveFormat) throws {
        let root = try TempRoot()
        let archive = root.work + "/big." + format.fileExtension
        try ArchiveBuilder.build(Self.tenFiles, format: format, at: archive)
        let cases: [(ExtractionLimits, ExtractionLimit, String)] = [
            (ExtractionLimits(maxExpandedSize: 1 << 30, maxMembers: 5), .memberCount(5), "more than 5 members"),
            (ExtractionLimits(maxExpandedSize: 50_000, maxMembers: 100), .expandedSize(50_000), "48.8 KiB"),
        ]
        for (limits, limit, text) in cases {
            let destination = root.work + "/staging"
            let error = archiveError { () throws(ArchiveError) in
                try extract(archive: archive, into: destination, limits: limits)
            }
            #expect(error == .exceedsLimit(archive: archive, limit: limit))
            #expect(error?.description.contains(text) == true, "\(String(describing: error))")
            #expect(!FileManager.default.fileExists(atPath: destination))
        }
    }

    @Test("less free space than the data: not enough space, naming the folder", arguments: ArchiveFormat.allCases)
    func notEnoughSpace(format: ArchiveFormat) throws {
        let root = try TempRoot()
        let archive = root.work + "/big." + format.fileExtension
        try ArchiveBuilder.build(Self.tenFiles, format: format, at: archive)
        let destination = root.work + "/staging"
        let error = archiveError { () throws(ArchiveError) in
            try extract(
                archive: archive, into: destination,
                limits: ExtractionLimits(maxExpandedSize: 1 << 30, maxMembers: 100, availableBytes: 30_000))
        }
        guard case .notEnoughSpace(let folder, let named, let needed, let available)? = error else {
            Issue.record("expected notEnoughSpace, got \(String(describing: error))")
            return
        }
        #expect(folder == root.work)
        #expect(named == archive)
        #expect(needed > 30_000 && needed <= 40_960)
        #expect(available == 30_000)
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test("an archive within the limits extracts as before")
    func withinLimits() throws {
        let root = try TempRoot()
        let archive = root.work + "/ok.tar.gz"
        try ArchiveBuilder.build(Self.tenFiles, format: .tarGz, at: archive)
        let destination = root.work + "/staging"
        try extract(
            archive: archive, into: destination,
            limits: ExtractionLimits(maxExpandedSize: 102_400, maxMembers: 12, availableBytes: 102_400))
        #expect(tree(destination).count == 11)
    }

    @Test("checkUpFront refuses a known size over the limit or the free space")
    func upFront() {
        let limits = ExtractionLimits(maxExpandedSize: 1000, maxMembers: 10, availableBytes: 500)
        #expect(archiveError { () throws(ArchiveError) in try limits.checkUpFront(expandedSize: 400, archive: "a", folder: "/d") } == nil)
        #expect(archiveError { () throws(ArchiveError) in try limits.checkUpFront(expandedSize: 600, archive: "a", folder: "/d") }
            == .notEnoughSpace(folder: "/d", archive: "a", needed: 600, available: 500))
        #expect(archiveError { () throws(ArchiveError) in try limits.checkUpFront(expandedSize: 1001, archive: "a", folder: "/d") }
            == .exceedsLimit(archive: "a", limit: .expandedSize(1000)))
    }

    @Test("byte counts read as people write them", arguments: [
        (Int64(0), "0 bytes"), (1, "1 byte"), (1023, "1023 bytes"), (1024, "1.0 KiB"), (1536, "1.5 KiB"),
        (4 << 30, "4.0 GiB"), (10 << 30, "10.0 GiB"), (157_286_400, "150.0 MiB"), (3 << 40, "3.0 TiB"),
    ])
    func byteCounts(bytes: Int64, text: String) {
        #expect(byteCount(bytes) == text)
    }
}
