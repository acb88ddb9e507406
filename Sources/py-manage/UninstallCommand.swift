import Glibc
import PyManagerCore
import PyCommandLine
import PyManagerInstaller
import PyManagerInstalls

/// `py uninstall`: removes managed installs of the command's own store and
/// their aliases; `--purge` removes every managed install of it, the download
/// cache (not with `--system`) and all our aliases. A user never removes the
/// system store's runtimes (see `SystemStore.swift`).
/// Unmanaged runtimes and folders without `__install__.json` are never touched.
struct UninstallCommand {
    var command: ParsedCommand
    var context: Context

    var log: Log { context.log }
    var settings: Settings { context.settings }

    func run() throws -> Int32 {
        let report = try ActionReport(command)
        return try report.running(logFile: log.file?.path) { try run(report) }
    }

    func run(_ report: ActionReport) throws -> Int32 {
        let purge = command.flag("purge")
        guard purge || !command.positionals.isEmpty else {
            throw UsageError(message: "Give the tags of the runtimes to remove, or --purge to remove them all.", command: "uninstall")
        }
        let installer = Installer(settings: settings, log: log, client: httpClient(context))
        let lock = try lockInstalls(installer)
        defer { lock.release() }
        let installs = context.ownInstalls()
        report.requestedTags = purge ? installs.map(\.id) : command.positionals
        let targets = purge ? installs : try selectInstalls(installs, report: report)
        for install in targets where purge {
            report.record(install.id, command.flag("dry-run") ? .wouldRemove : .removed, install: install, pending: true)
        }
        if targets.isEmpty && !purge {
            return ExitCode.failure
        }
        let system = settings.managesSystemStore
        let what = purge
            ? system
                ? "all \(installs.count) runtime(s) installed for all users in \(settings.installDir) and their aliases in \(settings.globalDir)"
                : "all \(installs.count) runtime(s) installed by py, the download cache in \(settings.downloadDir) and the aliases in \(settings.globalDir)"
            : targets.map(\.entry.displayName).joined(separator: ", ")
        if command.flag("dry-run") {
            report.completeAll()
            log.file?.write("Would remove \(what).")
            if !report.isJSON { print("Would remove \(what).") }
            return ExitCode.success
        }
        if settings.confirm && !confirm("Remove \(what)?") {
            throw CommandFailure(message: "Nothing was removed. Pass -y to skip this question.")
        }
        for install in targets {
            do {
                try installer.remove(install)
            } catch {
                throw CommandFailure(message: error.description)
            }
            report.complete(prefix: install.prefix)
            log.info("Removed \(install.entry.displayName) from \(install.prefix)")
        }
        context.invalidateInstalls()
        let manager = AliasManager(settings: settings, log: log, binary: context.binary)
        if purge && system {
            manager.removeAll()
            log.info("Removed the system runtimes' aliases.")
        } else if purge {
            manager.removeAll()
            // Only the archives py downloads (and their partial files): a
            // download_dir pointed at a shared folder keeps everything else.
            for name in Posix.listDirectory(settings.downloadDir) where UninstallCommand.isDownload(name) {
                let path = Path.join(settings.downloadDir, name)
                guard Posix.kind(path, followLinks: false) == .file else { continue }
                do {
                    try Posix.removeFile(path)
                } catch {
                    log.warn("\(error)")
                }
            }
            log.info("Removed the download cache and aliases.")
        } else {
            manager.refresh(context.ownInstalls())
        }
        return ExitCode.success
    }

    /// For each tag, the managed install `py -V:<tag>` would choose among
    /// managed installs (or the install with that id, with `--by-id`).
    /// Each tag's outcome (`removed` pending, `would-remove`, `not-found`) goes into `report`.
    func selectInstalls(_ installs: [Install], report: ActionReport) throws -> [Install] {
        var result: [Install] = []
        for tag in command.positionals {
            let found: Install?
            if command.flag("by-id") {
                found = installs.first { $0.id.lowercased() == tag.lowercased() }
            } else {
                do {
                    found = try installToRun(installs, request: tag, defaultTag: settings.defaultTag, defaultPlatform: settings.defaultPlatform).install
                } catch ResolutionError.invalidRequest(let e) {
                    throw UsageError(message: e.description, command: "uninstall")
                } catch {
                    found = nil
                }
            }
            guard let install = found else {
                let message: String
                if let shared = systemInstall(matching: tag) {
                    message = "\(shared.entry.displayName) is installed for all users in \(shared.prefix); only an administrator can remove it: sudo py uninstall --system \(shellWords([tag]))"
                } else {
                    message = "No runtime installed by py matches '\(tag)'. Run \"py list --only-managed\" to see them."
                }
                log.error(message)
                report.record(tag, .notFound, error: message)
                continue
            }
            report.record(tag, command.flag("dry-run") ? .wouldRemove : .removed, install: install, pending: true)
            if !result.contains(where: { $0.prefix == install.prefix }) { result.append(install) }
        }
        return result
    }

    /// The system store's install `tag` names (as `selectInstalls` would choose it), for a user command.
    func systemInstall(matching tag: String) -> Install? {
        let shared = context.systemInstalls()
        if command.flag("by-id") { return shared.first { $0.id.lowercased() == tag.lowercased() } }
        return try? installToRun(shared, request: tag, defaultTag: settings.defaultTag, defaultPlatform: settings.defaultPlatform).install
    }

    /// A file name `py install` writes into `download_dir`: an archive, or its `.partial`.
    static func isDownload(_ name: String) -> Bool {
        let lower = name.lowercased()
        let base = lower.hasSuffix(".partial") ? String(lower.dropLast(8)) : lower
        return [".tar.gz", ".tgz", ".tar.zst", ".tar.xz", ".tar.bz2", ".zip", ".nupkg", ".tar", ".archive"].contains { base.hasSuffix($0) }
    }

    /// Asks on the terminal; anything but y/yes (including end of input) is no.
    func confirm(_ question: String) -> Bool {
        Posix.printError(question + " [y/N]")
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.lowercased().filter { $0 != " " })
    }
}
