import Foundation

/// One archive listed in pbs-installer's `pbs_installer/versions.json`.
///
/// The file is an array of `{"python_version": {implementation, major, minor,
/// micro, freethreaded}, "files": [{platform, arch, install_only, filename,
/// url, sha256}]}`. `platform` is `linux`, `macos` or `windows`; `arch` is
/// `x86_64`, `aarch64` or `x86`; `sha256` may be null.
public struct PBSInstallerFile: Equatable, Sendable {
    /// `cpython` or `pypy`.
    public var implementation: String
    public var major: Int
    public var minor: Int
    public var micro: Int
    public var freeThreaded: Bool
    public var platform: String
    public var arch: String
    /// `cpython-3.15.1+20261021-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz`.
    public var filename: String
    public var url: String
    /// Lower-case hex, `nil` when pbs-installer lists none.
    public var sha256: String?

    public init(
        implementation: String, major: Int, minor: Int, micro: Int, freeThreaded: Bool = false,
        platform: String, arch: String, filename: String, url: String, sha256: String?
    ) {
        self.implementation = implementation
        self.major = major
        self.minor = minor
        self.micro = micro
        self.freeThreaded = freeThreaded
        self.platform = platform
        self.arch = arch
        self.filename = filename
        self.url = url
        self.sha256 = sha256
    }
}

/// Decodes pbs-installer's `versions.json` and turns its files into
/// `PBSDistribution`s in uv's vocabulary (os `darwin`, arch `i686`, libc).
public enum PBSInstallerMetadata {
    private struct RawVersion: Decodable {
        var implementation: String
        var major: Int
        var minor: Int
        var micro: Int
        var freethreaded: Bool
    }

    private struct RawFile: Decodable {
        var platform: String
        var arch: String
        var filename: String
        var url: String
        var sha256: String?
    }

    private struct RawEntry: Decodable {
        var python_version: RawVersion
        var files: [RawFile]
    }

    /// Parses the file's bytes; `file` only names it in errors. Throws
    /// `IndexError.notJSON`, or `.invalidValue` for a bad digest (key path
    /// `[3].files[1].sha256`).
    public static func parse(_ data: Data, file: String) throws -> [PBSInstallerFile] {
        let raw: [RawEntry]
        do {
            raw = try JSONDecoder().decode([RawEntry].self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw IndexError.invalidValue(
                file: file, keyPath: keyPath(context.codingPath + [key]), expected: "a value (the key is missing)")
        } catch let DecodingError.typeMismatch(type, context) where !context.codingPath.isEmpty {
            throw IndexError.invalidValue(file: file, keyPath: keyPath(context.codingPath), expected: "a value of type \(type)")
        } catch {
            throw IndexError.notJSON(file: file, reason: "expected pbs-installer's array of {python_version, files}")
        }
        var result: [PBSInstallerFile] = []
        for (i, entry) in raw.enumerated() {
            let version = entry.python_version
            for (j, f) in entry.files.enumerated() {
                if let sha = f.sha256, !PBSMetadata.isSHA256(sha) {
                    throw IndexError.invalidValue(file: file, keyPath: "[\(i)].files[\(j)].sha256", expected: "64 hex digits or null")
                }
                result.append(PBSInstallerFile(
                    implementation: version.implementation, major: version.major, minor: version.minor,
                    micro: version.micro, freeThreaded: version.freethreaded, platform: f.platform, arch: f.arch,
                    filename: f.filename, url: f.url, sha256: f.sha256?.lowercased()))
            }
        }
        return result
    }

    private static func keyPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            .trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    /// The build described in uv's terms, or `nil` when the file name is not
    /// one the feed builder could use (old `-20211017T1616` names, Windows,
    /// implementations other than CPython and PyPy).
    ///
    /// CPython names carry everything: `cpython-<version>+<build>-<target>-<flavour>.<ext>`,
    /// with target `x86_64[_v3]-unknown-linux-gnu` or `aarch64-apple-darwin`,
    /// and flavour `[freethreaded[+debug]-|debug-]install_only[_stripped]` or a `full` build.
    /// PyPy names carry only the PyPy version (`pypy3.11-v7.3.23-linux64.tar.gz`);
    /// the platform and Python version come from the record.
    public static func distribution(_ f: PBSInstallerFile) -> PBSDistribution? {
        switch f.implementation {
        case "cpython": return cpython(f)
        case "pypy": return pypy(f)
        default: return nil
        }
    }

    private static func cpython(_ f: PBSInstallerFile) -> PBSDistribution? {
        guard f.filename.hasPrefix("cpython-"), let plus = f.filename.firstIndex(of: "+") else { return nil }
        let versionText = f.filename[f.filename.index(f.filename.startIndex, offsetBy: 8)..<plus]
        guard let version = RuntimeVersion(parsing: String(versionText)) else { return nil }
        let rest = f.filename[f.filename.index(after: plus)...].split(separator: "-", omittingEmptySubsequences: false)
        // <build>-<arch>-<vendor>-<os>[-<libc>]-<flavour...>
        guard rest.count >= 5 else { return nil }
        let build = String(rest[0])
        let archParts = rest[1].split(separator: "_", maxSplits: 2)
        var archFamily = String(rest[1])
        var archVariant: String?
        if archParts.count == 3, archParts[0] == "x86", archParts[2].hasPrefix("v") {  // x86_64_v3
            archFamily = "x86_64"
            archVariant = String(archParts[2])
        }
        let os: String
        let libc: String
        let flavourStart: Int
        switch (rest[3], rest[2]) {
        case ("linux", _):
            os = "linux"
            libc = String(rest[4])
            flavourStart = 5
        case ("darwin", "apple"):
            os = "darwin"
            libc = "none"
            flavourStart = 4
        default:
            return nil
        }
        guard flavourStart < rest.count else { return nil }
        let flavour = rest[flavourStart...].joined(separator: "-")
        var variant: String?
        for (prefix, name) in [("freethreaded+debug-", "freethreaded+debug"), ("freethreaded-", "freethreaded"),
                               ("freethreaded+", "freethreaded"), ("debug-", "debug")]
        where flavour.hasPrefix(prefix) {
            variant = name
            break
        }
        guard (variant?.hasPrefix("freethreaded") ?? false) == f.freeThreaded else { return nil }
        let key = "cpython-\(version)\(variant.map { "+" + $0 } ?? "")-\(os)-\(rest[1])-\(libc)"
        return PBSDistribution(
            key: key, name: "cpython", os: os, archFamily: archFamily, archVariant: archVariant, libc: libc,
            version: version, variant: variant, url: f.url, sha256: f.sha256, build: build)
    }

    private static func pypy(_ f: PBSInstallerFile) -> PBSDistribution? {
        // pypy3.11-v7.3.23-linux64.tar.gz → build 7.3.23
        let parts = f.filename.split(separator: "-")
        guard parts.count >= 3, parts[1].hasPrefix("v") else { return nil }
        let build = String(parts[1].dropFirst())
        let arch = f.arch == "x86" ? "i686" : f.arch
        let (os, libc): (String, String)
        switch f.platform {
        case "linux": (os, libc) = ("linux", "gnu")
        case "macos", "darwin": (os, libc) = ("darwin", "none")
        default: return nil
        }
        let version = RuntimeVersion(major: f.major, minor: f.minor, patch: f.micro)
        return PBSDistribution(
            key: "pypy-\(version)-\(os)-\(arch)-\(libc)", name: "pypy", os: os, archFamily: arch, libc: libc,
            version: version, url: f.url, sha256: f.sha256, build: build)
    }
}
