// PyManagerIndexTests: the feed generator (GeneratorTests, on hand-made
// metadata), the committed feeds (RegenerationTests: Index/ equals a fresh run
// over Tests/Fixtures; FeedValidationTests: every Index/*.json is well formed).
import Foundation

/// Paths in the repository, found from this file's location.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // PyManagerIndexTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let index = root.appendingPathComponent("Index", isDirectory: true)
    static let metadata = root.appendingPathComponent("Tests/Fixtures/pbs-download-metadata.json")
    /// pbs-installer's `versions.json`, as `scripts/refresh-index.sh` keeps it beside the feeds.
    static let installerMetadata = root.appendingPathComponent("Index/metadata/pbs-installer-versions.json.xz")

    /// The `.json` files in `Index/`, sorted by name.
    static func indexFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: index.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }
}
