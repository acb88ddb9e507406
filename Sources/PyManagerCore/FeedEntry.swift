/// One runtime described by schema 1 of pymanager's index format: an entry
/// of an `index.json` feed, and the core of an install's `__install__.json`.
///
/// Keys keep pymanager's spelling (`sort-version`, `install-for`, `run-for`,
/// `display-name`); the whole object is kept in `json` so that unknown keys
/// survive a round trip into `__install__.json` and `py list -f json`.
public struct FeedEntry: Sendable, Equatable {
    public var id: String
    public var company: String
    public var tag: String
    public var sortVersion: String
    public var displayName: String
    /// Tags this entry installs for (`3.14.2-64`, `3.14-64`, `3-64`).
    public var installFor: [String]
    /// Tags it answers to at launch, each with its executable.
    public var runFor: [RunFor]
    public var aliases: [Alias]
    /// The main executable, relative to the install folder, `/`-separated.
    public var executable: String
    public var url: String?
    /// Lowercase hex SHA-256 of the archive at `url`.
    public var sha256: String?
    public var json: JSONObject

    /// True when `sort-version` is a prerelease (`3.15.0a2`).
    public var isPrerelease: Bool { (try? Version(parsing: sortVersion))?.isPrerelease ?? false }
}

/// A launch target: a tag and the executable (and extra arguments) it runs.
public struct RunFor: Sendable, Equatable {
    public var tag: String
    public var target: String
    public var arguments: [String]
    public var windowed: Bool

    public init(tag: String, target: String, arguments: [String] = [], windowed: Bool = false) {
        self.tag = tag
        self.target = target
        self.arguments = arguments
        self.windowed = windowed
    }
}

/// A global command name (`python3.14`) and the file it starts.
public struct Alias: Sendable, Equatable {
    public var name: String
    public var target: String
    public var windowed: Bool

    public init(name: String, target: String, windowed: Bool = false) {
        self.name = name
        self.target = target
        self.windowed = windowed
    }
}

/// Why an entry was rejected; `path` is a JSON path such as `versions[3].hash.sha256`.
public struct FeedEntryError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

