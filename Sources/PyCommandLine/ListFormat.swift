import PyManagerCore

/// One line of `py list`: an install, or an index entry.
public struct ListRow {
    public var json: JSONObject
    public var entry: FeedEntry
    public var isDefault: Bool
    public var isUnmanaged: Bool
    public var isVirtualEnvironment: Bool
    /// A managed install of the system store (shared by every user).
    public var isSystem: Bool

    public init(install: Install, isDefault: Bool) {
        json = install.listJSON(isDefault: isDefault)
        entry = install.entry
        self.isDefault = isDefault
        isUnmanaged = install.isUnmanaged
        isVirtualEnvironment = install.isVirtualEnvironment
        isSystem = install.isManaged && install.store == .system
    }

    public init(entry: FeedEntry, url: String?) {
        var o = entry.json
        if let url { o["url"] = .string(url) }
        json = o
        self.entry = entry
        isDefault = false
        isUnmanaged = false
        isVirtualEnvironment = false
        isSystem = false
    }

    func field(_ key: String) -> String? {
        switch json[key] {
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        case .double?, .bool?: return json[key]?.compactText
        default: return nil
        }
    }
}

/// The `--format` table (pymanager `list_command.FORMATTERS`).
enum ListFormat: String, CaseIterable {
    case table, csv, json, jsonl, exe, prefix, id, url
    case legacy, legacyPaths = "legacy-paths"

    var isLegacy: Bool { self == .legacy || self == .legacyPaths }

    /// The whole output, each line ending in a newline.
    func render(_ rows: [ListRow], defaultPlatform: String) -> String {
        switch self {
        case .table: return renderTable(rows, defaultPlatform: defaultPlatform)
        case .csv: return renderCSV(rows)
        case .json:
            return JSONValue.object(JSONObject([("versions", .array(rows.map { .object($0.json) }))])).spacedText + "\n"
        case .jsonl: return rows.map { JSONValue.object($0.json).spacedText + "\n" }.joined()
        case .exe: return lines(rows.compactMap { $0.field("executable") })
        case .prefix: return lines(rows.compactMap { $0.field("prefix") })
        case .url: return lines(rows.compactMap { $0.field("url") })
        case .id: return lines(rows.compactMap { $0.field("id") }.filter { !$0.hasPrefix("__") })
        case .legacy, .legacyPaths: return renderLegacy(rows, paths: self == .legacyPaths, defaultPlatform: defaultPlatform)
        }
    }

    private func lines(_ items: [String]) -> String { items.map { $0 + "\n" }.joined() }

    /// `3.14[-64]` when the platform is the default one; `Company\Tag` for other companies.
    static func tagWithCompany(_ row: ListRow, defaultPlatform: String) -> String {
        var tag = row.entry.tag
        if !defaultPlatform.isEmpty, tag.lowercased().hasSuffix(defaultPlatform.lowercased()) {
            tag = String(tag.dropLast(defaultPlatform.count)) + "[\(defaultPlatform)]"
        }
        let company = row.entry.company.lowercased()
        if company == "pythoncore" || company == "---" || company.isEmpty { return tag }
        return "\(row.entry.company)\\\(tag)"
    }

