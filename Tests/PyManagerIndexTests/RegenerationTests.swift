import Foundation
import Testing

@testable import PyManagerIndex

/// Differences between the committed feeds and freshly generated ones, one
/// line each: missing, extra, or differing files (with the first differing line).
func feedDifferences(committed: [String: Data], generated: [String: Data]) -> [String] {
    var problems: [String] = []
    for name in generated.keys.sorted() {
        guard let old = committed[name] else {
            problems.append("\(name): not committed in Index/")
            continue
        }
        guard let new = generated[name], old != new else { continue }
        let oldLines = String(decoding: old, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let newLines = String(decoding: new, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(oldLines, newLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(oldLines.count, newLines.count)
        problems.append("\(name): differs from a fresh run, first at line \(line + 1)")
    }
    for name in committed.keys.sorted() where generated[name] == nil {
        problems.append("\(name): in Index/ but no longer generated")
    }
    return problems
}

@Suite("Committed feeds")
struct RegenerationTests {
    @Test("Index/ is exactly what the generator writes from the metadata kept in the repository")
    func indexMatchesGenerator() throws {
        let data = try Data(contentsOf: Repository.metadata)
        let installer = try IndexGenerator.Input(reading: Repository.installerMetadata)
        let rendered = try IndexGenerator.render(
            metadata: data, file: "Tests/Fixtures/pbs-download-metadata.json", installer: installer)
        var generated: [String: Data] = [:]
        for feed in rendered {
            for page in feed.pages { generated[page.name] = Data(page.text.utf8) }
        }
        var committed: [String: Data] = [:]
        for name in Repository.indexFiles() {
            committed[name] = try Data(contentsOf: Repository.index.appendingPathComponent(name))
        }
        let problems = feedDifferences(committed: committed, generated: generated)
        #expect(
            problems.isEmpty,
            """
            \(problems.joined(separator: "\n"))
            Regenerate with: swift run pymanager-index --metadata Tests/Fixtures/pbs-download-metadata.json \\
                --pbs-installer Index/metadata/pbs-installer-versions.json.xz --output Index/
            """)
        // At least the five required host triples.
        for name in ["index-linux-x86_64-gnu.json", "index-linux-aarch64-gnu.json", "index-linux-x86_64-musl.json",
                     "index-darwin-x86_64.json", "index-darwin-aarch64.json"] {
            #expect(committed[name] != nil, "\(name) is missing from Index/")
        }
    }

    @Test("the comparison reports a changed byte, a missing file and a stale file")
    func comparisonCanFail() {
        let same = Data("{\n  \"versions\": []\n}\n".utf8)
        let changed = Data("{\n  \"versions\": [ ]\n}\n".utf8)
        #expect(feedDifferences(committed: ["a.json": same], generated: ["a.json": same]).isEmpty)
        #expect(feedDifferences(committed: ["a.json": same], generated: ["a.json": changed])
            == ["a.json: differs from a fresh run, first at line 2"])
        #expect(feedDifferences(committed: [:], generated: ["a.json": same]) == ["a.json: not committed in Index/"])
        #expect(feedDifferences(committed: ["old.json": same], generated: [:])
            == ["old.json: in Index/ but no longer generated"])
    }

    @Test("the generator writes the same files to disk that render returns")
    func writesToDisk() throws {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("pymanager-index-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let metadata = output.appendingPathComponent("meta.json")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try HandMadeMetadata.json().write(to: metadata)

        let written = try IndexGenerator.generate(metadataURL: metadata, outputDirectory: output, triples: [x64])

        #expect(written.map(\.name) == ["index-linux-x86_64-gnu.json", "index-linux-x86_64-gnu-legacy.json"])
        #expect(written.map(\.entries) == [6, 1])
        let onDisk = try Data(contentsOf: output.appendingPathComponent("index-linux-x86_64-gnu.json"))
        #expect(onDisk.count == written.first?.bytes)
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(names == ["index-linux-x86_64-gnu-legacy.json", "index-linux-x86_64-gnu.json", "meta.json"])
    }
}
