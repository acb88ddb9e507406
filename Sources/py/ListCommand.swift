import PyManagerCore
import PyManagerInstalls

/// `py list`: installed runtimes, or an index's entries with `--online`/`--source`.
struct ListCommand {
    var command: ParsedCommand
    var context: Context

    func run() throws -> Int32 {
        let settings = context.settings
        let format = command.options["format"] ?? settings.listFormat
        guard let formatter = ListFormat(rawValue: format.lowercased()) else {
            let names = ListFormat.allCases.filter { !$0.isLegacy }.map(\.rawValue).sorted().joined(separator: ", ")
            throw UsageError(message: "'\(format)' is not a valid format; expected one of: \(names)", command: "list")
        }
        var requests: [TagRequest] = []
        for arg in command.positionals {
            let text = arg.lowercased() == "default" ? settings.defaultTag : arg
            do {
                requests.append(try TagRequest(parsing: text))
            } catch {
                throw UsageError(message: error.description, command: "list")
            }
        }
        let rows: [ListRow]
        if command.flag("online") || command.options["source"] != nil {
            rows = try onlineRows(requests: requests)
        } else {
            rows = installedRows(requests: requests)
        }
        print(formatter.render(rows, defaultPlatform: settings.defaultPlatform), terminator: "")
        return ExitCode.success
    }

    /// Installed runtimes matching `requests`, with the default marked.
    func installedRows(requests: [TagRequest]) -> [ListRow] {
        let settings = context.settings
        let includeUnmanaged = settings.includeUnmanaged && !command.flag("only-managed")
            && (settings.store.bool("list.unmanaged") ?? true)
        let installs = context.installs(includeUnmanaged: includeUnmanaged)
        // The same choice as the launcher's (see `resolveRuntime`).
        let defaultMatch = defaultInstall(installs, includeUnmanaged: includeUnmanaged)
        func isDefault(_ i: Install) -> Bool { defaultMatch.map { $0.install.prefix == i.prefix && $0.install.id == i.id } ?? false }

        if command.flag("one") {
            // Exactly what `py -V:<TAG>` would launch: the first tag that resolves.
            let match: RuntimeMatch?
            if command.positionals.isEmpty {
                match = defaultMatch
            } else {
                match = command.positionals.lazy.compactMap { tag in
                    try? resolveRuntime(
                        request: tag.lowercased() == "default" ? settings.defaultTag : tag, context: context,
                        includeUnmanaged: includeUnmanaged
                    ).0.get()
                }.first
            }
            return match.map { [ListRow(install: $0.install, isDefault: isDefault($0.install))] } ?? []
        }
        return installs.filter { install in
            requests.isEmpty
                || installMatchesAny(
                    company: install.company, tag: install.tag, installFor: install.entry.installFor,
                    isDefault: isDefault(install), requests: requests, looseCompany: true)
        }.map { ListRow(install: $0, isDefault: isDefault($0)) }
    }

    /// What `py` with no tag and no script would launch here (virtual
    /// environment, `.python-version`, `default_tag`), said with `-v`.
    func defaultInstall(_ installs: [Install], includeUnmanaged: Bool) -> RuntimeMatch? {
        let request = defaultRequest(context: context, log: context.log)
        context.log.verbose("The default runtime is chosen by \(request.reason)")
        switch request.choice {
        case .specifiers(let specs, _):
            guard let install = PyManagerCore.installs(installs, satisfying: specs).first else { return nil }
            let runFor = install.entry.runFor.first(where: { !$0.windowed }) ?? RunFor(tag: install.tag, target: install.entry.executable)
            return RuntimeMatch(install: install, runFor: runFor)
        case .tag(let tag):
            return try? resolveRuntime(request: tag, context: context, includeUnmanaged: includeUnmanaged).0.get()
        case .executable, .command:
            return nil
        }
    }

    /// Entries of the index feed (`--source`, or `install.source` for `--online`).
    func onlineRows(requests: [TagRequest]) throws -> [ListRow] {
        let source = try feedSource(option: command.options["source"], context: context)
        let entries = try loadFeed(source, context: context)
        if command.flag("one") {
            // Exactly what `py install <TAG>` would install.
            let tags = command.positionals.isEmpty ? [context.settings.defaultTag] : command.positionals
            for tag in tags {
                let text = tag.lowercased() == "default" ? context.settings.defaultTag : tag
                do {
                    let entry = try selectEntry(entries, request: text, defaultPlatform: context.settings.defaultPlatform)
                    return [ListRow(entry: entry.entry, url: entry.url)]
                } catch SelectionError.noMatch {
                    continue
                } catch {
                    throw UsageError(message: error.description, command: "list")
                }
            }
            return []
        }
        return entries.filter { e in
            requests.isEmpty
                || installMatchesAny(
                    company: e.entry.company, tag: e.entry.tag, installFor: e.entry.installFor, isDefault: false,
                    requests: requests, looseCompany: true)
        }.map { ListRow(entry: $0.entry, url: $0.url) }
    }
}
