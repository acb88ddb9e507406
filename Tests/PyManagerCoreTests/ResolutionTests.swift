import PyManagerCore
import Testing

/// Hand-built installs shaped like the generated Linux feeds' entries.
enum CoreInstalls {
    /// A runtime with feed-style `run-for` tags: `3.14.2-64`, `3.14-64`, `3-64`, then the
    /// same without the platform (and `-dev` tags for a prerelease, as the feed has).
    static func make(
        company: String = "PythonCore", version: String, platform: String = "-64", freeThreaded: Bool = false,
        kind: Install.Kind = .managed, prefix: String? = nil
    ) -> Install {
        let parts = version.split(separator: ".")
        let isPrerelease = version.contains { $0.isLetter }
        let t = freeThreaded ? "t" : ""
        let minor = "\(parts[0]).\(parts[1])"
        let patch = String(version.prefix { $0.isNumber || $0 == "." })
        let full = isPrerelease ? version : patch
        let tag = minor + t + (isPrerelease ? "-dev" : "") + platform
        var tags = [full + t + platform, minor + t + platform, "\(parts[0])" + t + platform]
        if isPrerelease { tags += [minor + t + "-dev" + platform, "\(parts[0])" + t + "-dev" + platform] }
        let installFor = tags
        if !platform.isEmpty { tags += tags.map { String($0.dropLast(platform.count)) } }
        let lowerCompany = company.lowercased()
        let exeName = (lowerCompany == "pypy" ? "pypy" : "python") + minor + t
        let id = "\(lowerCompany)-\(minor)\(t)\(platform)"
        let object = JSONObject([
            ("schema", .int(1)),
            ("id", .string(id)),
            ("sort-version", .string(version)),
            ("company", .string(company)),
            ("tag", .string(tag)),
            ("install-for", .array(installFor.map { .string($0) })),
            ("run-for", .array(tags.map { .object(JSONObject([("tag", .string($0)), ("target", .string("bin/" + exeName))])) })),
            ("alias", .array([.object(JSONObject([("name", .string(exeName)), ("target", .string("bin/" + exeName))]))])),
            ("display-name", .string("\(company) \(version)")),
            ("executable", .string("bin/" + exeName)),
        ])
        let entry = try! FeedEntry(json: object, path: id)
        return Install(entry: entry, kind: kind, prefix: prefix ?? "/data/pymanager/\(id)")
    }

    /// An interpreter found on the system, as `InstallDiscovery` describes it (tag `3.11`).
    static func unmanaged(_ version: String, folder: String = "/usr/bin") -> Install {
        let parts = version.split(separator: ".")
        let minor = "\(parts[0]).\(parts[1])"
        let id = "__unmanaged-\(folder)/python\(minor)"
        let object = JSONObject([
            ("schema", .int(1)), ("id", .string(id)), ("sort-version", .string(version)),
            ("company", .string("PythonCore")), ("tag", .string(minor)), ("install-for", .array([.string(minor)])),
            ("display-name", .string("Python \(version)")), ("executable", .string("bin/python\(minor)")),
        ])
        // As `InstallDiscovery`: built directly, since `__` ids are not valid in records.
        let entry = FeedEntry.make(
            id: id, company: "PythonCore", tag: minor, sortVersion: version, displayName: "Python \(version)",
            installFor: [minor], runFor: [RunFor(tag: minor, target: "bin/python\(minor)")],
            aliases: [Alias(name: "python\(minor)", target: "bin/python\(minor)")], executable: "bin/python\(minor)",
            json: object)
        return Install(entry: entry, kind: .unmanaged(foundIn: folder), prefix: Path.directory(of: folder))
    }

    static let venv = Install.virtualEnvironment(at: "/home/u/project/.venv", pyvenvCfg: "home = /usr/bin\nversion = 3.12.3\n")

