import Foundation

/// Reads PBS metadata and writes one feed (one or two pages) per host triple.
public enum IndexGenerator {
    /// One page as text, before it is written.
    public struct RenderedPage: Equatable, Sendable {
        public var name: String
        public var text: String
        public var entries: Int
    }

    /// Every page of one triple's feed, first page first.
    public struct RenderedFeed: Equatable, Sendable {
        public var triple: HostTriple
        public var pages: [RenderedPage]
    }

    /// What was written for one page, for the command's summary line.
    public struct WrittenPage: Equatable, Sendable {
        public var name: String
        public var entries: Int
        public var bytes: Int
    }

    /// Generates the pages for every triple in memory (duplicate triples once).
    /// `file` names the metadata in errors. Throws `IndexError`.
    public static func render(
        metadata data: Data, file: String, triples: [HostTriple] = HostTriple.defaults
    ) throws -> [RenderedFeed] {
        let distributions = try PBSMetadata.parse(data, file: file)
        var seen = Set<HostTriple>()
        return try triples.filter { seen.insert($0).inserted }.map { triple in
            let pages = try FeedBuilder.pages(for: triple, from: distributions, file: file)
            return RenderedFeed(
                triple: triple,
                pages: pages.map { RenderedPage(name: $0.fileName, text: FeedJSON.render($0), entries: $0.entries.count) })
        }
    }

    /// Reads `metadataURL`, writes each feed page into `outputDirectory`
    /// (created if missing; each file written to a temporary name, then renamed),
    /// and returns what was written. Throws `IndexError`.
    public static func generate(
        metadataURL: URL, outputDirectory: URL, triples: [HostTriple] = HostTriple.defaults
    ) throws -> [WrittenPage] {
        let file = metadataURL.path
        let data: Data
        do {
            data = try Data(contentsOf: metadataURL)
        } catch {
            throw IndexError.unreadable(file: file, reason: reason(error))
        }
        let rendered = try render(metadata: data, file: file, triples: triples)

        let manager = FileManager.default
        do {
            try manager.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw IndexError.unwritable(file: outputDirectory.path, reason: reason(error))
        }
        return try rendered.flatMap(\.pages).map { page in
            let bytes = Data(page.text.utf8)
            try write(bytes, to: outputDirectory.appendingPathComponent(page.name))
            return WrittenPage(name: page.name, entries: page.entries, bytes: bytes.count)
        }
    }

    private static func write(_ bytes: Data, to target: URL) throws {
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
        do {
            try bytes.write(to: temporary)
        } catch {
            throw IndexError.unwritable(file: target.path, reason: reason(error))
        }
        // rename(2) replaces the old page atomically: readers see old or new, never half.
        guard rename(temporary.path, target.path) == 0 else {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw IndexError.unwritable(file: target.path, reason: message)
        }
    }

    /// The OS's own words ("No such file or directory") when Foundation
    /// wraps a POSIX error, else Foundation's description; no final full stop.
    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        let text: String
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            text = String(cString: strerror(Int32(underlying.code)))
        } else {
            text = ns.localizedDescription
        }
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}
