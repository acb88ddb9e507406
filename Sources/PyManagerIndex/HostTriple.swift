/// The platform a feed is for, spelled as in python-build-standalone's
/// metadata: `<os>-<arch>-<libc>`, e.g. `linux-x86_64-gnu`, `linux-x86_64-musl`.
/// macOS has no libc component: `darwin-aarch64` (PBS writes `none`, which is
/// also accepted).
///
/// Only baseline architectures are supported; PBS's micro-architecture
/// variants (`x86_64_v3`) are ignored because pymanager tags have no way to
/// tell them apart from the baseline build.
public struct HostTriple: Hashable, Comparable, CustomStringConvertible, Sendable {
    public var os: String
    public var arch: String
    /// `gnu`, `musl`, or `none` (macOS).
    public var libc: String

    /// The feeds committed in `Index/`, in the order they are generated.
    public static let defaults: [HostTriple] = [
        HostTriple(os: "linux", arch: "x86_64", libc: "gnu"),
        HostTriple(os: "linux", arch: "aarch64", libc: "gnu"),
        HostTriple(os: "linux", arch: "i686", libc: "gnu"),
        HostTriple(os: "linux", arch: "x86_64", libc: "musl"),
        HostTriple(os: "linux", arch: "aarch64", libc: "musl"),
        HostTriple(os: "darwin", arch: "x86_64", libc: "none"),
        HostTriple(os: "darwin", arch: "aarch64", libc: "none"),
    ]

    /// pymanager's platform suffixes (tagutils), keyed by PBS architecture.
    static let platformSuffixes: [String: String] = [
        "x86_64": "-64",
        "aarch64": "-arm64",
        "i686": "-32",
    ]

    public init(os: String, arch: String, libc: String) {
        self.os = os
        self.arch = arch
        self.libc = libc
    }

    /// Parses `linux-x86_64-gnu`, `darwin-aarch64` or `darwin-aarch64-none`.
    /// Throws `IndexError.invalidTriple` for other shapes and for
    /// architectures that have no pymanager platform suffix.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, !parts.contains(where: \.isEmpty) else {
            throw IndexError.invalidTriple(text, reason: "expected <os>-<arch>-<libc>, e.g. linux-x86_64-gnu or darwin-aarch64")
        }
        let os = parts[0]
        let libc = parts.count == 3 ? parts[2] : "none"
        switch os {
        case "linux":
            guard libc == "gnu" || libc == "musl" else {
                throw IndexError.invalidTriple(text, reason: "libc must be gnu or musl on linux")
            }
        case "darwin":
            guard libc == "none" else {
                throw IndexError.invalidTriple(text, reason: "darwin triples have no libc, e.g. darwin-aarch64")
            }
        default:
            throw IndexError.invalidTriple(text, reason: "os must be linux or darwin")
        }
        guard Self.platformSuffixes[parts[1]] != nil else {
            let known = Self.platformSuffixes.keys.sorted().joined(separator: ", ")
            throw IndexError.invalidTriple(text, reason: "architecture must be one of \(known)")
        }
        self.init(os: os, arch: parts[1], libc: libc)
    }

    /// pymanager's platform suffix for this architecture: `-64`, `-arm64`, `-32`.
    public var platformSuffix: String { Self.platformSuffixes[arch] ?? "-\(arch)" }

    /// `linux-x86_64-gnu`, `darwin-aarch64`.
    public var description: String {
        libc == "none" ? "\(os)-\(arch)" : "\(os)-\(arch)-\(libc)"
    }

    /// `index-linux-x86_64-gnu.json`: the first page of this triple's feed.
    public var feedFileName: String { "index-\(description).json" }

    /// `index-linux-x86_64-gnu-legacy.json`: older patch releases, linked by `next`.
    public var legacyFeedFileName: String { "index-\(description)-legacy.json" }

    public static func < (lhs: HostTriple, rhs: HostTriple) -> Bool {
        lhs.description < rhs.description
    }
}
