/// Pure path-string helpers (POSIX paths; no file system access).
public enum Path {
    /// Joins components with `/`, ignoring empty ones; an absolute component restarts the path.
    public static func join(_ first: String, _ rest: String...) -> String {
        rest.reduce(first) { joined, next in
            if next.isEmpty { return joined }
            if next.hasPrefix("/") || joined.isEmpty { return next }
            return joined.hasSuffix("/") ? joined + next : joined + "/" + next
        }
    }

    /// The folder part: `/a/b/c.json` → `/a/b`, `c.json` → `.`, `/x` → `/`.
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component: `/a/b/python3.12` → `python3.12`.
    public static func basename(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// Makes `path` absolute against `base` and removes `.`/`..` components lexically.
    public static func resolve(_ path: String, relativeTo base: String) -> String {
        normalize(path.hasPrefix("/") ? path : join(base, path))
    }

    /// Lexical normalization: collapses `//`, `.` and `..` (never above `/`).
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let body = parts.joined(separator: "/")
        if absolute { return "/" + body }
        return body.isEmpty ? "." : body
    }

    /// `~` and `~/x` expand to `HOME`.
    public static func expandUser(_ path: String, _ environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = environment["HOME"], !home.isEmpty else { return path }
        return home + path.dropFirst()
    }

    /// True when `path` is `root` or lies inside it (lexically, after normalizing both).
    public static func isInside(_ path: String, _ root: String) -> Bool {
        let p = normalize(path)
        let r = normalize(root)
        return p == r || p.hasPrefix(r.hasSuffix("/") ? r : r + "/")
    }
}