    static let py314 = make(version: "3.14.2")
    static let py314t = make(version: "3.14.2", freeThreaded: true)
    static let py313 = make(version: "3.13.5")
    static let py312 = make(version: "3.12.10")
    static let py311 = make(version: "3.11.9")
    static let py315a = make(version: "3.15.0a3")
    static let pypy311 = make(company: "PyPy", version: "3.11.13")
    static let py314arm = make(version: "3.14.2", platform: "-arm64")
    static let py313arm = make(version: "3.13.5", platform: "-arm64")
    static let py313bare = make(version: "3.13.4", platform: "")
    static let system311 = unmanaged("3.11")
    static let pyenv310 = unmanaged("3.10.14", folder: "/home/u/.pyenv/versions/3.10.14/bin")

    static let named: [String: Install] = [
        "py314": py314, "py314t": py314t, "py313": py313, "py312": py312, "py311": py311, "py315a": py315a,
        "pypy311": pypy311, "py314arm": py314arm, "py313arm": py313arm, "py313bare": py313bare,
        "system311": system311, "pyenv310": pyenv310, "venv": venv,
    ]
}

/// `installToRun`: one row per behaviour. `installs` are names in `CoreInstalls.named`;
/// `expected` is a name, or `nil` when nothing may be chosen.
@Suite("Resolution: installToRun")
struct InstallToRunTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var installs: [String]
        var request: String?
        var defaultTag = "3"
        var platform: String? = "-64"
        var expected: String?
        var testDescription: String { name }
    }

    static let standard = ["py315a", "py314", "py314t", "py313", "py312", "pypy311"]

    static let rows: [Row] = [
        // Defaults.
        Row(name: "no tag: newest stable CPython", installs: standard, request: nil, expected: "py314"),
        Row(name: "no tag: a prerelease is not preferred", installs: ["py315a", "py313"], request: nil, expected: "py313"),
        Row(name: "no tag: only a prerelease is installed", installs: ["py315a"], request: nil, expected: "py315a"),
        Row(name: "no tag: default_tag 3.13", installs: standard, request: nil, defaultTag: "3.13", expected: "py313"),
        Row(name: "no tag: default_tag with company", installs: standard, request: nil, defaultTag: "PyPy/", expected: "pypy311"),
        Row(name: "no tag: empty default_tag means 3", installs: standard, request: nil, defaultTag: " ", expected: "py314"),
        Row(name: "empty request is the default", installs: standard, request: "  ", expected: "py314"),
        Row(name: "no tag: the active virtual environment", installs: standard + ["venv"], request: nil, expected: "venv"),
        Row(name: "no tag: venv beats default_tag", installs: standard + ["venv"], request: nil, defaultTag: "3.12", expected: "venv"),
        Row(name: "a tag beats the venv", installs: standard + ["venv"], request: "3.13", expected: "py313"),
        Row(name: "venv survives a default_platform", installs: ["venv", "py314"], request: nil, platform: "-arm64", expected: "venv"),
        Row(name: "no tag: unmanaged runtimes come after managed", installs: ["system311", "py312"], request: nil, expected: "py312"),
        Row(name: "no tag: only unmanaged runtimes", installs: ["system311", "pyenv310"], request: nil, expected: "system311"),
        // The word `default` (seed 4.1.5): the venv, else default_tag.
        Row(name: "default: the active virtual environment", installs: standard + ["venv"], request: "default", expected: "venv"),
        Row(name: "default: venv beats default_tag", installs: standard + ["venv"], request: "default", defaultTag: "3.12", expected: "venv"),
        Row(name: "default: default_tag without a venv", installs: standard, request: "default", defaultTag: "3.13", expected: "py313"),
        Row(name: "Default, any case and spaces", installs: standard, request: " DeFault ", expected: "py314"),
        Row(name: "default: newest stable when default_tag is empty", installs: standard, request: "default", defaultTag: "", expected: "py314"),
        Row(name: "default: the platform applies as for no tag", installs: ["py314", "py313arm"], request: "default", platform: "-arm64", expected: "py313arm"),
        Row(name: "default: default_tag that matches nothing", installs: standard, request: "default", defaultTag: "3.99", expected: nil),
        Row(name: "defaults is a tag, not the word", installs: standard, request: "defaults", expected: nil),
        // Tags.
        Row(name: "3 → newest stable", installs: standard, request: "3", expected: "py314"),
        Row(name: "3.13 → 3.13", installs: standard, request: "3.13", expected: "py313"),
        Row(name: "3.13.5 → exact version", installs: standard, request: "3.13.5", expected: "py313"),
        Row(name: "3.13.4 → nothing", installs: standard, request: "3.13.4", expected: nil),
        Row(name: "3.1 does not match 3.13", installs: standard, request: "3.1", expected: nil),
        Row(name: "3.14 is not free-threaded", installs: ["py314t", "py314"], request: "3.14", expected: "py314"),
        Row(name: "3.14t → free-threaded", installs: standard, request: "3.14t", expected: "py314t"),
        Row(name: "3t → newest free-threaded", installs: standard, request: "3t", expected: "py314t"),
        Row(name: "3.14t-64 → free-threaded", installs: standard, request: "3.14t-64", expected: "py314t"),
        Row(name: "3.15 → the prerelease when it is the only 3.15", installs: standard, request: "3.15", expected: "py315a"),
        Row(name: "3-dev → the prerelease", installs: standard, request: "3-dev", expected: "py315a"),
        Row(name: "tags ignore case", installs: standard, request: "3.14T", expected: "py314t"),
        Row(name: "leading == is dropped", installs: standard, request: "==3.12", expected: "py312"),
        Row(name: "3.99 → nothing", installs: standard, request: "3.99", expected: nil),
        // Companies.
        Row(name: "PyPy/3.11 → PyPy", installs: standard, request: "PyPy/3.11", expected: "pypy311"),
        Row(name: "pypy/ → newest PyPy", installs: standard, request: "pypy/", expected: "pypy311"),
        Row(name: "PyPy\\3 → PyPy", installs: standard, request: "PyPy\\3", expected: "pypy311"),
        Row(name: "company prefix PyP/ → PyPy (seed 4.1.2)", installs: standard, request: "PyP/", expected: "pypy311"),
        Row(name: "company prefix PyP/3.11 → PyPy", installs: standard, request: "PyP/3.11", expected: "pypy311"),
        Row(name: "another company's prefix does not match", installs: standard, request: "PyPyX/", expected: nil),
        Row(name: "3.11 falls back to another company", installs: standard, request: "3.11", expected: "pypy311"),
        Row(name: "3.11 prefers core CPython over the fallback", installs: standard + ["py311"], request: "3.11", expected: "py311"),
        Row(name: "3.11 prefers unmanaged CPython over another company", installs: standard + ["system311"], request: "3.11", expected: "system311"),
        Row(name: "PythonCore/3.11 never picks another company", installs: standard, request: "PythonCore/3.11", expected: nil),
        Row(name: "CPython/3.11 never picks another company", installs: standard, request: "CPython/3.11", expected: nil),
        Row(name: "/3.11 names the core company", installs: standard, request: "/3.11", expected: nil),
        Row(name: "PythonCore/ → newest core", installs: standard, request: "PythonCore/", expected: "py314"),
        Row(name: "PythonCore/3 skips PyPy even when it is the only 3", installs: ["pypy311"], request: "PythonCore/3", expected: nil),
        Row(name: "3 with only PyPy installed falls back to it", installs: ["pypy311"], request: "3", expected: "pypy311"),
        Row(name: "no tag with only PyPy installed", installs: ["pypy311"], request: nil, expected: "pypy311"),
        Row(name: "PythonCore/3.11 → unmanaged CPython", installs: standard + ["system311"], request: "PythonCore/3.11", expected: "system311"),
        // Ranges.
        Row(name: ">=3.13 → newest stable in range", installs: standard, request: ">=3.13", expected: "py314"),
        Row(name: "<3.13 → 3.12", installs: standard, request: "<3.13", expected: "py312"),
        Row(name: "<3.12 does not pick 3.14 through run-for 3", installs: ["py314", "py313"], request: "<3.12", expected: nil),
        Row(name: "<3.12 → 3.11", installs: ["py314", "py311"], request: "<3.12", expected: "py311"),
        Row(name: ">3.12,<3.14 → 3.13", installs: standard, request: ">3.12,<3.14", expected: "py313"),
        Row(name: ">=3.15 → the prerelease", installs: standard, request: ">=3.15", expected: "py315a"),
        Row(name: "<=3.12 → 3.12", installs: standard, request: "<=3.12", expected: "py312"),
        Row(name: "!=3.14 → the next best", installs: ["py314", "py313"], request: "!=3.14", expected: "py313"),
        Row(name: "<3.11 → unmanaged pyenv", installs: ["py314", "pyenv310"], request: "<3.11", expected: "pyenv310"),
        // default_platform.
        Row(name: "3.14 prefers the default platform -64", installs: ["py314arm", "py314"], request: "3.14", expected: "py314"),
        Row(name: "3.14 prefers the default platform -arm64", installs: ["py314", "py314arm"], request: "3.14", platform: "-arm64", expected: "py314arm"),
        Row(name: "no default platform: no suffix, then -64, then -arm64", installs: ["py314arm", "py314"], request: "3.14", platform: nil, expected: "py314"),
        Row(name: "another platform when the default has none", installs: ["py314arm"], request: "3.14", expected: "py314arm"),
        Row(name: "an explicit platform overrides the default", installs: ["py314", "py314arm"], request: "3.14-arm64", expected: "py314arm"),
        Row(name: "explicit -arm64 with none installed", installs: ["py314"], request: "3.14-arm64", expected: nil),
        Row(name: "3-arm64 → newest arm64", installs: ["py314", "py313arm"], request: "3-arm64", expected: "py313arm"),
        Row(name: "the platform does not promote a prerelease", installs: ["py315a", "py314arm"], request: "3", expected: "py314arm"),
        Row(name: "the platform does not promote a prerelease (no tag)", installs: ["py315a", "py314arm"], request: nil, expected: "py314arm"),
        Row(name: "the platform narrows among prereleases", installs: ["py315a"], request: "3.15", expected: "py315a"),
        Row(name: "a newer other-platform runtime loses to the default platform", installs: ["py314arm", "py313"], request: "3", expected: "py313"),
        Row(name: "a runtime without platform suffix is used when asked exactly", installs: ["py313", "py313bare"], request: "3.13.4", expected: "py313bare"),
        Row(name: "default_platform -arm64 on the default", installs: ["py314", "py313arm"], request: nil, platform: "-arm64", expected: "py313arm"),
    ]

    @Test("installToRun picks", arguments: rows)
    func picks(_ row: Row) throws {
        let installs = sortInstalls(row.installs.filter { $0 != "venv" }.map { CoreInstalls.named[$0]! })
        let all = row.installs.contains("venv") ? [CoreInstalls.venv] + installs : installs
        let result = Result { () throws(ResolutionError) in
            try installToRun(all, request: row.request, defaultTag: row.defaultTag, defaultPlatform: row.platform)
        }
        switch (result, row.expected) {
        case (.success(let match), let name?):
            #expect(match.install == CoreInstalls.named[name], "got \(match.install.id) for run-for \(match.runFor.tag)")
        case (.success(let match), nil):
            Issue.record("expected no match, got \(match.install.id) (run-for \(match.runFor.tag))")
        case (.failure(let error), let name?):
            Issue.record("expected \(name), got \(error)")
        case (.failure(let error), nil):
            if row.request == nil || TagRequest.isDefaultKeyword(row.request!) {
                // No default is treated as nothing installed, so auto-install can step in.
                #expect(error == .noInstalls)
            } else {
                #expect(error == .noMatch(request: row.request!))
            }
        }
    }

    @Test("the match's executable is the run-for target inside the prefix")
    func executable() throws {
        let match = try installToRun([CoreInstalls.py313], request: "3.13", defaultTag: "3")
        #expect(match.executable == "/data/pymanager/pythoncore-3.13-64/bin/python3.13")
        let venv = try installToRun([CoreInstalls.venv, CoreInstalls.py313], request: nil, defaultTag: "3")
        #expect(venv.executable == "/home/u/project/.venv/bin/python")
    }

    @Test("nothing installed is noInstalls, whatever the request")
    func nothingInstalled() {
        #expect(throws: ResolutionError.noInstalls) { try installToRun([], request: "3.12", defaultTag: "3") }
        #expect(throws: ResolutionError.noInstalls) { try installToRun([], request: nil, defaultTag: "3") }
    }

    @Test("a default_tag that matches nothing is noInstalls, so auto-install can step in")
    func defaultMatchesNothing() {
        #expect(throws: ResolutionError.noInstalls) { try installToRun([CoreInstalls.py313], request: nil, defaultTag: "3.99") }
    }

    @Test("reserved words and bad ranges are invalid requests (default is not: it names the default)")
    func invalidRequests() {
        for text in ["latest", "Help", "!3.12"] {
            #expect {
                try installToRun([CoreInstalls.py313], request: text, defaultTag: "3")
            } throws: { error in
                if case .invalidRequest? = error as? ResolutionError { return true }
                return false
            }
        }
    }

    @Test("no-match message names the tag and suggests py install")
    func noMatchMessage() {
        let text = ResolutionError.noMatch(request: "3.99").description
        #expect(text.contains("'3.99'"))
        #expect(text.contains("py install 3.99"))
        #expect(!text.contains("\n"))
    }

    @Test("windowed run-for targets are preferred only when asked")
    func windowed() throws {
        var object = CoreInstalls.py313.entry.json
        object["run-for"] = .array([
            .object(JSONObject([("tag", .string("3.13")), ("target", .string("bin/pythonw")), ("windowed", .int(1))])),
            .object(JSONObject([("tag", .string("3.13")), ("target", .string("bin/python3.13"))])),
        ])
        let install = Install(entry: try FeedEntry(json: object, path: "x"), kind: .managed, prefix: "/p")
        #expect(try installToRun([install], request: "3.13", defaultTag: "3", windowed: false).runFor.target == "bin/python3.13")
        #expect(try installToRun([install], request: "3.13", defaultTag: "3", windowed: true).runFor.target == "bin/pythonw")
    }
}

