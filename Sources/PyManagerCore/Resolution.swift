/// Choosing the runtime to launch (pymanager `installs.get_install_to_run`).
///
/// For a tag request, each install's `run-for` tags are tested, and matches
/// rank in this order (first wins; installs are already sorted):
/// 1. an exact `run-for` tag equal to the request;
/// 2. core (PythonCore) installs matching by prefix;
/// 3. other companies' managed installs matching by prefix;
/// 4. unmanaged installs matching by prefix;
/// 5. only when nothing above matched: installs of another company whose tag
///    matches (a bare `3` may pick `PyPy\3.11`) — never when the request
///    names a company, including `PythonCore/` (a deliberate difference).
/// A range is tested against each install's own tag, not its short `run-for`
/// tags (a deliberate difference: `<3.12` must not pick 3.14 through `3`).
/// Then `default_platform` narrows the list when that leaves a stable match.
public struct RuntimeMatch: Sendable, Equatable {
    public var install: Install
    public var runFor: RunFor

    public init(install: Install, runFor: RunFor) {
        self.install = install
        self.runFor = runFor
    }

    /// The executable this match starts.
    public var executable: String { install.path(of: runFor.target) }
}

/// Why no runtime could be chosen.
public enum ResolutionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing is installed at all (or no default when one was needed).
    case noInstalls
    /// Runtimes exist but none matches `request`.
    case noMatch(request: String)
    case invalidRequest(TagError)

    public var description: String {
        switch self {
        case .noInstalls:
            return "No runtimes are installed. Run \"py install default\" to install the latest Python."
        case .noMatch(let request):
            return "No runtime installed that matches '\(request)'. Run \"py install \(request)\" to install it."
        case .invalidRequest(let e):
            return e.description
        }
    }
}

/// Every `(install, run-for)` pair that satisfies `request`, best first.
///
/// - Parameters:
///   - request: `nil` expands every install by its `run-for` tags.
///   - windowed: prefer `run-for` targets with this `windowed` flag, if any.
///   - defaultPlatform: e.g. `-64`; see the type comment.
public func matchingInstalls(
    _ installs: [Install], request: TagRequest?, windowed: Bool? = nil, defaultPlatform: String? = nil
) -> [RuntimeMatch] {
    var exact: [RuntimeMatch] = []
    var core: [RuntimeMatch] = []
    var other: [RuntimeMatch] = []
    var unmanaged: [RuntimeMatch] = []
    var fallback: [RuntimeMatch] = []

    func file(_ m: RuntimeMatch, _ install: Install, isCore: Bool) {
        if install.isUnmanaged && !install.isVirtualEnvironment {
            unmanaged.append(m)
        } else if isCore {
            core.append(m)
        } else {
            other.append(m)
        }
    }

    for install in installs {
        switch request {
        case nil, .any?:
            for r in install.entry.runFor {
                file(RuntimeMatch(install: install, runFor: r), install, isCore: Tag(company: install.company, tag: r.tag).isCore)
            }
        case .range(let range)?:
            guard range.isSatisfied(by: install.companyTag) else { continue }
            file(RuntimeMatch(install: install, runFor: install.defaultRunFor), install, isCore: install.companyTag.isCore)
        case .tag(let pattern)?:
            for r in install.entry.runFor {
                let candidate = Tag(company: install.company, tag: r.tag)
                let m = RuntimeMatch(install: install, runFor: r)
                if candidate == pattern && companiesMatch(pattern.company, install.company) {
                    exact.append(m)
                } else if candidate.matches(pattern) {
                    // A named company may be a prefix (`-V:distrib/`, seed 4.1.2); `matches`
                    // has checked it. Only a bare tag reaches other companies, as a fallback.
                    if pattern.company.isEmpty && !companiesMatch(pattern.company, install.company) {
                        fallback.append(m)
                    } else {
                        file(m, install, isCore: candidate.isCore)
                    }
                }
            }
        }
    }

    var best = exact + core + other + unmanaged
    if best.isEmpty { best = fallback }

    if let windowed {
        let filtered = best.filter { $0.runFor.windowed == windowed }
        if !filtered.isEmpty { best = filtered }
    }
    if let platform = defaultPlatform?.lowercased(), !platform.isEmpty {
        let allPrerelease = best.allSatisfy { $0.install.entry.isPrerelease }
        let filtered = best.filter {
            $0.install.isVirtualEnvironment || $0.runFor.tag.lowercased().hasSuffix(platform)
        }
        let onlyPrerelease = filtered.allSatisfy { $0.install.entry.isPrerelease }
        if !filtered.isEmpty && (allPrerelease || !onlyPrerelease) { best = filtered }
    }
    return best
}

/// The runtime `py` starts for `request` (`nil`, empty or `default` → the default;
/// pymanager `get_install_to_run`).
///
/// With no request: the active virtual environment when there is one,
/// otherwise `defaultTag` is resolved like a request. A default that matches
/// nothing counts as "nothing installed", so auto-install can step in.
///
/// - Throws: `ResolutionError.noInstalls` or `.noMatch`.
public func installToRun(
    _ installs: [Install], request: String?, defaultTag: String, windowed: Bool = false, defaultPlatform: String? = nil
) throws(ResolutionError) -> RuntimeMatch {
    guard !installs.isEmpty else { throw .noInstalls }
    var candidates = installs
    let parsed: TagRequest
    let usedDefault: Bool
    if let request, !request.trimmingSpaces.isEmpty, !TagRequest.isDefaultKeyword(request) {
        do {
            parsed = try TagRequest(parsing: request)
        } catch {
            throw .invalidRequest(error)
        }
        usedDefault = false
    } else {
        let venvs = installs.filter(\.isVirtualEnvironment)
        if !venvs.isEmpty {
            candidates = venvs
            parsed = .any
        } else {
            do {
                parsed = try TagRequest(parsing: defaultTag.trimmingSpaces.isEmpty ? "3" : defaultTag)
            } catch {
                throw .invalidRequest(error)
            }
        }
        usedDefault = true
    }
    let best = matchingInstalls(candidates, request: parsed, windowed: windowed, defaultPlatform: defaultPlatform)
    if let first = best.first { return first }
    if usedDefault { throw .noInstalls }
    throw .noMatch(request: request?.trimmingSpaces ?? "")
}

fileprivate extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
