/// Choosing by a PEP 440 specifier set (PEP 723 `requires-python`, or a
/// `.python-version` line such as `>=3.11`), over installs and feed entries.
///
/// The version tested is each runtime's `sort-version`. Installs keep their
/// preference order (managed, stable, newest first), so the first match is
/// the newest satisfying runtime. Prereleases count only when nothing
/// stable satisfies (PEP 440's rule, as `py install` prefers stable too).
public func installs(_ installs: [Install], satisfying specifiers: PEP440SpecifierSet) -> [Install] {
    func versions(prereleases: Bool) -> [Install] {
        installs.filter { install in
            guard !install.isVirtualEnvironment, let v = try? PEP440Version(parsing: install.entry.sortVersion) else { return false }
            return specifiers.contains(v, prereleases: prereleases)
        }
    }
    let stable = versions(prereleases: false)
    return stable.isEmpty ? versions(prereleases: true) : stable
}

/// The feed entry `py exec` installs for a specifier set: the newest stable
/// CPython entry satisfying it (the host platform preferred), else the newest
/// satisfying prerelease.
public func selectEntry(_ items: [FeedItem], satisfying specifiers: PEP440SpecifierSet, defaultPlatform: String?) -> FeedItem? {
    let core = items.filter { Tag(company: $0.entry.company, tag: $0.entry.tag).isCore }
    let platform = defaultPlatform?.lowercased() ?? ""
    let onPlatform = platform.isEmpty ? core : core.filter { $0.entry.tag.lowercased().hasSuffix(platform) }
    for pool in [onPlatform, core] {
        for prereleases in [false, true] {
            let matching = pool.filter { item in
                guard let v = try? PEP440Version(parsing: item.entry.sortVersion) else { return false }
                return specifiers.contains(v, prereleases: prereleases)
            }
            if let best = bestEntry(matching) { return best }
        }
    }
    return nil
}