    private func renderTable(_ rows: [ListRow], defaultPlatform: String) -> String {
        let titles = ["Tag", " ", "Name", "Managed By", "Version", "Alias"]
        let maxWidths = [30, 1, 60, 30, 15, 50]
        var seenAliases: Set<String> = []
        var cells: [[String]] = []
        cells.reserveCapacity(rows.count)
        var starred = false
        for row in rows {
            let aliases = row.entry.aliases.filter { !$0.windowed && seenAliases.insert($0.name.lowercased()).inserted }
            var star = ""
            if row.isDefault && !starred {
                star = "*"
                starred = true
            }
            cells.append([
                ListFormat.tagWithCompany(row, defaultPlatform: defaultPlatform), star, row.entry.displayName,
                row.isVirtualEnvironment ? "(venv)" : row.entry.company, row.entry.sortVersion,
                aliases.map(\.name).joined(separator: ", "),
            ])
        }
        let counts = cells.map { $0.map(ListFormat.displayWidth) }
        var widths = titles.map(\.count)
        for rowCounts in counts {
            for n in widths.indices { widths[n] = max(widths[n], rowCounts[n]) }
        }
        var truncated = false
        for n in widths.indices where widths[n] > maxWidths[n] {
            widths[n] = maxWidths[n]
            truncated = true
        }
        func line(_ values: [String], _ valueWidths: [Int]) -> String {
            var text = ""
            for n in values.indices {
                if n > 0 { text += "  " }
                let width = widths[n]
                if valueWidths[n] <= width {
                    text += values[n]
                    if n < values.count - 1 { text += String(repeating: " ", count: width - valueWidths[n]) }
                } else {
                    text += String(values[n].prefix(max(0, width - 3))) + "..."
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        var out = line(titles, titles.map(\.count))
        var managed = ""
        var system = ""
        var unmanaged = ""
        for (n, row) in rows.enumerated() {
            if row.isUnmanaged && !row.isVirtualEnvironment {
                unmanaged += line(cells[n], counts[n])
            } else if row.isSystem {
                system += line(cells[n], counts[n])
            } else {
                managed += line(cells[n], counts[n])
            }
        }
        if managed.isEmpty && system.isEmpty {
            out += "-- No runtimes. Use 'py install <version>' to install one. --\n"
        }
        out += managed
        if !system.isEmpty {
            // System runtimes are marked by their own section: every user sees them, an administrator changes them.
            out += (managed.isEmpty ? "" : "\n") + "* Installed for all users (system); an administrator changes them with 'sudo py install --system'. *\n" + system
        }
        if !unmanaged.isEmpty {
            out += "\n* These runtimes were found, but cannot be updated or uninstalled. *\n" + unmanaged
        }
        if truncated { out += "\nSome columns were truncated. See 'py list --help' for other formats.\n" }
        return out
    }

    /// Columns a value takes: its byte count when ASCII (fast), else its characters.
    static func displayWidth(_ s: String) -> Int {
        let utf8 = s.utf8
        return utf8.allSatisfy { $0 < 0x80 } ? utf8.count : s.count
    }

    /// pymanager `format_csv`: complex columns left out, `run-for` and
    /// `alias` items expanded into extra rows (`alias.name`, `alias.target`).
    private func renderCSV(_ rows: [ListRow]) -> String {
        let exclude: Set<String> = ["schema", "unmanaged", "install-for", "shortcuts", "__original-shortcuts", "executable", "executable_args"]
        var records: [[(String, String)]] = []
        for row in rows {
            var record: [(String, String)] = []
            var expanded: [[(String, String)]] = []
            for (k, v) in row.json where !exclude.contains(k) {
                if k == "run-for" || k == "alias", let items = v.arrayValue {
                    for item in items {
                        guard let o = item.objectValue else { continue }
                        expanded.append(o.map { ("\(k).\($0.key)", ListFormat.csvValue($0.value)) })
                    }
                    continue
                }
                record.append((k, ListFormat.csvValue(v)))
            }
            records.append(record)
            records += expanded
        }
        guard !records.isEmpty else { return "" }
        var columns: [String] = []
        for r in records { for (k, _) in r where !columns.contains(k) { columns.append(k) } }
        var out = columns.map(ListFormat.csvQuote).joined(separator: ",") + "\r\n"
        for r in records {
            let values = Dictionary(r, uniquingKeysWith: { a, _ in a })
            out += columns.map { ListFormat.csvQuote(values[$0] ?? "") }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func csvValue(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .bool(let b): return b ? "True" : "False"
        default: return v.compactText
        }
    }

    static func csvQuote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }

    /// The old launcher's `-0` / `-0p` output: ` -V:3.14 *        Python 3.14.0`.
    private func renderLegacy(_ rows: [ListRow], paths: Bool, defaultPlatform: String) -> String {
        var out = ""
        var seenDefault = false
        for row in rows {
            var tag: String
            if row.isVirtualEnvironment {
                tag = "  *"
                seenDefault = true
            } else {
                tag = " -V:" + ListFormat.tagWithCompany(row, defaultPlatform: defaultPlatform)
                if !seenDefault && row.isDefault {
                    tag += " *"
                    seenDefault = true
                }
            }
            let padded = tag.count < 17 ? tag + String(repeating: " ", count: 17 - tag.count) : tag
            out += padded + " " + ((paths ? row.field("executable") : row.entry.displayName) ?? "") + "\n"
        }
        return out
    }
}
