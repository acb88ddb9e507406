import Foundation

/// What a regeneration changes in one host's feed: the versions added and
/// removed, each as `<company>/<full tag>` (`PythonCore/3.15.1t-64`,
/// `PyPy/3.11.15-64`), in feed order.
public struct FeedChange: Equatable, Sendable, CustomStringConvertible {
    public var triple: HostTriple
    public var added: [String]
    public var removed: [String]

    /// `linux-x86_64-gnu: added PythonCore/3.15.1-64; removed PythonCore/3.15.0rc1-64`,
    /// or `linux-x86_64-gnu: unchanged`.
    public var description: String {
        var parts: [String] = []
        if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("removed " + removed.joined(separator: ", ")) }
        return "\(triple): " + (parts.isEmpty ? "unchanged" : parts.joined(separator: "; "))
    }
}

extension IndexGenerator {
    /// Compares the pages written before (`before`: file name → bytes; a
    /// missing or unreadable page counts as empty) with `rendered`, per host.
    public static func changes(before: [String: Data], after rendered: [RenderedFeed]) -> [FeedChange] {
        rendered.map { feed in
            let old = feed.pages.flatMap { before[$0.name].map(versionLabels) ?? [] }
            let new = feed.pages.flatMap { versionLabels(Data($0.text.utf8)) }
            let oldSet = Set(old)
            let newSet = Set(new)
            return FeedChange(
                triple: feed.triple, added: new.filter { !oldSet.contains($0) }, removed: old.filter { !newSet.contains($0) })
        }
    }

    /// `<company>/<first install-for tag>` of each entry of one feed page.
    static func versionLabels(_ page: Data) -> [String] {
        guard let root = try? JSONSerialization.jsonObject(with: page) as? [String: Any],
            let versions = root["versions"] as? [[String: Any]]
        else { return [] }
        return versions.compactMap { entry in
            guard let company = entry["company"] as? String, let tag = (entry["install-for"] as? [String])?.first
            else { return nil }
            return "\(company)/\(tag)"
        }
    }
}
