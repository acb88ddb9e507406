import PyManagerCore
import Testing

/// The store index file: a complete file round-trips; anything partial or damaged is not used.
@Suite("Store index")
struct StoreIndexTests {
    static let sample = StoreIndex(
        stamp: "2049:131:1764000000.123456789:1764000000.123456789",
        entries: [
            StoreIndex.Entry(folder: "pythoncore-3.12-64", record: Array(#"{"id": "pythoncore-3.12-64"}"#.utf8)),
            // Records may hold newlines, tabs and bytes that look like the index's own lines.
            StoreIndex.Entry(folder: "pypy-3.11-64", record: Array("{\n\t\"id\": \"pypy\"\n}\nend 2\n".utf8)),
            StoreIndex.Entry(folder: "empty-record", record: []),
        ])

    @Test("a written index parses back to the same entries and stamp")
    func roundTrip() throws {
        #expect(StoreIndex(parsing: Self.sample.bytes) == Self.sample)
        let empty = StoreIndex(stamp: "1:2:3.4:5.6", entries: [])
        #expect(StoreIndex(parsing: empty.bytes) == empty)
    }

    @Test("every truncation of a valid index is rejected")
    func truncated() {
        let bytes = Self.sample.bytes
        for length in 0..<bytes.count {
            #expect(StoreIndex(parsing: Array(bytes.prefix(length))) == nil, "accepted the first \(length) bytes")
        }
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    static let rejected: [Row] = [
        Row(name: "empty file", text: ""),
        Row(name: "another format version", text: "pymanager-store-index 2 1:2:3.4:5.6\nend 0\n"),
        Row(name: "no stamp", text: "pymanager-store-index 1 \nend 0\n"),
        Row(name: "count does not match", text: "pymanager-store-index 1 s\nend 1\n"),
        Row(name: "bytes after the end line", text: "pymanager-store-index 1 s\nend 0\nx"),
        Row(name: "record longer than the file", text: "pymanager-store-index 1 s\na\t99\n{}\nend 1\n"),
        Row(name: "record shorter than said", text: "pymanager-store-index 1 s\na\t1\n{}\nend 1\n"),
        Row(name: "negative length", text: "pymanager-store-index 1 s\na\t-1\n\nend 1\n"),
        Row(name: "no length", text: "pymanager-store-index 1 s\na\n{}\nend 1\n"),
        Row(name: "folder name with a slash", text: "pymanager-store-index 1 s\n../x\t2\n{}\nend 1\n"),
        Row(name: "hidden folder name", text: "pymanager-store-index 1 s\n.staging-x\t2\n{}\nend 1\n"),
        Row(name: "binary garbage", text: "\u{0}\u{1}\u{2}pymanager"),
    ]

    @Test("damaged files are rejected", arguments: rejected)
    func damaged(row: Row) {
        #expect(StoreIndex(parsing: Array(row.text.utf8)) == nil)
    }
}
