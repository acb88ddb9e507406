import Glibc
import PyManagerCore

/// Facts about this machine: its platform suffix and feed triple.
public enum Host {
    /// `uname -m`.
    public static var machine: String {
        var u = utsname()
        guard uname(&u) == 0 else { return "unknown" }
        return withUnsafePointer(to: u.machine) {
            $0.withMemoryRebound(to: CChar.self, capacity: 65) { String(cString: $0) }
        }
    }

    /// The tag suffix for this machine (DESIGN.md): x86_64 → `-64`,
    /// aarch64 → `-arm64`, i686 → `-32`; others have none.
    public static func platformSuffix(machine: String = Host.machine) -> String {
        switch machine {
        case "x86_64", "amd64": return "-64"
        case "aarch64", "arm64": return "-arm64"
        case "i386", "i486", "i586", "i686": return "-32"
        default: return ""
        }
    }

    /// True on a musl libc system (Alpine): its loader is `/lib/ld-musl-*`.
    public static var isMusl: Bool {
        Posix.listDirectory("/lib").contains { $0.hasPrefix("ld-musl-") }
    }

    /// The bundled feed's name part for this machine, e.g. `linux-x86_64-gnu`.
    public static var feedTriple: String {
        let arch = machine == "amd64" ? "x86_64" : (machine == "arm64" ? "aarch64" : machine)
        return "linux-\(arch)-\(isMusl ? "musl" : "gnu")"
    }

    /// Where the bundled feed for this host is looked for, in order:
    /// beside the binary, `../share/pymanager/` from it, then the source
    /// tree's `Index/` (a development build run from `.build/`).
    public static func bundledFeedCandidates(binary: String?) -> [String] {
        let name = "index-\(feedTriple).json"
        var result: [String] = []
        if let binary {
            let dir = Path.directory(of: binary)
            result.append(Path.join(dir, name))
            result.append(Path.normalize(Path.join(dir, "../share/pymanager", name)))
            // A development build: <package>/.build/<config>/py or .build/<triple>/<config>/py.
            var probe = dir
            for _ in 0..<3 {
                probe = Path.directory(of: probe)
                result.append(Path.join(probe, "Index", name))
            }
        }
        return result
    }

    /// The first existing bundled feed, if any.
    public static func bundledFeed(binary: String?) -> String? {
        bundledFeedCandidates(binary: binary).first(where: { Posix.kind($0) == .file })
    }
}
