import Foundation

/// One build from python-build-standalone's `download-metadata.json` (the file
/// uv publishes): an object keyed by `<name>-<version>[+<variant>]-<os>-<arch>-<libc>`,
/// each value holding `name`, `arch {family, variant}`, `os`, `libc`, `major`,
/// `minor`, `patch`, `prerelease`, `url`, `sha256` (may be null), `variant`
/// (`null`, `freethreaded`, `debug`, `freethreaded+debug`) and `build`
/// (the PBS release date for CPython, the implementation's own version for
/// PyPy and GraalPy).
public struct PBSDistribution: Equatable, Sendable {
    /// The metadata key, used only to name this build in messages.
    public var key: String
    /// `cpython`, `pypy` or `graalpy` (others are ignored by the builder).
    public var name: String
    public var os: String
    public var archFamily: String
    /// PBS's micro-architecture level (`v2`, `v3`, `v4`), `nil` for the baseline.
    public var archVariant: String?
    public var libc: String
    public var version: RuntimeVersion
    /// `nil` for the default build; `freethreaded`, `debug`, `freethreaded+debug`.
    public var variant: String?
    public var url: String
    /// Lower-case hex SHA-256 of the archive, `nil` when PBS publishes none.
    public var sha256: String?
    public var build: String

    public init(
        key: String, name: String, os: String, archFamily: String, archVariant: String? = nil,
        libc: String, version: RuntimeVersion, variant: String? = nil, url: String,
        sha256: String?, build: String
    ) {
        self.key = key
        self.name = name
        self.os = os
        self.archFamily = archFamily
        self.archVariant = archVariant
        self.libc = libc
        self.version = version
        self.variant = variant
        self.url = url
        self.sha256 = sha256
        self.build = build
    }
}

/// Decodes `download-metadata.json`.
public enum PBSMetadata {
    private struct RawArch: Decodable {
        var family: String
        var variant: String?
    }

    private struct RawEntry: Decodable {
        var name: String
        var arch: RawArch
        var os: String
        var libc: String
        var major: Int
        var minor: Int
        var patch: Int
        var prerelease: String
        var url: String
        var sha256: String?
        var variant: String?
        var build: String
    }

    /// Parses the metadata bytes. `file` only names the input in errors.
    /// Returns the builds sorted by key, so every later step is deterministic.
    /// Throws `IndexError.notJSON` or `.invalidValue` naming the key path.
    public static func parse(_ data: Data, file: String) throws -> [PBSDistribution] {
        let raw: [String: RawEntry]
        do {
            raw = try JSONDecoder().decode([String: RawEntry].self, from: data)
        } catch let error as DecodingError {
            throw translate(error, data: data, file: file)
        } catch {
            throw IndexError.notJSON(file: file, reason: "\(error)")
        }
        return try raw.sorted(by: { $0.key < $1.key }).map { key, entry in
            let path = "\"\(key)\""
            guard let version = RuntimeVersion(
                major: entry.major, minor: entry.minor, patch: entry.patch,
                prereleaseText: entry.prerelease
            ) else {
                throw IndexError.invalidValue(
                    file: file, keyPath: "\(path).prerelease",
                    expected: "\"\", aN, bN or rcN, found \"\(entry.prerelease)\"")
            }
            if let sha256 = entry.sha256, !isSHA256(sha256) {
                throw IndexError.invalidValue(
                    file: file, keyPath: "\(path).sha256", expected: "64 hex digits or null")
            }
            return PBSDistribution(
                key: key, name: entry.name, os: entry.os, archFamily: entry.arch.family,
                archVariant: entry.arch.variant, libc: entry.libc, version: version,
                variant: entry.variant, url: entry.url, sha256: entry.sha256?.lowercased(),
                build: entry.build)
        }
    }

    /// True for exactly 64 hexadecimal digits.
    static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
    }

    /// JSONDecoder does not say where the syntax error is; JSONSerialization
    /// does ("Invalid value around character 10").
    private static func syntaxError(in data: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            let ns = error as NSError
            let detail = (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
            return detail.hasSuffix(".") ? String(detail.dropLast()) : detail
        }
    }

    private static func translate(_ error: DecodingError, data: Data, file: String) -> IndexError {
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            if context.codingPath.isEmpty {
                return .notJSON(file: file, reason: "the top level must be an object keyed by build name")
            }
            return .invalidValue(file: file, keyPath: keyPath(context.codingPath), expected: describe(type))
        case .keyNotFound(let key, let context):
            return .invalidValue(
                file: file, keyPath: keyPath(context.codingPath + [key]), expected: "a value (the key is missing)")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .notJSON(file: file, reason: syntaxError(in: data) ?? "not a JSON document")
            }
            return .invalidValue(file: file, keyPath: keyPath(context.codingPath), expected: context.debugDescription)
        @unknown default:
            return .notJSON(file: file, reason: "\(error)")
        }
    }

    /// `"cpython-3.14.7-linux-x86_64-gnu".arch.family`: the build key quoted
    /// (it contains dots), then the field names.
    private static func keyPath(_ path: [any CodingKey]) -> String {
        guard let first = path.first else { return "(top level)" }
        return (["\"\(first.stringValue)\""] + path.dropFirst().map(\.stringValue)).joined(separator: ".")
    }

    private static func describe(_ type: Any.Type) -> String {
        if type == Int.self { return "an integer" }
        if type == String.self { return "a string" }
        if type == Bool.self { return "true or false" }
        return "an object"
    }
}
