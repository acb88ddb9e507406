import Dispatch
import Glibc
import PyManagerCore
import PyManagerHTTP
import PyCommandLine
import PyManagerInstaller
import PyManagerInstalls

func httpClient(_ context: Context) -> HTTPClient {
    var client = HTTPClient(version: HelpText.version, environment: context.environment)
    // Every download is hashed before it is used, and a cached file is
    // hashed again before reuse, so a lost write after a crash is caught:
    // the fsync before the rename buys nothing here.
    client.syncsDownloads = false
    return client
}

/// All entries of a feed chain, with `install.fallback_source` when the source is unreachable.
func loadFeed(_ source: String, context: Context) throws -> [FeedItem] {
    let trust: FeedTrust
    do {
        trust = try context.feedTrust()
    } catch {
        throw CommandFailure(message: error.description)
    }
    let loader = FeedLoader(client: httpClient(context), log: context.log, trust: trust)
    do {
        return try loader.load(source, fallback: context.settings.fallbackSource)
    } catch {
        throw CommandFailure(message: error.description)
    }
}

/// `py install`: see `HelpText.install` and `Installer`.
struct InstallCommand {
    var command: ParsedCommand
    var context: Context

    var log: Log { context.log }
    var settings: Settings { context.settings }

    func run() throws -> Int32 {
        let report = try ActionReport(command)
        return try report.running(logFile: log.file?.path) { try run(report) }
    }

    func run(_ report: ActionReport) throws -> Int32 {
        let installer = Installer(settings: settings, log: log, client: httpClient(context))
        if command.flag("refresh") && command.positionals.isEmpty {
            refreshAliases()
            return ExitCode.success
        }
        let source = try feedSource(option: command.options["source"], context: context)
        log.verbose("Index: \(redacted(source))")
        let items = try loadFeed(source, context: context)
        let now = currentTime()
        logFeedAge(items, source: source, context: context, now: now)
        if let hint = staleBundledFeedHint(items, sourceOption: command.options["source"], context: context, now: now) {
            log.info(hint)
        }
        if let download = command.options["download"] {
            if report.isJSON { throw UsageError(message: "--format=json is not available with --download.", command: "install") }
            return try downloadForOffline(into: download, items: items, source: source, installer: installer)
        }
        if let target = command.options["target"] {
            return try extractToTarget(target, items: items, installer: installer, report: report)
        }
        let lock = try lockInstalls(installer)
        defer { lock.release() }
        let existing = context.ownInstalls()
        let systemWide = context.systemInstalls()
        let wanted = try chooseEntries(items: items, existing: existing, source: source, report: report)
        let dryRun = command.flag("dry-run")
        var toInstall: [FeedItem] = []
        for (tag, item) in wanted {
            let prefix = Path.join(settings.installDir, item.entry.id)
            var action = ActionReport.Action.installed
            if !command.flag("force"), !existing.contains(where: { $0.id == item.entry.id }),
                let shared = systemWide.first(where: { $0.id == item.entry.id })
            {
                // Every user already has it; a private copy only with --force (it then shadows the shared one).
                log.info("\(shared.entry.displayName) is already installed for all users in \(shared.prefix); use --force to install a private copy.")
                report.record(tag, .alreadyInstalled, install: shared)
                continue
            }
            if let current = existing.first(where: { $0.id == item.entry.id }) {
                if command.flag("force") {
                    log.info("Replacing \(current.entry.displayName) with \(item.entry.displayName) (--force).")
                } else if command.flag("update") {
                    guard isNewer(item.entry, than: current.entry) else {
                        log.info("\(current.entry.displayName) is up to date.")
                        report.record(tag, .alreadyInstalled, install: current)
                        continue
                    }
                    log.info("Updating \(current.entry.displayName) to \(item.entry.displayName).")
                } else {
                    log.info("\(current.entry.displayName) is already installed (use --update or --force to replace it).")
                    report.record(tag, .alreadyInstalled, install: current)
                    continue
                }
                if current.entry.sortVersion != item.entry.sortVersion { action = .updated }
            }
            report.record(tag, dryRun ? .wouldInstall : action, entry: item.entry, prefix: prefix, pending: !dryRun)
            if !toInstall.contains(where: { $0.entry.id == item.entry.id }) { toInstall.append(item) }
        }
        if dryRun {
            for item in toInstall {
                let message = "Would install \(item.entry.displayName) (\(item.entry.id)) from \(redacted(item.url ?? "?")) into \(Path.join(settings.installDir, item.entry.id))"
                log.file?.write(message)
                if !report.isJSON { print(message) }
            }
            if toInstall.isEmpty && !report.isJSON { print("Nothing to install.") }
            return ExitCode.success
        }
        let archives = try fetchAll(toInstall, installer: installer)
        var installed: [Install] = []
        for (item, archive) in zip(toInstall, archives) {
            do {
                installed.append(try installer.install(archive: archive, item: item, source: source))
            } catch {
                throw CommandFailure(message: error.description)
            }
            let prefix = Path.join(settings.installDir, item.entry.id)
            report.complete(prefix: prefix)
            log.info("Installed \(item.entry.displayName) to \(prefix)")
        }
        context.invalidateInstalls()
        if !installed.isEmpty || command.flag("refresh") { refreshAliases() }
        return ExitCode.success
    }

