import Foundation
import Testing

/// Checks one feed page parsed with Foundation and returns every problem found
/// (empty when valid). `siblings` are the other files beside it, for `next`.
///
/// Rules: top level has `versions` (array) and optionally `next` (a relative
/// file name that exists); every entry has exactly the schema-1 keys we write,
/// with the right types; `schema` is 1; `hash.sha256` is 64 lower-case hex
/// digits; `url` is https; `tag` is in `install-for` and `run-for`; every
/// `executable`, `alias.target` and `run-for.target` is a relative path under
/// `bin/`. On a first page ids are unique; on a legacy page (reached by
/// `next`) an id repeats once per version, so `id` + `sort-version` is unique.
func feedProblems(_ data: Data, name: String, siblings: Set<String>) -> [String] {
    var problems: [String] = []
    func problem(_ text: String) { problems.append("\(name): \(text)") }

    guard let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
        return ["\(name): not a JSON object"]
    }
    if let extra = Set(top.keys).subtracting(["versions", "next"]).sorted().first {
        problem("unexpected top-level key '\(extra)'")
    }
    if let next = top["next"] {
        if let next = next as? String {
            if next.contains("/") || next.contains("://") || !siblings.contains(next) {
                problem("next '\(next)' is not a sibling file in Index/")
            }
        } else {
            problem("next is not a string")
        }
    }
    guard let versions = top["versions"] as? [Any] else {
        problem("versions is missing or not an array")
        return problems
    }

    let isLegacy = name.hasSuffix("-legacy.json")
    var seen = Set<String>()
    let stringKeys = ["id", "sort-version", "company", "tag", "display-name", "executable", "url"]
    let allowedKeys = Set(stringKeys + ["schema", "install-for", "run-for", "alias", "hash"])

    for (index, item) in versions.enumerated() {
        let at = "versions[\(index)]"
        guard let entry = item as? [String: Any] else {
            problem("\(at) is not an object")
            continue
        }
        for key in allowedKeys.sorted() where entry[key] == nil { problem("\(at) is missing '\(key)'") }
        for key in Set(entry.keys).subtracting(allowedKeys).sorted() { problem("\(at) has unexpected key '\(key)'") }
        if (entry["schema"] as? Int) != 1 { problem("\(at).schema is not 1") }
        var text: [String: String] = [:]
        for key in stringKeys {
            if let value = entry[key] as? String, !value.isEmpty {
                text[key] = value
            } else if entry[key] != nil {
                problem("\(at).\(key) is not a non-empty string")
            }
        }
        let id = text["id"] ?? "?"
        let where_ = "\(at) (\(id))"

        if let url = text["url"], !url.hasPrefix("https://") { problem("\(where_).url is not https: \(url)") }
        if let executable = text["executable"], !isUnderBin(executable) {
            problem("\(where_).executable '\(executable)' is not a relative path under bin/")
        }
        if let hash = entry["hash"] {
            if let hash = hash as? [String: Any], let sha = hash["sha256"] as? String {
                if sha.count != 64 || !sha.allSatisfy({ "0123456789abcdef".contains($0) }) {
                    problem("\(where_).hash.sha256 is not 64 lower-case hex digits")
                }
            } else {
                problem("\(where_).hash has no string sha256")
            }
        }

        var installFor: [String] = []
        if let list = entry["install-for"] {
            if let list = list as? [String], !list.isEmpty { installFor = list }
            else { problem("\(where_).install-for is not a non-empty array of strings") }
        }
        var runForTags: [String] = []
        if let list = entry["run-for"] {
            if let list = list as? [[String: Any]], !list.isEmpty {
                for (i, item) in list.enumerated() {
                    guard let tag = item["tag"] as? String, let target = item["target"] as? String,
                          Set(item.keys) == ["tag", "target"] else {
                        problem("\(where_).run-for[\(i)] is not {tag, target} strings")
                        continue
                    }
                    runForTags.append(tag)
                    if !isUnderBin(target) { problem("\(where_).run-for[\(i)].target '\(target)' is not under bin/") }
                }
            } else {
                problem("\(where_).run-for is not a non-empty array of objects")
            }
        }
        if let list = entry["alias"] {
            if let list = list as? [[String: Any]] {
                for (i, item) in list.enumerated() {
                    guard let aliasName = item["name"] as? String, let target = item["target"] as? String,
                          Set(item.keys) == ["name", "target"], !aliasName.isEmpty, !aliasName.contains("/") else {
                        problem("\(where_).alias[\(i)] is not {name, target} strings")
                        continue
                    }
                    if !isUnderBin(target) { problem("\(where_).alias[\(i)].target '\(target)' is not under bin/") }
                }
            } else {
                problem("\(where_).alias is not an array of objects")
            }
        }
        if let tag = text["tag"] {
            if !installFor.contains(tag) { problem("\(where_).tag '\(tag)' is not in install-for") }
            if !runForTags.contains(tag) { problem("\(where_).tag '\(tag)' is not in run-for") }
        }

        let identity = isLegacy ? "\(id) \(text["sort-version"] ?? "?")" : id
        if !seen.insert(identity).inserted { problem("\(where_) is a duplicate id\(isLegacy ? " and version" : "")") }
    }
    return problems
}

