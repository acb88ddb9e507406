import PyManagerCore
import PyManagerInstalls

/// `py list`: installed runtimes, or an index's entries with `--online`/`--source`.
public struct ListCommand {
    public var command: ParsedCommand
    public var context: Context
    /// Lists an index (`--online`, `--source`): given by `py-manage`, which can download.
    public var online: ((ListCommand, [TagRequest]) throws -> [ListRow])?

    public init(command: ParsedCommand, context: Context, online: ((ListCommand, [TagRequest]) throws -> [ListRow])? = nil) {
        self.command = command
        self.context = context
        self.online = online
    }

    public func run() throws -> Int32 {
        let settings = context.settings
        let format = command.options["format"] ?? settings.listFormat
        guard let formatter = ListFormat(rawValue: format.lowercased()) else {
            let names = ListFormat.allCases.filter { !$0.isLegacy }.map(\.rawValue).sorted().joined(separator: ", ")
            throw UsageError(message: "'\(format)' is not a valid format; expected one of: \(names)", command: "list")
        }
        let isOnline = command.flag("online") || command.options["source"] != nil
        var requests: [TagRequest] = []
        for arg in command.positionals {
            do {
                if TagRequest.isDefaultKeyword(arg) {
                    // The explicit default install is the active virtual environment; an index has none.
                    let hasExplicitDefault = !isOnline && context.installs(includeUnmanaged: false).contains(where: \.isVirtualEnvironment)
                    requests.append(try TagRequest.defaultFilter(defaultTag: settings.defaultTag, hasExplicitDefault: hasExplicitDefault))
                } else {
                    requests.append(try TagRequest(parsing: arg))
                }
            } catch {
                throw UsageError(message: error.description, command: "list")
            }
        }
        let rows: [ListRow]
        if isOnline {
            guard let online else {
                throw CommandFailure(message: "Internal error: listing an index needs py-manage.", code: ExitCode.internalError)
            }
            rows = try online(self, requests)
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
                    try? resolveRuntime(request: tag, context: context, includeUnmanaged: includeUnmanaged).0.get()
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
            return RuntimeMatch(install: install, runFor: install.defaultRunFor)
        case .tag(let tag):
            return try? resolveRuntime(request: tag, context: context, includeUnmanaged: includeUnmanaged).0.get()
        case .executable, .command:
            return nil
        }
    }
}
