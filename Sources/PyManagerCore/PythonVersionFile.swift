// `.python-version` files (pyenv, uv): reading the requested runtime, and the
// pure search for the nearest file from a directory upwards.

/// What one `.python-version` value asks for, as input to the tag matcher.
public enum PythonVersionFileRequest: Equatable, Sendable {
    /// A tag request string, e.g. `3.12`, `3.12.4`, `3.13t`, `PyPy/3.10`, `PyPy/`.
    case tag(String)
    /// A PEP 440 specifier set (uv accepts them), e.g. `>=3.11`.
    case specifiers(PEP440SpecifierSet)
}

/// Why a `.python-version` value was passed over.
public enum PythonVersionFileSkip: Equatable, Sendable {
    /// An empty line.
    case blank
    /// A `#` comment line.
    case comment
    /// pyenv's `system`: not something the install manager manages.
    case system
    /// A value we cannot map, e.g. `anaconda3-2024.02`, a virtualenv name or a path.
    case unsupported
}

/// One value from a `.python-version` file and what we made of it.
public struct PythonVersionFileEntry: Equatable, Sendable {
    /// The 1-based line number.
    public var line: Int
    /// The value as written (one word; inline comments removed).
    public var value: String
    /// The request, or why the value was skipped.
    public var interpretation: PythonVersionFileValue

    /// Creates an entry; normally produced by `PythonVersionFile(contents:)`.
    public init(line: Int, value: String, interpretation: PythonVersionFileValue) {
        self.line = line
        self.value = value
        self.interpretation = interpretation
    }

    /// The request, if the value was usable.
    public var request: PythonVersionFileRequest? {
        if case .request(let request) = interpretation { return request }
        return nil
    }
}

/// One `.python-version` value, interpreted.
public enum PythonVersionFileValue: Equatable, Sendable {
    /// A usable request.
    case request(PythonVersionFileRequest)
    /// Passed over, and why.
    case skipped(PythonVersionFileSkip)
}

/// A parsed `.python-version` file.
///
/// Format (a union of pyenv's and uv's): one or more values, one per line or
/// separated by spaces; blank lines and `#` comments (whole-line, or after a
/// space) are ignored; a UTF-8 BOM and CRLF are fine. The first usable value
/// wins (`selected`). Values map as follows:
///
/// | value | request |
/// | --- | --- |
/// | `3`, `3.12`, `3.12.4`, `3.13t`, `3.12-64`, `3.14.0a2` | `.tag` as written |
/// | `3.13+freethreaded`, `cpython-3.13.1+freethreaded` | `.tag("3.13t")`, `.tag("3.13.1t")` |
/// | `cpython-3.12`, `cpython@3.12`, `cpython3.12`, `python3.12` | `.tag("3.12")` |
/// | `cpython-3.12.4-linux-x86_64-gnu` (uv) | `.tag("3.12.4")` (platform dropped) |
/// | `pypy3.10`, `pypy@3.10`, `pypy-3.10`, `pypy3.10-7.3.17` (pyenv) | `.tag("PyPy/3.10")` |
/// | `pypy`, `graalpy` | `.tag("PyPy/")`, `.tag("GraalPy/")` (latest of the company) |
/// | `graalpy3.11`, `graalpy@3.11` | `.tag("GraalPy/3.11")` |
/// | `>=3.11`, `~=3.12` | `.specifiers` |
/// | `system` | skipped (`.system`) |
/// | anything else (`anaconda3-2024.02`, `myenv`, `/usr/bin/python3`) | skipped (`.unsupported`) |
public struct PythonVersionFile: Equatable, Sendable {
    /// The file name looked for: `.python-version`.
    public static let fileName = ".python-version"

    /// Every value and comment/blank line, in file order.
    public let entries: [PythonVersionFileEntry]

