/// The launcher's memory of recent choices: which install (and which of its
/// `run-for` targets) a request chose, keyed by everything the choice
/// depends on, so that a repeated `py -V:3.12` reads one install record
/// instead of matching every install of both stores (DESIGN.md "Shared
/// machines": launch cost does not grow with the stores).
///
/// The key holds the request, the settings that take part in resolution
/// (`default_tag`, `default_platform`), the stamp of every store folder
/// (`StoreIndex.stamp`) and of the `py` binary (another build may choose
/// differently). Adding, removing or replacing an install changes its
/// store folder's stamp, so a remembered choice is never used after the
/// stores changed: it cannot launch a removed runtime or hide a new one.
/// Only choices among managed installs are remembered (not unmanaged
/// interpreters, whose folders have no stamp here, nor a virtual environment).
///
/// Text layout: one choice per line, newest first, at most `capacity` lines:
///
///     <key>\t<store: user|system>\t<install folder>\t<run-for index>\n
public struct LaunchMemo: Sendable, Equatable {
    public static let capacity = 32

    /// One remembered choice.
    public struct Choice: Sendable, Equatable {
        public var key: String
        public var store: Install.Store
        public var folder: String
        public var runForIndex: Int

        public init(key: String, store: Install.Store, folder: String, runForIndex: Int) {
            self.key = key
            self.store = store
            self.folder = folder
            self.runForIndex = runForIndex
        }
    }

    public var choices: [Choice]

    public init(choices: [Choice] = []) { self.choices = choices }

    /// The key for a request, or `nil` when a field cannot be kept on one line.
    ///
    /// - Parameter stamps: each store folder's stamp, in lookup order (`nil` for a missing folder),
    ///   then anything else the choice depends on (the binary's stamp).
    public static func key(request: String, defaultTag: String, defaultPlatform: String, stamps: [String?]) -> String? {
        let fields = ["1", request, defaultTag, defaultPlatform] + stamps.map { $0 ?? "-" }
        guard fields.allSatisfy({ !$0.contains("\t") && !$0.contains("\n") && !$0.contains("\u{1F}") }) else { return nil }
        return fields.joined(separator: "\u{1F}")
    }

    /// Parses the file; lines that do not parse are dropped (the memo is only a
    /// cache), and so is text after the last newline (a torn write).
    public init(parsing text: String) {
        choices = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 4, let store = Install.Store(rawValue: String(parts[1])), FeedEntry.isSafeID(String(parts[2])),
                let index = Int(parts[3]), index >= 0
            else { continue }
            choices.append(Choice(key: String(parts[0]), store: store, folder: String(parts[2]), runForIndex: index))
        }
    }

    public var text: String {
        choices.map { "\($0.key)\t\($0.store.rawValue)\t\($0.folder)\t\($0.runForIndex)\n" }.joined()
    }

    public func choice(for key: String) -> Choice? { choices.first { $0.key == key } }

    /// The choice for `key` in a memo file's bytes, reading only its line (the launch path).
    public static func choice(for key: String, in bytes: [UInt8]) -> Choice? {
        let prefix = Array((key + "\t").utf8)
        let newline = UInt8(ascii: "\n")
        var start = 0
        while start < bytes.count {
            guard let end = bytes[start...].firstIndex(of: newline) else { return nil }
            if end - start > prefix.count && bytes[start..<start + prefix.count].elementsEqual(prefix) {
                let line = String(decoding: bytes[start...end], as: UTF8.self)
                return LaunchMemo(parsing: line).choices.first
            }
            start = end + 1
        }
        return nil
    }

    /// Puts `choice` first, dropping any older one with its key and the oldest beyond `capacity`.
    public mutating func remember(_ choice: Choice) {
        choices.removeAll { $0.key == choice.key }
        choices.insert(choice, at: 0)
        if choices.count > LaunchMemo.capacity { choices.removeLast(choices.count - LaunchMemo.capacity) }
    }
}
