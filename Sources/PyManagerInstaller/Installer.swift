import Crypto
import Glibc
import PyManagerArchive
import PyManagerCore
import PyManagerHTTP
import PyManagerInstalls

/// Downloads, verifies and installs runtimes; removes them again.
///
/// The transaction for one install (DESIGN.md "Installs on disk"):
/// 1. take the exclusive lock `<install_dir>/.lock` and remove leftovers of
///    interrupted runs (`.staging-*`, `.replaced-*`, `.removing-*`): while we
///    hold the lock nobody else can be using them;
/// 2. download into `download_dir` (reusing a cached file only when its
///    SHA-256 still matches) and verify the SHA-256 before extracting;
/// 3. extract into `<install_dir>/.staging-<id>-<pid>`, write `__install__.json`;
/// 4. exchange the staging folder with any existing `<install_dir>/<id>`
///    (`Posix.replaceDirectory`), or rename it into place, then delete the old one.
/// A process killed at any step leaves nothing that `py list` shows.
public struct Installer: Sendable {
    public var settings: Settings
    public var log: Log
    public var client: HTTPClient
    /// Show progress bars (only on a terminal, and not for parallel downloads).
    public var showProgress = true

    public init(settings: Settings, log: Log, client: HTTPClient) {
        self.settings = settings
        self.log = log
        self.client = client
    }

    public var lockPath: String { Path.join(settings.installDir, ".lock") }

    /// Takes the install lock, telling the user if another `py` holds it.
    public func lock() throws(InstallError) -> Posix.Lock {
        do {
            try Posix.makeDirectories(settings.installDir)
            let log = self.log
            let path = lockPath
            return try Posix.Lock(path: path) { log.info("Waiting for another py install or uninstall to finish (\(path))...") }
        } catch {
            throw .file(error)
        }
    }

    /// Removes what interrupted installs left behind. Call with the lock held.
    public func removeLeftovers() {
        for name in Posix.listDirectory(settings.installDir)
        where name.hasPrefix(".staging-") || name.hasPrefix(".replaced-") || name.hasPrefix(".removing-") {
            let path = Path.join(settings.installDir, name)
            log.verbose("Removing leftovers of an interrupted run: \(path)")
            do {
                try Posix.removeTree(path, allowedRoots: [settings.installDir])
            } catch {
                log.warn("\(error)")
            }
        }
    }

    /// Where the archive of `item` is cached.
    public func cachePath(for item: FeedItem) -> String {
        Path.join(settings.downloadDir, Installer.archiveFileName(for: item))
    }

    /// The URL's last path component, made safe, or `<id><suffix>`.
    public static func archiveFileName(for item: FeedItem) -> String {
        let url = item.url ?? ""
        let path = url.split(separator: "?").first.map(String.init) ?? url
        let name = Path.basename(path).filter { $0 != "/" && $0 != "\\" && $0 != "\0" }
        if name.isEmpty || name == "." || name == ".." || name.hasPrefix(".") {
            return item.entry.id + (item.entry.archiveSuffix ?? ".archive")
        }
        return name
    }

    /// Downloads `item`'s archive to `destination` (default: the cache) and
    /// verifies it; returns the verified file's path.
    ///
    /// - Throws: `.noHash`/`.noURL` before touching the network; `.hashMismatch`
    ///   after deleting the bad file.
    public func fetchArchive(_ item: FeedItem, to destination: String? = nil, force: Bool = false) throws(InstallError) -> String {
        guard let url = item.url else { throw .noURL(id: item.entry.id, feed: item.feed) }
        guard let expected = item.entry.sha256 else { throw .noHash(id: item.entry.id, feed: item.feed) }
        let path = destination ?? cachePath(for: item)
        do {
            try Posix.makeDirectories(Path.directory(of: path))
        } catch {
            throw .file(error)
        }
        if force {
            try? Posix.removeFile(path)
            try? Posix.removeFile(path + ".partial")
        } else if Posix.kind(path) == .file {
            if (try? Installer.sha256(ofFile: path)) == expected {
                log.verbose("Using the cached download \(path)")
                return path
            }
            log.verbose("The cached file \(path) does not match its hash; downloading it again.")
            try? Posix.removeFile(path)
        }
        log.info("Downloading \(item.entry.displayName) from \(redacted(url))")
        // A `.partial` left by an interrupted run is resumed; it may belong to an older archive of
        // the same name, so a resumed file that fails the hash is downloaded once more from scratch.
        var resuming = Posix.kind(path + ".partial") == .file
        while true {
            let actual = try downloadAndHash(url, to: path)
            if actual == expected {
                log.debug("Verified SHA-256 \(actual) of \(path)")
                return path
            }
            try? Posix.removeFile(path)
            guard resuming else { throw .hashMismatch(url: url, expected: expected, actual: actual) }
            log.verbose("The resumed download of \(path) does not match its hash; downloading it again from the start.")
            resuming = false
        }
    }

