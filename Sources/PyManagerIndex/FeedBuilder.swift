/// One file of a feed: its entries and the relative URL of the next page.
public struct FeedPage: Equatable, Sendable {
    public var fileName: String
    public var entries: [FeedEntry]
    /// Relative to this page's URL (a sibling file name), `nil` on the last page.
    public var next: String?
}

/// Chooses the distributions for one host triple and splits them into pages.
///
/// Selection, in order:
/// 1. Keep builds for exactly this os/arch/libc (baseline arch, no `x86_64_v3`)
///    from CPython, PyPy and GraalPy; ignore other names and platforms.
/// 2. Drop debug builds (`debug`, `freethreaded+debug` variants) and builds
///    with no published SHA-256.
/// 3. CPython: keep only `install_only_stripped` archives, else `install_only`
///    (`full` and old `pgo`/`lto` archives have a different layout). PyPy and
///    GraalPy: any tar or zip archive (one top-level folder, stripped on install).
/// 4. Group by implementation, minor line and free-threading (one `id` each).
///    Each version is listed once: its newest build, then its preferred archive.
///    Page 1 gets the newest final release of each group, or its newest
///    prerelease when it has no final release yet (3.15.0rc1). A prerelease
///    newer than the group's final release (3.14.8rc1 after 3.14.7) is left out,
///    so an `id` appears once on page 1.
/// 5. Older final releases of each group go to the legacy page, linked by `next`.
///    Older prereleases are left out.
/// 6. Both pages are ordered newest minor line first, then CPython, PyPy,
///    GraalPy, then default before free-threaded, then newest version first.
public enum FeedBuilder {
    /// Builds the pages for `triple`. `file` names the metadata in errors.
    /// Throws `IndexError.invalidValue` for a selected build whose URL is not
    /// https, and `.noEntries` when nothing is installable for the triple.
    public static func pages(
        for triple: HostTriple, from distributions: [PBSDistribution], file: String
    ) throws -> [FeedPage] {
        var groups: [GroupKey: [Candidate]] = [:]
        for dist in distributions {
            guard let candidate = try candidate(dist, triple: triple, file: file) else { continue }
            groups[candidate.group, default: []].append(candidate)
        }
        guard !groups.isEmpty else {
            throw IndexError.noEntries(triple: triple.description, file: file)
        }

        var latest: [Candidate] = []
        var legacy: [Candidate] = []
        for candidates in groups.values {
            let versions = bestArchivePerVersion(candidates)
            let finals = versions.filter { !$0.dist.version.isPrerelease }
            if let newest = finals.first {
                latest.append(newest)
                legacy += finals.dropFirst()
            } else if let newest = versions.first {
                latest.append(newest)
            }
        }

        let mainEntries = latest.sorted(by: feedOrder).map { $0.entry(for: triple) }
        let legacyEntries = legacy.sorted(by: feedOrder).map { $0.entry(for: triple) }
        if legacyEntries.isEmpty {
            return [FeedPage(fileName: triple.feedFileName, entries: mainEntries, next: nil)]
        }
        return [
            FeedPage(fileName: triple.feedFileName, entries: mainEntries, next: triple.legacyFeedFileName),
            FeedPage(fileName: triple.legacyFeedFileName, entries: legacyEntries, next: nil),
        ]
    }

    struct GroupKey: Hashable {
        var implementation: Implementation
        var major: Int
        var minor: Int
        var freeThreaded: Bool
    }

    struct Candidate {
        var dist: PBSDistribution
        var implementation: Implementation
        var freeThreaded: Bool
        var sha256: String
        /// Lower is preferred: 0 stripped install_only (or a PyPy/GraalPy archive), 1 install_only.
        var archiveRank: Int

        var group: GroupKey {
            GroupKey(
                implementation: implementation, major: dist.version.major,
                minor: dist.version.minor, freeThreaded: freeThreaded)
        }

