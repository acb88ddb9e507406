/// One `versions[]` entry of a schema-1 feed, in python.org's shape.
///
/// Built from a PBS distribution by these rules (example: CPython 3.14.7,
/// free-threaded, on `linux-x86_64-gnu`, platform suffix `-64`):
/// 1. `id` is the install folder: `<company-lower>-<minor><t><plat>` →
///    `pythoncore-3.14t-64`; one per minor line and variant.
/// 2. `tag` is `<minor><t>[-dev]<plat>` → `3.14t-64`; prereleases add `-dev`
///    as python.org does (`3.15-dev-64`).
/// 3. `install-for` is full, minor and major version with `t` and the suffix
///    (`3.14.7t-64`, `3.14t-64`, `3t-64`), plus `3.15t-dev-64`, `3t-dev-64`
///    for prereleases.
/// 4. `run-for` answers to every `install-for` tag, then to the same tags
///    without the platform suffix (`3.14.7t`, `3.14t`, `3t`), all launching
///    `executable`.
/// 5. `alias` names versioned and major-only commands (`python3.14t`,
///    `python3t`; `pypy3.11`, `pypy3`; `graalpy3.12`, `graalpy`), all pointing
///    at `executable`.
public struct FeedEntry: Equatable, Sendable {
    /// A `run-for` item: launching `tag` runs `target` (relative to the install folder).
    public struct RunFor: Equatable, Sendable {
        public var tag: String
        public var target: String
    }

    /// An `alias` item: a command `name` in the global aliases folder that runs `target`.
    public struct Alias: Equatable, Sendable {
        public var name: String
        public var target: String
    }

    public var id: String
    public var sortVersion: String
    public var company: String
    public var tag: String
    public var installFor: [String]
    public var runFor: [RunFor]
    public var alias: [Alias]
    public var displayName: String
    /// Relative to the install folder, after the archive's top-level folder is stripped.
    public var executable: String
    public var url: String
    public var sha256: String
}

/// The runtimes the generator knows, with their naming rules.
enum Implementation: Int, CaseIterable, Comparable, Sendable {
    // Raw values order entries of the same minor line: CPython first.
    case cpython, pypy, graalpy

    init?(pbsName: String) {
        switch pbsName {
        case "cpython": self = .cpython
        case "pypy": self = .pypy
        case "graalpy": self = .graalpy
        default: return nil
        }
    }

    static func < (lhs: Implementation, rhs: Implementation) -> Bool { lhs.rawValue < rhs.rawValue }

    var company: String {
        switch self {
        case .cpython: return "PythonCore"
        case .pypy: return "PyPy"
        case .graalpy: return "GraalPy"
        }
    }

    /// The `executable`: CPython's `bin/python3.14[t]`, PyPy's `bin/pypy3.11`,
    /// GraalPy's `bin/graalpy` (GraalPy ships no versioned binary).
    func executable(minorLine: String, threading: String) -> String {
        switch self {
        case .cpython: return "bin/python\(minorLine)\(threading)"
        case .pypy: return "bin/pypy\(minorLine)"
        case .graalpy: return "bin/graalpy"
        }
    }

    /// Alias names, most specific first.
    func aliasNames(major: Int, minorLine: String, threading: String) -> [String] {
        switch self {
        case .cpython: return ["python\(minorLine)\(threading)", "python\(major)\(threading)"]
        case .pypy: return ["pypy\(minorLine)", "pypy\(major)"]
        case .graalpy: return ["graalpy\(minorLine)", "graalpy"]
        }
    }

    func displayName(version: RuntimeVersion, build: String, freeThreaded: Bool) -> String {
        switch self {
        case .cpython: return "Python \(version)" + (freeThreaded ? " (free-threaded)" : "")
        case .pypy: return "PyPy \(build) (Python \(version))"
        case .graalpy: return "GraalPy \(build) (Python \(version))"
        }
    }
}

extension FeedEntry {
    /// Applies the rules above to one distribution. The caller has checked
    /// that it is installable (an install_only-style archive with a hash).
    init(_ dist: PBSDistribution, implementation: Implementation, freeThreaded: Bool, sha256: String, triple: HostTriple) {
        let plat = triple.platformSuffix
        let t = freeThreaded ? "t" : ""
        let version = dist.version
        let minor = version.minorLine
        let major = String(version.major)

        var installFor = ["\(version)\(t)\(plat)", "\(minor)\(t)\(plat)", "\(major)\(t)\(plat)"]
        if version.isPrerelease {
            installFor += ["\(minor)\(t)-dev\(plat)", "\(major)\(t)-dev\(plat)"]
        }
        let executable = implementation.executable(minorLine: minor, threading: t)
        let bareTags = installFor.map { String($0.dropLast(plat.count)) }

        self.init(
            id: "\(implementation.company.lowercased())-\(minor)\(t)\(plat)",
            sortVersion: version.description,
            company: implementation.company,
            tag: version.isPrerelease ? "\(minor)\(t)-dev\(plat)" : "\(minor)\(t)\(plat)",
            installFor: installFor,
            runFor: (installFor + bareTags).map { RunFor(tag: $0, target: executable) },
            alias: implementation.aliasNames(major: version.major, minorLine: minor, threading: t)
                .map { Alias(name: $0, target: executable) },
            displayName: implementation.displayName(version: version, build: dist.build, freeThreaded: freeThreaded),
            executable: executable,
            url: dist.url,
            sha256: sha256
        )
    }
}