extension FeedEntry {
    /// Validates and reads one entry.
    ///
    /// Required: `schema` 1, `id`, `company`, `tag`, `sort-version` (a valid
    /// version), `executable`. `install-for` defaults to `[tag]`; a missing
    /// `run-for` is made from `install-for` with the main executable, as
    /// pymanager does. Windows `\` separators in relative paths become `/`.
    ///
    /// - Parameter path: the JSON path of `object`, used in errors.
    /// - Throws: `FeedEntryError` naming the key at fault.
    public init(json object: JSONObject, path: String) throws(FeedEntryError) {
        func fail(_ key: String, _ reason: String) -> FeedEntryError {
            FeedEntryError(path: key.isEmpty ? path : "\(path).\(key)", reason: reason)
        }
        func string(_ key: String, required: Bool = true) throws(FeedEntryError) -> String? {
            guard let v = object[key] else {
                if required { throw fail(key, "missing") }
                return nil
            }
            guard let s = v.stringValue, !s.isEmpty else { throw fail(key, "expected a non-empty string, found \(v.typeName)") }
            return s
        }
        guard let schema = object["schema"] else { throw fail("schema", "missing") }
        guard schema.intValue == 1 else {
            throw fail("schema", "unsupported schema \(schema.compactText); this version of py reads schema 1")
        }
        id = try string("id") ?? ""
        guard FeedEntry.isSafeID(id) else { throw fail("id", "'\(id)' is not a valid folder name") }
        company = try string("company") ?? ""
        tag = try string("tag") ?? ""
        sortVersion = try string("sort-version") ?? ""
        do {
            _ = try Version(parsing: sortVersion)
        } catch {
            throw fail("sort-version", "'\(sortVersion)' is not a valid version")
        }
        executable = FeedEntry.relativePath(try string("executable") ?? "")
        displayName = try string("display-name", required: false) ?? "\(company) \(sortVersion)"
        url = try string("url", required: false)
        if let hash = object["hash"] {
            guard let sha = hash["sha256"]?.stringValue else { throw fail("hash.sha256", "missing") }
            let lower = FeedEntry.lowercaseHex(sha)
            guard let lower else {
                throw fail("hash.sha256", "'\(sha)' is not a SHA-256 hex digest")
            }
            sha256 = lower
        } else {
            sha256 = nil
        }
        if let list = object["install-for"] {
            guard let items = list.arrayValue else { throw fail("install-for", "expected an array of tags") }
            var tags: [String] = []
            for (n, item) in items.enumerated() {
                guard let s = item.stringValue else { throw fail("install-for[\(n)]", "expected a string") }
                tags.append(s)
            }
            installFor = tags
        } else {
            installFor = [tag]
        }
        if let list = object["run-for"] {
            guard let items = list.arrayValue else { throw fail("run-for", "expected an array") }
            var result: [RunFor] = []
            for (n, item) in items.enumerated() {
                guard let o = item.objectValue, let t = o["tag"]?.stringValue, let target = o["target"]?.stringValue else {
                    throw fail("run-for[\(n)]", "expected an object with \"tag\" and \"target\" strings")
                }
                let args = o["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
                result.append(RunFor(tag: t, target: FeedEntry.relativePath(target), arguments: args, windowed: o["windowed"].map(FeedEntry.truthy) ?? false))
            }
            runFor = result
        } else {
            let tags = installFor.contains(tag) ? installFor : [tag] + installFor
            runFor = tags.map { RunFor(tag: $0, target: FeedEntry.relativePath(object["executable"]?.stringValue ?? "")) }
        }
        if let list = object["alias"] {
            guard let items = list.arrayValue else { throw fail("alias", "expected an array") }
            var result: [Alias] = []
            for (n, item) in items.enumerated() {
                guard let o = item.objectValue, let name = o["name"]?.stringValue, let target = o["target"]?.stringValue else {
                    throw fail("alias[\(n)]", "expected an object with \"name\" and \"target\" strings")
                }
                result.append(Alias(name: name, target: FeedEntry.relativePath(target), windowed: o["windowed"].map(FeedEntry.truthy) ?? false))
            }
            aliases = result
        } else {
            aliases = []
        }
        json = object
    }

    static func truthy(_ v: JSONValue) -> Bool {
        switch v {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .string(let s): return parseBool(s) ?? !s.isEmpty
        default: return false
        }
    }

    /// `.\python.exe` → `python.exe`; `bin/python3` stays.
    static func relativePath(_ text: String) -> String {
        // Byte-level: this runs for every alias and run-for target of a feed,
        // and Character-level String edits dominated `py list --online`.
        let bytes = text.utf8
        guard bytes.contains(UInt8(ascii: "\\")) || bytes.starts(with: [UInt8(ascii: "."), UInt8(ascii: "/")]) else {
            return text
        }
        var out = bytes.map { $0 == UInt8(ascii: "\\") ? UInt8(ascii: "/") : $0 }[...]
        while out.starts(with: [UInt8(ascii: "."), UInt8(ascii: "/")]) { out = out.dropFirst(2) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A 64-digit hex string in lower case, or `nil` (byte-level: runs once per feed entry).
    static func lowercaseHex(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): bytes.append(b)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): bytes.append(b + 32)
            default: return nil
            }
        }
        return bytes.count == 64 ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// An id must be usable as one folder name inside `install_dir`.
    /// (Byte-level: the store index and the launch memo check every folder name they read.)
    public static func isSafeID(_ id: String) -> Bool {
        let bytes = id.utf8
        guard let first = bytes.first, first != UInt8(ascii: "."), !bytes.starts(with: [UInt8(ascii: "_"), UInt8(ascii: "_")]) else {
            return false
        }
        return !bytes.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == 0 }
    }

    /// The archive's file name suffix that the extractor understands.
    public var archiveSuffix: String? {
        guard let url else { return nil }
        let path = url.split(separator: "?").first.map(String.init) ?? url
        for suffix in [".tar.gz", ".tgz", ".tar.zst", ".tar.xz", ".tar.bz2", ".zip", ".nupkg", ".tar"] where path.lowercased().hasSuffix(suffix) {
            return suffix
        }
        return nil
    }
}

extension FeedEntry {
    /// Builds an entry from its parts (unmanaged runtimes, tests).
    public static func make(
        id: String, company: String, tag: String, sortVersion: String, displayName: String,
        installFor: [String], runFor: [RunFor], aliases: [Alias], executable: String,
        url: String? = nil, sha256: String? = nil, json: JSONObject
    ) -> FeedEntry {
        FeedEntry(
            id: id, company: company, tag: tag, sortVersion: sortVersion, displayName: displayName,
            installFor: installFor, runFor: runFor, aliases: aliases, executable: executable,
            url: url, sha256: sha256, json: json)
    }
}