        func entry(for triple: HostTriple) -> FeedEntry {
            FeedEntry(dist, implementation: implementation, freeThreaded: freeThreaded, sha256: sha256, triple: triple)
        }
    }

    /// Archive suffixes the installer can unpack.
    static let archiveSuffixes = [".tar.gz", ".tgz", ".tar.xz", ".tar.zst", ".tar.bz2", ".zip"]

    /// Returns the build as a candidate, or `nil` when steps 1–3 leave it out.
    static func candidate(_ dist: PBSDistribution, triple: HostTriple, file: String) throws -> Candidate? {
        guard let implementation = Implementation(pbsName: dist.name),
            dist.os == triple.os, dist.archFamily == triple.arch, dist.archVariant == nil,
            dist.libc == triple.libc
        else { return nil }

        let freeThreaded: Bool
        switch dist.variant {
        case nil: freeThreaded = false
        case "freethreaded" where implementation == .cpython: freeThreaded = true
        default: return nil  // debug builds, and variants we have no tag for
        }
        guard let sha256 = dist.sha256 else { return nil }

        let fileName = String(dist.url.split(separator: "/").last ?? "")
        guard let suffix = archiveSuffixes.first(where: { fileName.hasSuffix($0) }) else { return nil }
        let stem = fileName.dropLast(suffix.count)
        let rank: Int
        switch implementation {
        case .cpython:
            if stem.hasSuffix("-install_only_stripped") {
                rank = 0
            } else if stem.hasSuffix("-install_only") {
                rank = 1
            } else {
                return nil
            }
        case .pypy, .graalpy:
            rank = 0
        }

        guard dist.url.hasPrefix("https://") else {
            throw IndexError.invalidValue(file: file, keyPath: "\"\(dist.key)\".url", expected: "an https:// URL")
        }
        return Candidate(
            dist: dist, implementation: implementation, freeThreaded: freeThreaded,
            sha256: sha256, archiveRank: rank)
    }

    /// One candidate per version, newest version first: the newest build
    /// (`20261021` over `20260814`, PyPy `7.3.23` over `7.3.20`), then the
    /// preferred archive of that build.
    static func bestArchivePerVersion(_ candidates: [Candidate]) -> [Candidate] {
        let sorted = candidates.sorted { a, b in
            if a.dist.version != b.dist.version { return a.dist.version > b.dist.version }
            let builds = compareBuilds(a.dist.build, b.dist.build)
            if builds != 0 { return builds > 0 }
            if a.archiveRank != b.archiveRank { return a.archiveRank < b.archiveRank }
            return (a.dist.key, a.dist.url) < (b.dist.key, b.dist.url)
        }
        var result: [Candidate] = []
        for candidate in sorted where result.last?.dist.version != candidate.dist.version {
            result.append(candidate)
        }
        return result
    }

    /// Compares build names by their numeric parts (`7.3.9` < `7.3.23`,
    /// `20260814` < `20261021`), then as text; returns -1, 0 or 1.
    static func compareBuilds(_ a: String, _ b: String) -> Int {
        func numbers(_ s: String) -> [Int] {
            s.split(whereSeparator: { !$0.isASCIIDigit }).map { Int($0.prefix(18)) ?? 0 }
        }
        let (na, nb) = (numbers(a), numbers(b))
        if na != nb { return na.lexicographicallyPrecedes(nb) ? -1 : 1 }
        return a == b ? 0 : (a < b ? -1 : 1)
    }

    /// Step 6's order; total, so the output never depends on dictionary order.
    static func feedOrder(_ a: Candidate, _ b: Candidate) -> Bool {
        let va = a.dist.version
        let vb = b.dist.version
        if (va.major, va.minor) != (vb.major, vb.minor) { return (va.major, va.minor) > (vb.major, vb.minor) }
        if a.implementation != b.implementation { return a.implementation < b.implementation }
        if a.freeThreaded != b.freeThreaded { return !a.freeThreaded }
        if va != vb { return va > vb }
        return a.dist.key < b.dist.key
    }
}