/// `bin/python3.14`: relative, inside `bin/`, no empty, `.` or `..` components.
func isUnderBin(_ path: String) -> Bool {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    return parts.count >= 2 && parts[0] == "bin"
        && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." } && !path.contains("\\")
}

@Suite("Index/*.json validation")
struct FeedValidationTests {
    @Test("every committed feed page is valid", arguments: Repository.indexFiles())
    func committedFeedIsValid(name: String) throws {
        let data = try Data(contentsOf: Repository.index.appendingPathComponent(name))
        let problems = feedProblems(data, name: name, siblings: Set(Repository.indexFiles()))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("Index/ holds feeds and stays well under 5 MB")
    func indexSize() throws {
        let files = Repository.indexFiles()
        #expect(files.count >= 5)
        var total = 0
        for name in files {
            let path = Repository.index.appendingPathComponent(name).path
            total += (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        }
        #expect(total < 2_000_000, "Index/ is \(total) bytes")
    }

    static let good = """
        {"versions": [{"schema": 1, "id": "pythoncore-3.14-64", "sort-version": "3.14.2", "company": "PythonCore", \
        "tag": "3.14-64", "install-for": ["3.14.2-64", "3.14-64"], \
        "run-for": [{"tag": "3.14-64", "target": "bin/python3.14"}], \
        "alias": [{"name": "python3.14", "target": "bin/python3.14"}], "display-name": "Python 3.14.2", \
        "executable": "bin/python3.14", "url": "https://example.com/a.tar.gz", \
        "hash": {"sha256": "\(String(repeating: "ab", count: 32))"}}]}
        """

    @Test("the validator accepts a good page")
    func acceptsGood() {
        #expect(feedProblems(Data(Self.good.utf8), name: "f.json", siblings: []).isEmpty)
    }

    @Test("the validator rejects broken pages", arguments: [
        ("\"schema\": 1", "\"schema\": 2", "schema is not 1"),
        ("\"display-name\": \"Python 3.14.2\", ", "", "missing 'display-name'"),
        ("\"sha256\": \"abab", "\"sha256\": \"zzab", "sha256 is not 64"),
        ("https://example.com", "http://example.com", "url is not https"),
        ("\"executable\": \"bin/python3.14\"", "\"executable\": \"/usr/bin/python3\"", "executable '/usr/bin/python3'"),
        ("\"executable\": \"bin/python3.14\"", "\"executable\": \"python.exe\"", "executable 'python.exe'"),
        ("{\"name\": \"python3.14\", \"target\": \"bin/python3.14\"}",
         "{\"name\": \"python3.14\", \"target\": \"bin/../../x\"}", "alias[0].target"),
        ("\"tag\": \"3.14-64\", \"target\"", "\"tag\": \"3.14\", \"target\"", "not in run-for"),
        ("\"install-for\": [\"3.14.2-64\", \"3.14-64\"]", "\"install-for\": \"3.14-64\"", "install-for is not"),
        ("\"id\": \"pythoncore-3.14-64\"", "\"id\": 5", "id is not a non-empty string"),
        ("]}", "], \"next\": \"missing.json\"}", "next 'missing.json'"),
        ("]}", "], \"extra\": 1}", "unexpected top-level key"),
    ])
    func rejectsBroken(original: String, replacement: String, expected: String) {
        let broken = Self.good.replacingOccurrences(of: original, with: replacement)
        #expect(broken != Self.good, "the edit did not apply")
        let problems = feedProblems(Data(broken.utf8), name: "f.json", siblings: [])
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }

    @Test("the validator rejects duplicate ids on a first page, but not versions on a legacy page")
    func duplicates() {
        let entry = Self.good.dropFirst("{\"versions\": [".count).dropLast(2)
        let twice = "{\"versions\": [\(entry), \(entry)]}"
        #expect(feedProblems(Data(twice.utf8), name: "f.json", siblings: []).contains { $0.contains("duplicate id") })
        #expect(feedProblems(Data(twice.utf8), name: "f-legacy.json", siblings: []).contains { $0.contains("duplicate") })
        let older = String(entry).replacingOccurrences(of: "\"sort-version\": \"3.14.2\"", with: "\"sort-version\": \"3.14.1\"")
        let versions = "{\"versions\": [\(entry), \(older)]}"
        #expect(feedProblems(Data(versions.utf8), name: "f-legacy.json", siblings: []).isEmpty)
        #expect(!feedProblems(Data(versions.utf8), name: "f.json", siblings: []).isEmpty)
    }
}