@Suite("Resolution: matchingInstalls and sorting")
struct MatchingInstallsTests {
    @Test("ranking: exact run-for, then core, then other companies, then unmanaged")
    func ranking() {
        // GIVEN a core 3.11 whose run-for has no plain `3.11` (so it is a prefix match),
        // an unmanaged 3.11 (exact), and PyPy (another company).
        var object = CoreInstalls.py311.entry.json
        object["run-for"] = .array([.object(JSONObject([("tag", .string("3.11.9")), ("target", .string("bin/python3.11"))]))])
        let core = Install(entry: try! FeedEntry(json: object, path: "x"), kind: .managed, prefix: "/core")
        let installs = sortInstalls([CoreInstalls.pypy311, CoreInstalls.system311, core])
        // WHEN matching a bare 3.11
        let matches = matchingInstalls(installs, request: .tag(Tag(parsing: "3.11")))
        // THEN the exact unmanaged match is first, the core prefix match second, and
        // PyPy is left out (it is only a fallback).
        #expect(matches.map(\.install.prefix) == ["/usr", "/core"])
        // AND a company request files PyPy among the other-company matches.
        let pypy = matchingInstalls(installs, request: .tag(Tag(parsing: "PyPy/3.11")))
        #expect(Set(pypy.map(\.install.id)) == ["pypy-3.11-64"])
    }

