import PyCommandLine
import PyManagerCore
import PyManagerInstalls

/// `py list --online` / `--source`: the entries of an index feed.
///
/// With `--one`, exactly what `py install <TAG>` would install.
func onlineRows(_ list: ListCommand, requests: [TagRequest]) throws -> [ListRow] {
    let command = list.command
    let context = list.context
    let source = try feedSource(option: command.options["source"], context: context)
    let entries = try loadFeed(source, context: context)
    if command.flag("one") {
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
