/// The index of one store of managed installs: every install folder's name and
/// the bytes of its `__install__.json`, in one file, so that a launch reads one
/// file instead of one per install (DESIGN.md "Shared machines": launch cost
/// does not grow with the stores).
///
/// The index is only a cache. It names the state of the store folder it was
/// built from (`stamp`: device, inode, modification and change times); a
/// reader uses it only when the folder's stamp is still the same, and reads
/// the folders otherwise. Adding, removing, renaming or exchanging an install
/// folder changes the store folder's times, so a stale index is never used: it
/// cannot launch a removed runtime or hide a new one. A partial or corrupt
/// file does not parse and is ignored the same way.
///
/// Text layout (version 1):
///
///     pymanager-store-index 1 <stamp>\n
///     <folder name>\t<record length in bytes>\n<record bytes>\n   (once per install)
///     end <number of installs>\n
public struct StoreIndex: Sendable, Equatable {
    public static let magic = "pymanager-store-index 1 "

    /// One install: its folder name and its `__install__.json` bytes.
    public struct Entry: Sendable, Equatable {
        public var folder: String
        public var record: [UInt8]

        public init(folder: String, record: [UInt8]) {
            self.folder = folder
            self.record = record
        }
    }

    /// The store folder's state the entries describe (opaque; one line, no tabs).
    public var stamp: String
    public var entries: [Entry]

    public init(stamp: String, entries: [Entry]) {
        self.stamp = stamp
        self.entries = entries
    }

    /// The file's bytes.
    public var bytes: [UInt8] {
        var out = Array((StoreIndex.magic + stamp + "\n").utf8)
        for entry in entries {
            out += Array("\(entry.folder)\t\(entry.record.count)\n".utf8)
            out += entry.record
            out.append(UInt8(ascii: "\n"))
        }
        out += Array("end \(entries.count)\n".utf8)
        return out
    }

    /// Parses an index file; `nil` for anything but a complete, well-formed
    /// one (a truncated, corrupt or other-version file is simply not used).
    public init?(parsing bytes: [UInt8]) {
        let newline = UInt8(ascii: "\n")
        var position = 0
        func line() -> String? {
            guard let end = bytes[position...].firstIndex(of: newline) else { return nil }
            defer { position = end + 1 }
            return String(decoding: bytes[position..<end], as: UTF8.self)
        }
        guard let header = line(), header.hasPrefix(StoreIndex.magic) else { return nil }
        stamp = String(header.dropFirst(StoreIndex.magic.count))
        guard !stamp.isEmpty, !stamp.contains("\t") else { return nil }
        entries = []
        while true {
            guard let text = line() else { return nil }
            if text.hasPrefix("end ") {
                guard Int(text.dropFirst(4)) == entries.count, position == bytes.count else { return nil }
                return
            }
            let parts = text.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 2, let length = Int(parts[1]), length >= 0, bytes.count - position > length,
                bytes[position + length] == newline
            else { return nil }
            let folder = String(parts[0])
            guard FeedEntry.isSafeID(folder) else { return nil }
            entries.append(Entry(folder: folder, record: Array(bytes[position..<position + length])))
            position += length + 1
        }
    }
}
