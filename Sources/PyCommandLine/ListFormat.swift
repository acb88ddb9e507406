import PyManagerCore

/// One line of `py list`: an install, or an index entry.
public struct ListRow {
    public var json: JSONObject
    public var entry: FeedEntry
    public var isDefault: Bool
    public var isUnmanaged: Bool
    public var isVirtualEnvironment: Bool

    public init(install: Install, isDefault: Bool) {
        json = install.listJSON(isDefault: isDefault)
        entry = install.entry
        self.isDefault = isDefault
        isUnmanaged = install.isUnmanaged
        isVirtualEnvironment = install.isVirtualEnvironment
    }

    public init(entry: FeedEntry, url: String?) {
        var o = entry.json
        if let url { o["url"] = .string(url) }
        json = o
        self.entry = entry
        isDefault = false
        isUnmanaged = false
        isVirtualEnvironment = false
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
        let columns: [(key: String, title: String, max: Int)] = [
            ("tag", "Tag", 30), ("star", " ", 1), ("name", "Name", 60), ("company", "Managed By", 30),
            ("version", "Version", 15), ("alias", "Alias", 50),
        ]
        var seenAliases: Set<String> = []
        var cells: [[String: String]] = []
        var starred = false
        for row in rows {
            let aliases = row.entry.aliases.filter { !$0.windowed && !seenAliases.contains($0.name.lowercased()) }
            for a in aliases { seenAliases.insert(a.name.lowercased()) }
            var star = ""
            if row.isDefault && !starred {
                star = "*"
                starred = true
            }
            cells.append([
                "tag": ListFormat.tagWithCompany(row, defaultPlatform: defaultPlatform), "star": star,
                "name": row.entry.displayName, "company": row.isVirtualEnvironment ? "(venv)" : row.entry.company,
                "version": row.entry.sortVersion, "alias": aliases.map(\.name).joined(separator: ", "),
            ])
        }
        var widths = columns.map { $0.title.count }
        var truncated = false
        for c in cells {
            for (n, col) in columns.enumerated() { widths[n] = max(widths[n], c[col.key]?.count ?? 0) }
        }
        for (n, col) in columns.enumerated() where widths[n] > col.max {
            widths[n] = col.max
            truncated = true
        }
        func fit(_ s: String, _ width: Int) -> String {
            if s.count <= width { return s + String(repeating: " ", count: width - s.count) }
            return String(s.prefix(max(0, width - 3))) + "..."
        }
        func line(_ c: [String: String]) -> String {
            var text = zip(columns, widths).map { fit(c[$0.key] ?? "", $1) }.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        var out = line(Dictionary(uniqueKeysWithValues: columns.map { ($0.key, $0.title) }))
        let managed = zip(rows, cells).filter { !$0.0.isUnmanaged || $0.0.isVirtualEnvironment }
        let unmanaged = zip(rows, cells).filter { $0.0.isUnmanaged && !$0.0.isVirtualEnvironment }
        for (_, c) in managed { out += line(c) }
        if managed.isEmpty { out += "-- No runtimes. Use 'py install <version>' to install one. --\n" }
        if !unmanaged.isEmpty {
            out += "\n* These runtimes were found, but cannot be updated or uninstalled. *\n"
            for (_, c) in unmanaged { out += line(c) }
        }
        if truncated { out += "\nSome columns were truncated. See 'py list --help' for other formats.\n" }
        return out
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