    @Test("no request lists every run-for tag of every install")
    func everyRunFor() {
        let matches = matchingInstalls([CoreInstalls.py313, CoreInstalls.pypy311], request: nil)
        #expect(matches.count == CoreInstalls.py313.entry.runFor.count + CoreInstalls.pypy311.entry.runFor.count)
        #expect(matches.first?.install == CoreInstalls.py313)
    }

    @Test("a range yields one match per install")
    func rangeOnePerInstall() throws {
        let matches = matchingInstalls(sortInstalls([CoreInstalls.py313, CoreInstalls.py312]), request: try TagRequest(parsing: ">=3.12"))
        #expect(matches.map(\.install.id) == ["pythoncore-3.13-64", "pythoncore-3.12-64"])
        #expect(matches.first?.runFor.tag == "3.13.5-64")
    }

    @Test("sortInstalls: managed before unmanaged, stable before prerelease, newest first")
    func sorting() {
        let sorted = sortInstalls([
            CoreInstalls.system311, CoreInstalls.py315a, CoreInstalls.pypy311, CoreInstalls.py312, CoreInstalls.py314t,
            CoreInstalls.py314arm, CoreInstalls.py314, CoreInstalls.pyenv310, CoreInstalls.py313bare, CoreInstalls.py313,
        ])
        #expect(sorted.map(\.id) == [
            "pythoncore-3.14-64", "pythoncore-3.14-arm64", "pythoncore-3.14t-64", "pythoncore-3.13", "pythoncore-3.13-64",
            "pythoncore-3.12-64", "pypy-3.11-64", "pythoncore-3.15-64",
            "__unmanaged-/usr/bin/python3.11", "__unmanaged-/home/u/.pyenv/versions/3.10.14/bin/python3.10",
        ])
    }

    @Test("the virtual environment install reads its version from pyvenv.cfg")
    func venvInstall() {
        let venv = Install.virtualEnvironment(at: "/v", pyvenvCfg: "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.3\n")
        #expect(venv.entry.sortVersion == "3.12.3")
        #expect(venv.executable == "/v/bin/python")
        #expect(venv.isVirtualEnvironment)
        #expect(venv.listJSON(isDefault: true)["default"] == .bool(true))
        let broken = Install.virtualEnvironment(at: "/v", pyvenvCfg: "version = banana\n")
        #expect(broken.entry.sortVersion == "0.0")
    }

    @Test("list JSON carries prefix and executable, and unmanaged only when true")
    func listJSON() {
        let managed = CoreInstalls.py313.listJSON(isDefault: false)
        #expect(managed["prefix"] == .string("/data/pymanager/pythoncore-3.13-64"))
        #expect(managed["executable"] == .string("/data/pymanager/pythoncore-3.13-64/bin/python3.13"))
        #expect(managed["default"] == nil)
        #expect(managed["unmanaged"] == nil)
        #expect(CoreInstalls.system311.listJSON(isDefault: false)["unmanaged"] == .int(1))
    }

    @Test("__install__.json: a corrupt record is an error naming the file")
    func installRecord() throws {
        #expect {
            try Install(installRecord: Array("{\"schema\": 1,".utf8), prefix: "/p")
        } throws: { error in
            (error as? FeedEntryError)?.path == "__install__.json"
        }
        #expect(throws: FeedEntryError.self) { try Install(installRecord: Array("[]".utf8), prefix: "/p") }
        let legacyName = #"{"schema": 1, "id": "x", "company": "PythonCore", "tag": "3.1", "sort-version": "3.1", "executable": "bin/python3.1", "displayName": "Old"}"#
        #expect(try Install(installRecord: Array(legacyName.utf8), prefix: "/p").entry.displayName == "Old")
    }
}