    /// The entries the tags ask for; `--update` with no tags means every managed install.
    /// Each comes with the tag that asked for it; a tag the index lacks is recorded in `report`.
    func chooseEntries(items: [FeedItem], existing: [Install], source: String, report: ActionReport? = nil) throws -> [(String, FeedItem)] {
        if let text = command.options["requires-python"] {
            let specs: PEP440SpecifierSet
            do {
                specs = try PEP440SpecifierSet(parsing: text)
            } catch {
                throw UsageError(message: "Invalid --requires-python '\(text)': \(error)", command: "install")
            }
            report?.requestedTags = [text]
            guard let item = selectEntry(items, satisfying: specs, defaultPlatform: settings.defaultPlatform) else {
                let message = "No runtime in \(redacted(source)) satisfies '\(text)'. Run \"py list --online\" to see what it offers."
                report?.record(text, .notFound, error: message)
                throw CommandFailure(message: message, code: ExitCode.noPython)
            }
            return [(text, item)]
        }
        var tags = command.positionals
        var byID = command.flag("by-id")
        if tags.isEmpty {
            if command.flag("update") {
                tags = existing.map(\.id)
                byID = true
                if tags.isEmpty { log.info("No runtimes are installed, so there is nothing to update.") }
            } else {
                tags = [settings.defaultInstallTag ?? settings.defaultTag]
            }
        }
        report?.requestedTags = tags
        var result: [(String, FeedItem)] = []
        for tag in tags {
            if byID {
                guard let item = items.first(where: { $0.entry.id.lowercased() == tag.lowercased() }) else {
                    if command.flag("update") {
                        let message = "'\(tag)' is not in \(redacted(source)); leaving it as it is."
                        log.warn(message)
                        report?.record(tag, .notFound, install: existing.first { $0.id == tag }, error: message)
                        continue
                    }
                    let message = "No runtime with id '\(tag)' was found in \(redacted(source)). Run \"py list --online -f id\" to see the ids it offers."
                    report?.record(tag, .notFound, error: message)
                    throw CommandFailure(message: message)
                }
                result.append((tag, item))
                continue
            }
            let request = tag.lowercased() == "default" ? (settings.defaultInstallTag ?? settings.defaultTag) : tag
            do {
                result.append((tag, try selectEntry(items, request: request, defaultPlatform: settings.defaultPlatform, source: redacted(source))))
            } catch {
                report?.record(tag, .notFound, error: error.description)
                throw CommandFailure(message: error.description)
            }
        }
        return result
    }

    func isNewer(_ candidate: FeedEntry, than current: FeedEntry) -> Bool {
        guard let a = try? Version(parsing: candidate.sortVersion), let b = try? Version(parsing: current.sortVersion) else {
            return false
        }
        return a > b
    }

    /// Downloads (in parallel when there are several) and verifies each archive.
    func fetchAll(_ items: [FeedItem], installer: Installer, into folder: String? = nil) throws -> [String] {
        var single = installer
        single.showProgress = items.count == 1
        let worker = single
        let force = command.flag("force")
        let results = ResultSlots<Result<String, InstallError>>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { n in
            let destination = folder.map { Path.join($0, Installer.archiveFileName(for: items[n])) }
            results.set(n, Result { () throws(InstallError) in try worker.fetchArchive(items[n], to: destination, force: force) })
        }
        var paths: [String] = []
        for result in results.values {
            switch result {
            case .success(let p)?: paths.append(p)
            case .failure(let e)?: throw CommandFailure(message: e.description)
            case nil: throw CommandFailure(message: "Internal error: a download did not finish.", code: ExitCode.internalError)
            }
        }
        for (item, path) in zip(items, paths) {
            var st = stat()
            let size = stat(path, &st) == 0 ? "\(st.st_size) bytes" : "size unknown"
            log.verbose("Archive \(redacted(item.url ?? "?")): \(size), SHA-256 \(item.entry.sha256 ?? "?") (verified), at \(path)")
        }
        return paths
    }

