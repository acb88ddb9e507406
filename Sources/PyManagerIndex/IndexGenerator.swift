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

    /// One metadata file's bytes and the name that stands for it in errors.
    public struct Input: Sendable {
        public var data: Data
        public var file: String

        public init(data: Data, file: String) {
            self.data = data
            self.file = file
        }

        /// Reads `url`, decompressing `.xz`, `.gz` and `.zst`. Throws `IndexError.unreadable`.
        public init(reading url: URL) throws {
            self.init(data: try MetadataFile.read(url), file: url.path)
        }
    }

    /// Generates the pages for every triple in memory (duplicate triples once)
    /// from uv's metadata, merged with pbs-installer's `versions.json` when
    /// given (see `MetadataMerge`). `file` names the metadata in errors.
    /// Throws `IndexError`.
    public static func render(
        metadata data: Data, file: String, installer: Input? = nil, triples: [HostTriple] = HostTriple.defaults
    ) throws -> [RenderedFeed] {
        var distributions = try PBSMetadata.parse(data, file: file)
        var names = file
        if let installer {
            let files = try PBSInstallerMetadata.parse(installer.data, file: installer.file)
            distributions = try MetadataMerge.merge(
                uv: distributions, uvFile: file, installer: files, installerFile: installer.file)
            names += " and " + installer.file
        }
        var seen = Set<HostTriple>()
        return try triples.filter { seen.insert($0).inserted }.map { triple in
            let pages = try FeedBuilder.pages(for: triple, from: distributions, file: names)
            return RenderedFeed(
                triple: triple,
                pages: pages.map { RenderedPage(name: $0.fileName, text: FeedJSON.render($0), entries: $0.entries.count) })
        }
    }

    /// Reads `metadataURL` (and `installerURL`, pbs-installer's
    /// `versions.json`), writes each feed page into `outputDirectory`, and
    /// returns what was written. Throws `IndexError`.
    public static func generate(
        metadataURL: URL, installerURL: URL? = nil, outputDirectory: URL, triples: [HostTriple] = HostTriple.defaults
    ) throws -> [WrittenPage] {
        let metadata = try Input(reading: metadataURL)
        let installer = try installerURL.map { try Input(reading: $0) }
        let rendered = try render(metadata: metadata.data, file: metadata.file, installer: installer, triples: triples)
        return try write(rendered, to: outputDirectory)
    }

    /// Writes every page into `outputDirectory` (created if missing; each
    /// file written to a temporary name, then renamed). Throws `IndexError.unwritable`.
    public static func write(_ rendered: [RenderedFeed], to outputDirectory: URL) throws -> [WrittenPage] {
        do {
            try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
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
    static func reason(_ error: any Error) -> String {
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
