/// Writes feed pages as deterministic JSON text.
///
/// Keys keep python.org's order (`schema`, `id`, `sort-version`, `company`,
/// `tag`, `install-for`, `run-for`, `alias`, `display-name`, `executable`,
/// `url`, `hash`), each entry sits on one line so diffs show whole entries,
/// and non-ASCII text is written as UTF-8. The same pages always give the same bytes.
public enum FeedJSON {
    /// The full text of one page, ending with a newline.
    public static func render(_ page: FeedPage) -> String {
        var out = "{\n  \"versions\": ["
        for (index, entry) in page.entries.enumerated() {
            out += index == 0 ? "\n    " : ",\n    "
            out += render(entry)
        }
        out += page.entries.isEmpty ? "]" : "\n  ]"
        if let next = page.next {
            out += ",\n  \"next\": " + quote(next)
        }
        out += "\n}\n"
        return out
    }

    /// One entry as a single-line JSON object.
    public static func render(_ entry: FeedEntry) -> String {
        let fields: [(String, String)] = [
            ("schema", "1"),
            ("id", quote(entry.id)),
            ("sort-version", quote(entry.sortVersion)),
            ("company", quote(entry.company)),
            ("tag", quote(entry.tag)),
            ("install-for", array(entry.installFor.map(quote))),
            ("run-for", array(entry.runFor.map { object([("tag", quote($0.tag)), ("target", quote($0.target))]) })),
            ("alias", array(entry.alias.map { object([("name", quote($0.name)), ("target", quote($0.target))]) })),
            ("display-name", quote(entry.displayName)),
            ("executable", quote(entry.executable)),
            ("url", quote(entry.url)),
            ("hash", object([("sha256", quote(entry.sha256))])),
        ]
        return object(fields)
    }

    private static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { quote($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    private static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }

    /// A JSON string literal (RFC 8259 escapes; `/` and non-ASCII left as is).
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