    /// `--target=DIR`: plain extraction of one runtime, not registered.
    func extractToTarget(_ target: String, items: [FeedItem], installer: Installer, report: ActionReport) throws -> Int32 {
        guard command.positionals.count <= 1 else {
            throw UsageError(message: "--target takes exactly one tag.", command: "install")
        }
        let chosen = try chooseEntries(items: items, existing: [], source: "the index", report: report)
        guard let (tag, item) = chosen.first else { return ExitCode.success }
        let dir = Path.resolve(Path.expandUser(target, context.environment), relativeTo: context.workingDirectory)
        if command.flag("dry-run") {
            report.record(tag, .wouldInstall, entry: item.entry, prefix: dir)
            if !report.isJSON { print("Would extract \(item.entry.displayName) into \(dir)") }
            return ExitCode.success
        }
        report.record(tag, .installed, entry: item.entry, prefix: dir, pending: true)
        if Posix.isDirectory(dir) && !Posix.listDirectory(dir).isEmpty {
            throw CommandFailure(message: "The target \(dir) is not empty. Give an empty or new folder.")
        }
        let archive = try fetchAll([item], installer: installer)[0]
        do {
            try Posix.makeDirectories(Path.directory(of: dir))
        } catch {
            throw CommandFailure(message: error.description)
        }
        do {
            try installer.extractUnregistered(archive: archive, into: dir)
        } catch {
            throw CommandFailure(message: error.description)
        }
        report.complete(prefix: dir)
        log.info("Extracted \(item.entry.displayName) into \(dir). Run \(Path.join(dir, item.entry.executable)) to start it.")
        return ExitCode.success
    }

    /// `--download=DIR`: archives plus an `index.json` with relative URLs.
    func downloadForOffline(into folder: String, items: [FeedItem], source: String, installer: Installer) throws -> Int32 {
        let dir = Path.resolve(Path.expandUser(folder, context.environment), relativeTo: context.workingDirectory)
        let chosen = try chooseEntries(items: items, existing: [], source: source).map { $0.1 }
        if command.flag("dry-run") {
            for item in chosen { print("Would download \(item.entry.displayName) into \(dir)") }
            return ExitCode.success
        }
        do {
            try Posix.makeDirectories(dir)
        } catch {
            throw CommandFailure(message: error.description)
        }
        _ = try fetchAll(chosen, installer: installer, into: dir)
        let indexPath = Path.join(dir, "index.json")
        var entries: [JSONValue] = []
        var ids: Set<String> = []
        for item in chosen where ids.insert(item.entry.id).inserted {
            var o = item.entry.json
            o["url"] = .string(Installer.archiveFileName(for: item))
            entries.append(.object(o))
        }
        // Keep entries of an earlier --download into the same folder.
        if let old = Posix.readFile(indexPath), let page = try? FeedPage(parsing: old, source: indexPath) {
            for item in page.entries where !ids.contains(item.entry.id) {
                ids.insert(item.entry.id)
                var o = item.entry.json
                o["url"] = .string(Installer.archiveFileName(for: item))
                entries.append(.object(o))
            }
        }
        let index = JSONValue.object(JSONObject([("versions", .array(entries))]))
        do {
            try Posix.writeFileAtomically(indexPath, Array(index.prettyText().utf8))
        } catch {
            throw CommandFailure(message: error.description)
        }
        log.info("Wrote \(indexPath) with \(entries.count) runtime(s). Install from it with: py install --source \(indexPath) <TAG>")
        let signature = FeedTrust.signatureURL(for: indexPath)
        if Posix.kind(signature) != nil {
            log.warn("\(signature) was made for the previous index.json and no longer matches it. Sign it again: signify -S -s KEY.sec -m \(indexPath)")
        }
        return ExitCode.success
    }

    func refreshAliases() {
        let manager = AliasManager(settings: settings, log: log, binary: context.binary)
        let installs = context.ownInstalls()
        let changed = manager.refresh(installs)
        if !changed.isEmpty && !manager.isOnPath(context.environment) {
            log.warn("\(settings.globalDir) is not on PATH, so the aliases (\(changed.prefix(3).joined(separator: ", "))) cannot be run by name. Add it to PATH in your shell profile.")
        }
    }
}

/// Takes the exclusive install lock and removes what interrupted runs left behind.
func lockInstalls(_ installer: Installer) throws -> Posix.Lock {
    let lock: Posix.Lock
    do {
        lock = try installer.lock()
    } catch {
        throw CommandFailure(message: error.description)
    }
    installer.removeLeftovers()
    return lock
}

/// Per-index result storage for `concurrentPerform` workers.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private var mutex = pthread_mutex_t()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    func set(_ index: Int, _ value: T) {
        pthread_mutex_lock(&mutex)
        slots[index] = value
        pthread_mutex_unlock(&mutex)
    }

    var values: [T?] {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return slots
    }
}