    /// Downloads `url` to `path` (resuming `path.partial`) and returns the file's SHA-256,
    /// computed from the bytes as they arrive (the client feeds a resumed file's
    /// existing part first, and says when the file starts over).
    func downloadAndHash(_ url: String, to path: String) throws(InstallError) -> String {
        let progress = showProgress ? ProgressReporter(label: Path.basename(path), quiet: !log.wouldLog(LogLevel.info)) : nil
        let hasher = HashBox()
        let observer = DownloadObserver(restart: { hasher.sha = SHA256() }, data: { hasher.sha.update(bufferPointer: $0) })
        do {
            try client.download(Installer.transferURL(url), to: path, progress: progress, observer: observer)
        } catch {
            throw .http(error)
        }
        return Installer.hex(hasher.sha.finalize())
    }

    /// The running digest a download observer updates.
    final class HashBox {
        var sha = SHA256()
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The URL libcurl fetches for an entry's `url`: URLs as they are; a plain path (an entry of a
    /// feed read from a path, such as the `index.json` written by `--download`) as a `file://` URL.
    static func transferURL(_ url: String) -> String {
        guard !url.contains("://") else { return url }
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.append(byte)
            default:
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return "file://" + String(decoding: encoded, as: UTF8.self)
    }

    /// Lowercase hex SHA-256 of a file, read in 1 MiB blocks.
    public static func sha256(ofFile path: String) throws(PosixError) -> String {
        var hasher = SHA256()
        try Posix.readChunks(path, chunkSize: 1 << 20) { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    /// Extracts a verified archive and registers it as `<install_dir>/<id>`.
    /// Call with the lock held.
    public func install(archive: String, item: FeedItem, source: String) throws(InstallError) -> Install {
        let id = item.entry.id
        let staging = Path.join(settings.installDir, ".staging-\(id)-\(getpid())")
        let target = Path.join(settings.installDir, id)
        // Only a folder we installed (it has `__install__.json`) may be replaced; anything else
        // under that name is the user's.
        let targetKind = Posix.kind(target, followLinks: false)
        if targetKind != nil
            && (targetKind != .directory || Posix.kind(Path.join(target, "__install__.json"), followLinks: false) != .file)
        {
            throw .notOurInstall(path: target)
        }
        try extract(archive, into: staging, folder: settings.installDir)
        func discardStaging() { removeLeftover(staging) }
        let executable = Path.join(staging, item.entry.executable)
        guard Posix.exists(executable) || Posix.kind(executable, followLinks: false) == .symlink else {
            discardStaging()
            throw .missingExecutable(id: id, path: item.entry.executable)
        }
        do {
            try checkStarts(executable, entry: item.entry)
        } catch {
            discardStaging()
            throw error
        }
        var record = item.entry.json
        if let url = item.url { record["url"] = .string(url) }
        record["source"] = .string(source)
        record["install-time"] = .string(Installer.timestamp())
        do throws(PosixError) {
            try Posix.writeFileAtomically(Path.join(staging, "__install__.json"), Array(JSONValue.object(record).prettyText().utf8))
            // Every user runs the system store's runtimes: readable by all, writable by root alone.
            if settings.managesSystemStore { try Posix.makeReadableByAll(staging) }
            // An existing install is exchanged atomically (launches and running processes keep working).
            let aside = Path.join(settings.installDir, ".replaced-\(id)-\(getpid())")
            if let previous = try Posix.replaceDirectory(target, with: staging, aside: aside) { removeLeftover(previous) }
        } catch {
            discardStaging()
            throw .file(error)
        }
        var entry = item.entry
        entry.json = record
        return Install(entry: entry, kind: .managed, prefix: target)
    }

    /// Removes a staging or set-aside folder inside install_dir, trying twice (a transient
    /// failure must not leave it); what still fails is removed by the next run's `removeLeftovers`.
    func removeLeftover(_ path: String) {
        do {
            try Posix.removeTree(path, allowedRoots: [settings.installDir])
        } catch {
            do {
                try Posix.removeTree(path, allowedRoots: [settings.installDir])
            } catch {
                log.warn("Could not remove \(path) (\(error)); the next py install or uninstall removes it.")
            }
        }
    }

    /// `py install --target`: plain extraction into a new or empty folder, not registered.
    public func extractUnregistered(archive: String, into folder: String) throws(InstallError) {
        try extract(archive, into: folder, folder: Path.directory(of: folder))
    }

    /// Extracts `archive` into the fresh folder `destination` within the configured size and member
    /// limits and the free space of `folder` (the file system it lands on). When the archive's
    /// container tells its expanded size, a too large archive is refused before anything is
    /// written; otherwise the extraction stops at the member that would go past a limit.
    func extract(_ archive: String, into destination: String, folder: String) throws(InstallError) {
        let limits = ExtractionLimits(
            maxExpandedSize: settings.maxExpandedSize, maxMembers: settings.maxMembers,
            availableBytes: Posix.availableBytes(at: folder))
        do {
            if let expanded = expandedSizeEstimate(archive: archive) {
                log.debug("\(archive) expands to about \(byteCount(expanded)); \(limits.availableBytes.map(byteCount) ?? "unknown") free in \(folder)")
                try limits.checkUpFront(expandedSize: expanded, archive: archive, folder: folder)
            }
            try PyManagerArchive.extract(archive: archive, into: destination, limits: limits)
        } catch {
            throw .archive(error)
        }
    }

    /// Starts the extracted runtime once (`-c "import sys"`, isolated, no `site`, no bytecode
    /// written) so that a runtime that cannot start is never committed. Skipped for an executable
    /// built for another machine (its ELF machine is not this process's).
    func checkStarts(_ executable: String, entry: FeedEntry) throws(InstallError) {
        if let machine = Posix.elfMachine(executable), let host = Posix.hostELFMachine, machine != host {
            log.verbose("Not starting \(executable) to check it: it is built for another machine.")
            return
        }
        // CPython's -I; PyPy and GraalPy take the options it stands for.
        let options = entry.company.lowercased() == "pythoncore" ? ["-I", "-S", "-B"] : ["-E", "-s", "-S", "-B"]
        let arguments = options + ["-c", "import sys"]
        var environment = Posix.environment().filter { !$0.key.hasPrefix("PYTHON") }
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let result: Posix.ChildResult
        do {
            result = try Posix.run(executable, arguments: [executable] + arguments, environment: environment, timeout: 120)
        } catch {
            throw .runtimeDoesNotStart(id: entry.id, command: executable, detail: error.description)
        }
        guard result.status != 0 || result.timedOut else {
            log.debug("\(executable) started and exited cleanly")
            return
        }
        let firstLine = result.output.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.drop(while: { $0 == " " || $0 == "\t" }) }.first { !$0.isEmpty }.map { String($0.prefix(200)) }
        let detail = result.timedOut
            ? "it did not finish within 120 seconds"
            : "it exited with status \(result.status)" + (firstLine.map { ": \($0)" } ?? "")
        throw .runtimeDoesNotStart(id: entry.id, command: ([Path.basename(executable)] + arguments).joined(separator: " "), detail: detail)
    }

    /// Removes a managed install's folder. Call with the lock held.
    public func remove(_ install: Install) throws(InstallError) {
        guard install.isManaged, Path.isInside(install.prefix, settings.installDir),
            Posix.kind(Path.join(install.prefix, "__install__.json")) == .file
        else {
            throw .file(PosixError("remove (not a managed install)", install.prefix, code: EPERM))
        }
        let aside = Path.join(settings.installDir, ".removing-\(install.id)-\(getpid())")
        do {
            try Posix.rename(install.prefix, to: aside)
        } catch {
            throw .file(error)
        }
        // From here the runtime is uninstalled: `py list` no longer sees it.
        removeLeftover(aside)
    }

    /// The current UTC time as ISO 8601 (`2026-12-01T07:30:00Z`).
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
