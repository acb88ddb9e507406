import Foundation

/// Reads PBS metadata and writes one feed (one or two pages) per host triple.
public enum IndexGenerator {
    /// What was written for one triple, for the command's summary line.
    public struct Written: Equatable, Sendable {
        public var triple: HostTriple
        /// File name, entry count and byte size of each page, first page first.
        public var pages: [(name: String, entries: Int, bytes: Int)]

        public static func == (lhs: Written, rhs: Written) -> Bool {
            lhs.triple == rhs.triple && lhs.pages.elementsEqual(rhs.pages) { $0 == $1 }
        }
    }

    /// Generates the pages for every triple in memory, keyed by file name.
    /// `file` names the metadata in errors. Throws `IndexError`.
    public static func render(
        metadata data: Data, file: String, triples: [HostTriple] = HostTriple.defaults
    ) throws -> [(triple: HostTriple, pages: [(name: String, text: String, entries: Int)])] {
        let distributions = try PBSMetadata.parse(data, file: file)
        var seen = Set<HostTriple>()
        return try triples.filter { seen.insert($0).inserted }.map { triple in
            let pages = try FeedBuilder.pages(for: triple, from: distributions, file: file)
            return (triple, pages.map { ($0.fileName, FeedJSON.render($0), $0.entries.count) })
        }
    }

    /// Reads `metadataURL`, writes each feed page into `outputDirectory`
    /// (created if missing; each file written to a temporary name, then renamed),
    /// and returns what was written. Throws `IndexError`.
    public static func generate(
        metadataURL: URL, outputDirectory: URL, triples: [HostTriple] = HostTriple.defaults
    ) throws -> [Written] {
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
        return try rendered.map { triple, pages in
            let written = try pages.map { name, text, entries in
                let bytes = Data(text.utf8)
                try write(bytes, to: outputDirectory.appendingPathComponent(name))
                return (name: name, entries: entries, bytes: bytes.count)
            }
            return Written(triple: triple, pages: written)
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