    /// Parses a file's bytes (never fails; invalid UTF-8 becomes U+FFFD).
    public init(contents bytes: [UInt8]) {
        self.init(text: ScriptSource.decode(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...], as: .utf8))
    }

    /// Parses a file's text.
    public init(text: String) {
        var entries: [PythonVersionFileEntry] = []
        for (index, raw) in ScriptSource.splitLines(text).enumerated() {
            let line = ShebangLine.trim(raw)
            if line.isEmpty {
                entries.append(PythonVersionFileEntry(line: index + 1, value: "", interpretation: .skipped(.blank)))
                continue
            }
            if line.hasPrefix("#") {
                entries.append(
                    PythonVersionFileEntry(line: index + 1, value: line, interpretation: .skipped(.comment)))
                continue
            }
            for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                if word.hasPrefix("#") { break }
                let value = String(word)
                entries.append(
                    PythonVersionFileEntry(
                        line: index + 1, value: value, interpretation: PythonVersionFile.interpret(value)))
            }
        }
        self.entries = entries
    }

    /// The first usable value, if any.
    public var selected: PythonVersionFileEntry? { entries.first { $0.request != nil } }

    /// Maps one value to a request; see the table on `PythonVersionFile`.
    public static func interpret(_ value: String) -> PythonVersionFileValue {
        let text = ShebangLine.trim(value)
        let lower = text.lowercased()
        if lower.isEmpty { return .skipped(.blank) }
        if lower == "system" { return .skipped(.system) }
        if let first = lower.first, "<>=!~".contains(first) {
            guard let set = try? PEP440SpecifierSet(parsing: text), !set.specifiers.isEmpty else {
                return .skipped(.unsupported)
            }
            return .request(.specifiers(set))
        }
        // Longest names first, so `pythonw`… never reads as `python` + `w…`.
        let implementations: [(prefix: String, company: String?)] = [
            ("cpython", nil), ("python", nil), ("graalpy", "GraalPy"), ("pypy", "PyPy"),
        ]
        for (prefix, company) in implementations where lower.hasPrefix(prefix) {
            var rest = Substring(lower.dropFirst(prefix.count))
            if rest.isEmpty {
                return .request(.tag((company ?? "PythonCore") + "/"))
            }
            if rest.first == "-" || rest.first == "@" { rest = rest.dropFirst() }
            // Whatever follows the version (a pyenv PyPy version, a uv platform) is dropped.
            if let dash = rest.firstIndex(of: "-") { rest = rest[..<dash] }
            guard let version = versionTag(rest) else { return .skipped(.unsupported) }
            return .request(.tag(company.map { $0 + "/" + version } ?? version))
        }
        guard let tag = versionTag(Substring(text), keepSuffixes: true) else { return .skipped(.unsupported) }
        return .request(.tag(tag))
    }

    /// The paths to check, nearest first: `<cwd>/.python-version`, then each parent
    /// up to `/.python-version`. `.` and `..` are resolved lexically; a relative
    /// `cwd` ends with the bare file name.
    ///
    /// Example: `/home/u/p` → `/home/u/p/.python-version`, `/home/u/.python-version`,
    /// `/home/.python-version`, `/.python-version`.
    public static func candidatePaths(from cwd: String) -> [String] {
        let absolute = cwd.hasPrefix("/")
        var parts: [Substring] = []
        for part in cwd.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", absolute {
                continue
            } else {
                parts.append(part)
            }
        }
        var paths: [String] = []
        while true {
            let dir = parts.joined(separator: "/")
            if absolute {
                paths.append("/" + (dir.isEmpty ? "" : dir + "/") + fileName)
            } else {
                paths.append(dir.isEmpty ? fileName : dir + "/" + fileName)
            }
            guard !parts.isEmpty else { return paths }
            parts.removeLast()
        }
    }

    /// The nearest `.python-version` path for which `fileExists` is true, or nil.
    /// `fileExists` is the only I/O, supplied by the caller.
    public static func nearest(from cwd: String, fileExists: (String) -> Bool) -> String? {
        candidatePaths(from: cwd).first(where: fileExists)
    }

    // MARK: - Internals

    /// A version-like tag: digits first, then digits, letters, `.`, `-`, `_`.
    /// `+freethreaded` becomes `t`. Without `keepSuffixes`, only `N(.N)*` plus an
    /// optional `t` is accepted.
    private static func versionTag(_ text: Substring, keepSuffixes: Bool = false) -> String? {
        var body = text
        var freeThreaded = false
        if let plus = body.firstIndex(of: "+") {
            guard body[plus...].lowercased() == "+freethreaded" else { return nil }
            freeThreaded = true
            body = body[..<plus]
        }
        guard let first = body.first, first.isASCII, first.isNumber else { return nil }
        let allowed: (Character) -> Bool =
            keepSuffixes
            ? { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
            : { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "t") }
        guard body.allSatisfy(allowed), !body.hasSuffix("."), !body.contains("..") else { return nil }
        if !keepSuffixes, let t = body.firstIndex(of: "t"), body.index(after: t) != body.endIndex { return nil }
        var tag = String(body)
        if freeThreaded, !tag.hasSuffix("t") { tag += "t" }
        return tag
    }
}
