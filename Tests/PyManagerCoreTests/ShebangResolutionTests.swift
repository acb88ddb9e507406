import Testing

@testable import PyManagerCore

// MARK: - Fixtures

private func runtime(
    _ id: String, company: String = "PythonCore", tag: String, aliases: [String] = [], exe: String
) -> ShebangRuntime {
    ShebangRuntime(id: id, company: company, tag: tag, aliasNames: aliases, executablePath: exe)
}

/// pymanager tests/test_scriptutils.py `INSTALLS`, with relative executables as there.
let pymanagerInstalls: [ShebangRuntime] = [
    runtime("test-1.0", company: "Test", tag: "1.0", aliases: ["test1.0.exe", "testw1.0.exe"],
            exe: "./pkgs/test-1.0/test-binary-1.0.exe"),
    runtime("test-1.1", company: "Test", tag: "1.1", aliases: ["test1.1.exe", "testw1.1.exe"],
            exe: "./pkgs/test-1.1/test-binary-1.1.exe"),
    runtime("test-1.3.1", tag: "1.3.1", exe: "./pkgs/test-1.3.1/test-binary-1.3.1.exe"),
    runtime("test-1.3.2", company: "PythonOther", tag: "1.3.2", exe: "./pkgs/test-1.3.2/test-binary-1.3.2.exe"),
    runtime("test-2.0", company: "Test", tag: "2.0", aliases: ["test2.0.exe"], exe: "./pkgs/test-2.0/test-binary-2.0.exe"),
]

/// A Linux-looking set of installs.
let linuxInstalls: [ShebangRuntime] = [
    runtime("pythoncore-3.12-64", tag: "3.12-64", aliases: ["python3.12"], exe: "/home/u/.py/3.12/bin/python3.12"),
    runtime("pythoncore-3.14t-64", tag: "3.14t-64", aliases: ["python3.14t"], exe: "/home/u/.py/3.14t/bin/python3.14t"),
    runtime("pypy-3.11", company: "PyPy", tag: "3.11", aliases: ["pypy3.11", "pypy3"], exe: "/home/u/.py/pypy3.11/bin/pypy3.11"),
    runtime("pypy-3.10", company: "PyPy", tag: "3.10", aliases: ["pypy3.10", "pypy3"], exe: "/home/u/.py/pypy3.10/bin/pypy3.10"),
    runtime("graalpy-24", company: "GraalPy", tag: "24", aliases: ["graalpy"], exe: "/home/u/.py/graalpy/bin/graalpy"),
    runtime("other-upper", company: "Other", tag: "1", aliases: ["Foo"], exe: "/opt/other/bin/other"),
    runtime("other-lower", company: "Other", tag: "2", aliases: ["foo"], exe: "/opt/other2/bin/other2"),
]

private func byID(_ id: String, in list: [ShebangRuntime] = linuxInstalls + pymanagerInstalls) -> ShebangRuntime {
    list.first { $0.id == id } ?? ShebangRuntime(id: "missing", company: "", tag: "", aliasNames: [], executablePath: "")
}

// MARK: - Alias resolution

struct AliasRow: CustomTestStringConvertible, Sendable {
    let alias: String
    let expected: ShebangAliasMatch
    var testDescription: String { alias }
    init(_ alias: String, _ expected: ShebangAliasMatch) {
        self.alias = alias
        self.expected = expected
    }
}

@Suite("Shebang alias resolution")
struct ShebangAliasTests {
    static let rows: [AliasRow] = [
        AliasRow("python", .defaultRuntime),
        AliasRow("python3", .defaultRuntime),
        AliasRow("py", .defaultRuntime),
        AliasRow("pythonw", .defaultRuntime),
        AliasRow("pythonw3", .defaultRuntime),
        AliasRow("pyw", .defaultRuntime),
        AliasRow("Python3", .defaultRuntime),
        AliasRow("PY", .defaultRuntime),
        AliasRow("python.exe", .defaultRuntime),
        AliasRow("python3.12", .runtime(byID("pythoncore-3.12-64"), rule: .aliasName(caseInsensitive: false))),
        AliasRow("python3.12.exe", .runtime(byID("pythoncore-3.12-64"), rule: .aliasName(caseInsensitive: false))),
        AliasRow("PYTHON3.12", .runtime(byID("pythoncore-3.12-64"), rule: .aliasName(caseInsensitive: true))),
        AliasRow("python3.14t", .runtime(byID("pythoncore-3.14t-64"), rule: .aliasName(caseInsensitive: false))),
        AliasRow("pypy3.11", .runtime(byID("pypy-3.11"), rule: .aliasName(caseInsensitive: false))),
        AliasRow("PyPy3.10", .runtime(byID("pypy-3.10"), rule: .aliasName(caseInsensitive: true))),
        AliasRow("pypy3", .runtime(byID("pypy-3.11"), rule: .aliasName(caseInsensitive: false))),
        AliasRow("graalpy", .runtime(byID("graalpy-24"), rule: .aliasName(caseInsensitive: false))),
        AliasRow("foo", .runtime(byID("other-lower"), rule: .aliasName(caseInsensitive: false))),
        AliasRow("Foo", .runtime(byID("other-upper"), rule: .aliasName(caseInsensitive: false))),
        AliasRow("FOO", .runtime(byID("other-upper"), rule: .aliasName(caseInsensitive: true))),
        AliasRow("other2", .runtime(byID("other-lower"), rule: .executableName(caseInsensitive: false))),
        AliasRow("OTHER2", .runtime(byID("other-lower"), rule: .executableName(caseInsensitive: true))),
        AliasRow("/home/u/.py/3.12/bin/python3.12",
                 .runtime(byID("pythoncore-3.12-64"), rule: .executablePath(caseInsensitive: false))),
        AliasRow("/home/u/.py/3.12/./bin//python3.12",
                 .runtime(byID("pythoncore-3.12-64"), rule: .executablePath(caseInsensitive: false))),
        AliasRow("/other/bin/python3.12", .notFound),
        AliasRow("bin/python3.12", .notFound),
        AliasRow("python3.13", .coreTag("3.13")),
        AliasRow("python3.12-64", .coreTag("3.12-64")),
        AliasRow("python3.13t", .coreTag("3.13t")),
        AliasRow("pythonw3.13", .coreTag("3.13")),
        AliasRow("Python3.13", .coreTag("3.13")),
        AliasRow("python3.13.exe", .coreTag("3.13")),
        AliasRow("pythonfoo", .notFound),
        AliasRow("pypy3.9", .notFound),
        AliasRow("perl", .notFound),
        AliasRow("", .notFound),
    ]

    @Test("rows", arguments: rows)
    func resolve(row: AliasRow) {
        #expect(ShebangAliasResolver(runtimes: linuxInstalls).resolve(row.alias) == row.expected)
    }

    /// pymanager test_default_py_shebang: default names and python<TAG>.
    @Test("pymanager default-name cases", arguments: [
        ("python", ShebangAliasMatch.defaultRuntime), ("py", .defaultRuntime), ("python3", .defaultRuntime),
        ("python1.0", .coreTag("1.0")), ("pythonw", .defaultRuntime), ("pyw", .defaultRuntime),
        ("pythonw3", .defaultRuntime), ("pythonw1.0", .coreTag("1.0")),
    ])
    func pymanagerDefaults(alias: String, expected: ShebangAliasMatch) {
        let installs = [runtime("1.0", tag: "1.0", exe: "C:\\TestRoot\\test-binary-1.0.exe")]
        #expect(ShebangAliasResolver(runtimes: installs).resolve(alias) == expected)
    }

    @Test("the rule and tag request are reported")
    func provenance() {
        let match = ShebangAliasResolver(runtimes: []).resolve("python3.13")
        #expect(match.rule == .coreTagFallback)
        #expect(match.tagRequest == "PythonCore/3.13")
        #expect(ShebangAliasMatch.notFound.rule == nil)
        #expect(ShebangAliasRule.aliasName(caseInsensitive: true).description == "alias name (case-insensitive)")
    }
}

// MARK: - Whole decision, pymanager test_read_shebang

struct ResolutionRow: CustomTestStringConvertible, Sendable {
    let name: String
    let script: String
    let outcome: ShebangOutcome?
    var arguments: [String] = []
    var testDescription: String { name }
}

@Suite("Shebang resolution")
struct ShebangResolutionTests {
    /// pymanager's rows; "None" there is `.ignored` here with arbitrary commands refused,
    /// and `python1.3.2` stays a `PythonCore/1.3.2` request (the tag matcher finds nothing).
    static let pymanagerRows: [ResolutionRow] = [
        ResolutionRow(name: "empty", script: "", outcome: nil),
        ResolutionRow(name: "first line only (1.0)", script: "#! /usr/bin/test1.0\n#! /usr/bin/test2.0\n", outcome: .runtime(byID("test-1.0"))),
        ResolutionRow(name: "first line only (2.0)", script: "#! /usr/bin/test2.0\n#! /usr/bin/test1.0\n", outcome: .runtime(byID("test-2.0"))),
        ResolutionRow(name: "/usr/bin alias with .exe", script: "#! /usr/bin/test1.0.exe\n#! /usr/bin/test2.0\n", outcome: .runtime(byID("test-1.0"))),
        ResolutionRow(name: "bare alias 1.0", script: "#!test1.0.exe\n", outcome: .runtime(byID("test-1.0"))),
        ResolutionRow(name: "bare alias 1.1", script: "#!test1.1.exe\n", outcome: .runtime(byID("test-1.1"))),
        ResolutionRow(name: "unknown bare alias", script: "#!test1.2.exe\n", outcome: .ignored),
        ResolutionRow(name: "executable name", script: "#!test-binary-1.1.exe\n", outcome: .runtime(byID("test-1.1"))),
        ResolutionRow(name: "executable path", script: "#!.\\pkgs\\test-1.1\\test-binary-1.1.exe\n", outcome: .runtime(byID("test-1.1"))),
        ResolutionRow(name: "wrong executable path", script: "#!.\\pkgs\\test-1.0\\test-binary-1.1.exe\n", outcome: .ignored),
        ResolutionRow(name: "env alias 1.0", script: "#! /usr/bin/env test1.0\n", outcome: .runtime(byID("test-1.0"))),
        ResolutionRow(name: "env alias 2.0", script: "#! /usr/bin/env test2.0\n", outcome: .runtime(byID("test-2.0"))),
        ResolutionRow(name: "env -S alias", script: "#! /usr/bin/env -S test2.0\n", outcome: .runtime(byID("test-2.0"))),
        ResolutionRow(name: "python<TAG>", script: "#! /usr/bin/python1.3.1", outcome: .tag("PythonCore/1.3.1")),
        ResolutionRow(name: "env python<TAG>", script: "#! /usr/bin/env python1.3.1", outcome: .tag("PythonCore/1.3.1")),
        ResolutionRow(name: "python<TAG> of another company", script: "#! /usr/bin/python1.3.2", outcome: .tag("PythonCore/1.3.2")),
    ]

    @Test("pymanager test_read_shebang", arguments: pymanagerRows)
    func pymanagerTable(row: ResolutionRow) {
        let line = ScriptSource.splitLines(row.script).first ?? ""
        let result = ShebangResolution.resolve(
            line: line, runtimes: pymanagerInstalls, policy: ShebangPolicy(canRunAnything: false))
        #expect(result?.outcome == row.outcome)
    }

    static let linuxRows: [ResolutionRow] = [
        ResolutionRow(name: "env python3", script: "#!/usr/bin/env python3 -u", outcome: .defaultRuntime, arguments: ["-u"]),
        ResolutionRow(name: "/usr/bin/python3.12", script: "#!/usr/bin/python3.12 -E", outcome: .runtime(byID("pythoncore-3.12-64")), arguments: ["-E"]),
        ResolutionRow(name: "missing python3.13", script: "#!/usr/bin/python3.13", outcome: .tag("PythonCore/3.13")),
        ResolutionRow(name: "env pypy3", script: "#!/usr/bin/env pypy3", outcome: .runtime(byID("pypy-3.11"))),
        ResolutionRow(name: "unknown env pypy searches PATH", script: "#!/usr/bin/env pypy3.9 -x", outcome: .command("pypy3.9", searchPath: true, isRelative: false), arguments: ["-x"]),
        ResolutionRow(name: "env node", script: "#!/usr/bin/env node -e", outcome: .command("node", searchPath: true, isRelative: false), arguments: ["-e"]),
        ResolutionRow(name: "/bin/sh", script: "#!/bin/sh -e", outcome: .command("/bin/sh", searchPath: false, isRelative: false), arguments: ["-e"]),
        ResolutionRow(name: "relative", script: "#!venv/bin/python", outcome: .command("venv/bin/python", searchPath: false, isRelative: true)),
        ResolutionRow(name: "absolute runtime path", script: "#!/home/u/.py/3.12/bin/python3.12", outcome: .runtime(byID("pythoncore-3.12-64"))),
        ResolutionRow(name: "/usr/bin/other2 by executable name", script: "#!/usr/bin/other2", outcome: .runtime(byID("other-lower"))),
    ]

    @Test("Linux rows (arbitrary commands allowed)", arguments: linuxRows)
    func linuxTable(row: ResolutionRow) {
        let result = ShebangResolution.resolve(line: row.script, runtimes: linuxInstalls)
        #expect(result?.outcome == row.outcome)
        #expect(result?.arguments == row.arguments)
    }

    @Test("not a shebang gives nil")
    func noShebang() {
        #expect(ShebangResolution.resolve(line: "import sys", runtimes: linuxInstalls) == nil)
        #expect(ShebangResolution.resolve(line: "#!", runtimes: linuxInstalls) == nil)
    }

    @Test("an unmatched /usr/bin alias that is not on disk warns and is ignored")
    func unmatchedVirtual() throws {
        let result = try #require(ShebangResolution.resolve(line: "#!/usr/bin/pypy3.9 -x", runtimes: []))
        #expect(result.outcome == .ignored)
        #expect(result.arguments.isEmpty)
        #expect(result.warnings == [
            "A shebang '/usr/bin/pypy3.9 -x' was found, but could not be matched to an installed runtime.",
            "If the script does not behave properly, try installing the correct runtime with \"py install\".",
        ])
    }

    /// Files that exist on the pretend disk of `unmatchedRows`.
    static let onDisk: Set<String> = ["/usr/bin/perl", "/usr/local/bin/tool", "/usr/bin/pypy3.9", "/usr/bin/env"]

    /// When nothing installed answers to the name (issue 8, points 2 and 3):
    /// `python<TAG>` asks for that runtime; `/usr/bin/<name>` runs the file if it
    /// exists, else the default with a warning; env and bare names search PATH.
    static let unmatchedRows: [ResolutionRow] = [
        ResolutionRow(name: "/usr/bin/python3.9", script: "#!/usr/bin/python3.9", outcome: .tag("PythonCore/3.9")),
        ResolutionRow(name: "env python3.12t", script: "#!/usr/bin/env python3.12t", outcome: .tag("PythonCore/3.12t")),
        ResolutionRow(name: "env -S python3.13 -u", script: "#!/usr/bin/env -S python3.13 -u", outcome: .tag("PythonCore/3.13"), arguments: ["-u"]),
        ResolutionRow(name: "bare python2", script: "#!python2", outcome: .tag("PythonCore/2")),
        ResolutionRow(name: "/usr/bin/python3-arm64", script: "#!/usr/bin/python3-arm64", outcome: .tag("PythonCore/3-arm64")),
        ResolutionRow(name: "/usr/local/bin/python3.9 -E", script: "#!/usr/local/bin/python3.9 -E", outcome: .tag("PythonCore/3.9"), arguments: ["-E"]),
        ResolutionRow(name: "pythonw3.9", script: "#!pythonw3.9", outcome: .tag("PythonCore/3.9")),
        ResolutionRow(name: "python3 is still the default", script: "#!/usr/bin/python3", outcome: .defaultRuntime),
        ResolutionRow(name: "/usr/bin/envpython3 is no runtime and not on disk", script: "#!/usr/bin/envpython3", outcome: .ignored),
        ResolutionRow(name: "/usr/bin/pythonfoo", script: "#!/usr/bin/pythonfoo", outcome: .ignored),
        ResolutionRow(name: "/usr/bin/pypy3.8 not on disk", script: "#!/usr/bin/pypy3.8", outcome: .ignored),
        ResolutionRow(name: "/usr/bin/pypy3.9 on disk", script: "#!/usr/bin/pypy3.9", outcome: .command("/usr/bin/pypy3.9", searchPath: false, isRelative: false)),
        ResolutionRow(name: "/usr/bin/perl -w on disk", script: "#!/usr/bin/perl -w", outcome: .command("/usr/bin/perl", searchPath: false, isRelative: false), arguments: ["-w"]),
        ResolutionRow(name: "/usr/local/bin/tool on disk", script: "#!/usr/local/bin/tool", outcome: .command("/usr/local/bin/tool", searchPath: false, isRelative: false)),
        ResolutionRow(name: "/usr/bin/env alone", script: "#!/usr/bin/env", outcome: .command("/usr/bin/env", searchPath: false, isRelative: false)),
        ResolutionRow(name: "bare perl", script: "#!perl", outcome: .command("perl", searchPath: true, isRelative: false)),
        ResolutionRow(name: "bare node", script: "#! node", outcome: .command("node", searchPath: true, isRelative: false)),
        ResolutionRow(name: "bare ruby -w", script: "#!ruby -w", outcome: .command("ruby", searchPath: true, isRelative: false), arguments: ["-w"]),
        ResolutionRow(name: "bare unknown pypy", script: "#!pypy3.9", outcome: .command("pypy3.9", searchPath: true, isRelative: false)),
        ResolutionRow(name: "env node", script: "#!/usr/bin/env node", outcome: .command("node", searchPath: true, isRelative: false)),
        ResolutionRow(name: "env pypy3.9", script: "#!/usr/bin/env pypy3.9", outcome: .command("pypy3.9", searchPath: true, isRelative: false)),
        ResolutionRow(name: "a deeper /usr/bin path is a path", script: "#!/usr/bin/sub/tool", outcome: .command("/usr/bin/sub/tool", searchPath: false, isRelative: false)),
        ResolutionRow(name: "relative path", script: "#!bin/tool -q", outcome: .command("bin/tool", searchPath: false, isRelative: true), arguments: ["-q"]),
        ResolutionRow(name: "other absolute path", script: "#!/opt/x/python", outcome: .command("/opt/x/python", searchPath: false, isRelative: false)),
        ResolutionRow(name: "an installed alias still wins", script: "#!pypy3.11", outcome: .runtime(byID("pypy-3.11"))),
    ]

    @Test("when nothing installed answers", arguments: unmatchedRows)
    func unmatched(row: ResolutionRow) {
        let result = ShebangResolution.resolve(
            line: row.script, runtimes: linuxInstalls, isExecutableFile: { Self.onDisk.contains($0) })
        #expect(result?.outcome == row.outcome)
        #expect(result?.arguments == row.arguments)
    }

    @Test(
        "with shebang_can_run_anything off, commands are refused and the default runs",
        arguments: ["#!perl", "#!/usr/bin/perl", "#!/usr/bin/env node", "#!bin/tool"])
    func refusedCommands(line: String) throws {
        let result = try #require(
            ShebangResolution.resolve(
                line: line, runtimes: [], policy: ShebangPolicy(canRunAnything: false), isExecutableFile: { Self.onDisk.contains($0) }))
        #expect(result.outcome == .ignored)
        #expect(result.arguments.isEmpty)
        #expect(result.warnings.last?.contains("'shebang_can_run_anything' to 'true'") == true)
    }

    @Test("a bare command warns as pymanager's other shebangs do")
    func bareCommandWarning() throws {
        let result = try #require(ShebangResolution.resolve(line: "#!ruby -w", runtimes: []))
        #expect(result.warnings.first == "A shebang 'ruby -w' was found but does not match any supported template (e.g. '/usr/bin/python'), so it will be treated as an arbitrary command.")
    }

    @Test("refused commands carry the policy warning and no arguments")
    func refused() throws {
        let result = try #require(
            ShebangResolution.resolve(
                line: "#!/bin/sh -e", runtimes: [], policy: ShebangPolicy(canRunAnything: false)))
        #expect(result.outcome == .ignored)
        #expect(result.arguments.isEmpty)
        #expect(result.warnings.count == 2)
    }

    @Test("provenance: alias rule and template are reported")
    func provenance() throws {
        let viaAlias = try #require(ShebangResolution.resolve(line: "#!/usr/bin/PYTHON3.12", runtimes: linuxInstalls))
        #expect(viaAlias.aliasRule == .aliasName(caseInsensitive: true))
        #expect(viaAlias.shebang == .virtual(alias: "PYTHON3.12", arguments: []))
        let templates = ShebangTemplates(["/usr/bin/custom": "/usr/bin/python3.12"])
        let viaTemplate = try #require(
            ShebangResolution.resolve(line: "#!/usr/bin/custom -u", runtimes: linuxInstalls, templates: templates))
        #expect(viaTemplate.outcome == .runtime(byID("pythoncore-3.12-64")))
        #expect(viaTemplate.arguments == ["-u"])
        #expect(viaTemplate.template == ShebangTemplateMatch(template: "/usr/bin/custom", wholeLine: false, caseInsensitive: false))
    }

    @Test("a py template decides before classification")
    func pyTemplate() throws {
        let templates = ShebangTemplates(["/usr/bin/python3": "py -V:3.14t"])
        let result = try #require(
            ShebangResolution.resolve(line: "#!/usr/bin/python3 -X dev", runtimes: linuxInstalls, templates: templates))
        #expect(result.outcome == .tag("3.14t"))
        #expect(result.arguments == ["-X", "dev"])
    }

    @Test("an unsupported template warns and the line is used as written")
    func unsupportedTemplate() throws {
        let templates = ShebangTemplates(["/usr/bin/python3": "py -m venv"])
        let result = try #require(
            ShebangResolution.resolve(line: "#!/usr/bin/python3", runtimes: linuxInstalls, templates: templates))
        #expect(result.outcome == .defaultRuntime)
        #expect(result.warnings.count == 1)
    }

    @Test("the recursion guard refuses arbitrary commands")
    func recursionGuard() throws {
        let policy = ShebangPolicy(environment: [ShebangPolicy.recursionGuardVariable: "1"])
        let result = try #require(ShebangResolution.resolve(line: "#!/usr/bin/env node", runtimes: [], policy: policy))
        #expect(result.outcome == .ignored)
    }
}

// MARK: - Templates, pymanager test_shebang_templates

struct TemplateRow: CustomTestStringConvertible, Sendable {
    let line: String
    let expected: ShebangTemplateResult?
    var testDescription: String { line }
}

private func launch(
    _ request: ShebangTemplateRequest, _ arguments: [String] = [], key: String, whole: Bool = false, ci: Bool = false
) -> ShebangTemplateResult {
    .launch(request, arguments: arguments, match: ShebangTemplateMatch(template: key, wholeLine: whole, caseInsensitive: ci))
}

private func rewritten(_ line: String, key: String, whole: Bool, ci: Bool = false) -> ShebangTemplateResult {
    .rewritten(line: line, match: ShebangTemplateMatch(template: key, wholeLine: whole, caseInsensitive: ci))
}

@Suite("Shebang templates")
struct ShebangTemplateTests {
    static let pymanagerTemplates = ShebangTemplates([
        "/usr/bin/python": "py",
        "/usr/bin/pythonw": "pyw",
        "/usr/bin/python2": "py -V:Test/2",
        "/usr/bin/pythonw2": "pyw -V:Test/2",
        "/usr/bin/python3": "py -3.2",
        "/usr/bin/pythonw3": "pyw -3.2",
        "custom": "CUSTOM",
        "full line custom": "CUSTOM2",
    ])

    static let pymanagerRows: [TemplateRow] = [
        // Whole-line matches win over command matches, hence `whole: true` for single words.
        TemplateRow(line: "#!/usr/bin/python", expected: launch(.defaultRuntime, key: "/usr/bin/python", whole: true)),
        TemplateRow(line: "#!/usr/bin/python -Es", expected: launch(.defaultRuntime, ["-Es"], key: "/usr/bin/python")),
        TemplateRow(line: "#! /usr/bin/pythonw", expected: launch(.defaultRuntime, key: "/usr/bin/pythonw", whole: true)),
        TemplateRow(line: "#!  /usr/bin/python2", expected: launch(.tag("Test/2"), key: "/usr/bin/python2", whole: true)),
        TemplateRow(line: "#!   /usr/bin/pythonw2", expected: launch(.tag("Test/2"), key: "/usr/bin/pythonw2", whole: true)),
        TemplateRow(line: "#!  /usr/bin/python3", expected: launch(.tag("3.2"), key: "/usr/bin/python3", whole: true)),
        TemplateRow(line: "#!   /usr/bin/pythonw3", expected: launch(.tag("3.2"), key: "/usr/bin/pythonw3", whole: true)),
        TemplateRow(line: "#!  custom", expected: rewritten("#!CUSTOM", key: "custom", whole: true)),
        TemplateRow(line: "#! full line custom", expected: rewritten("#!CUSTOM2", key: "full line custom", whole: true)),
        TemplateRow(line: "#!full line custom with extra", expected: nil),
        TemplateRow(line: "custom", expected: nil),
        TemplateRow(line: "full line custom", expected: nil),
    ]

    @Test("pymanager rows", arguments: pymanagerRows)
    func pymanagerTable(row: TemplateRow) {
        #expect(Self.pymanagerTemplates.apply(toLine: row.line) == row.expected)
    }

    static let moreTemplates = ShebangTemplates([
        "/usr/bin/python3": "py -V:3.12",
        "/usr/bin/env python3": "py -3.13",
        "/opt/Custom": "/usr/bin/python3.14t",
        "#!/usr/bin/marked": "py",
        " /usr/bin/spaced ": "  py -V:3.11  ",
        "/usr/bin/bad": "py -m venv",
        "/usr/bin/empty": "   ",
        "/usr/bin/pyexe": "py.exe -3.10",
    ])

    static let moreRows: [TemplateRow] = [
        TemplateRow(line: "#!/usr/bin/python3 -u -E", expected: launch(.tag("3.12"), ["-u", "-E"], key: "/usr/bin/python3")),
        TemplateRow(line: "#!/usr/bin/env python3", expected: launch(.tag("3.13"), key: "/usr/bin/env python3", whole: true)),
        TemplateRow(line: "#!/USR/BIN/ENV PYTHON3", expected: launch(.tag("3.13"), key: "/usr/bin/env python3", whole: true, ci: true)),
        TemplateRow(line: "#!/usr/bin/env python3 -u", expected: nil),
        TemplateRow(line: "#!/opt/Custom -E", expected: rewritten("#!/usr/bin/python3.14t -E", key: "/opt/Custom", whole: false)),
        TemplateRow(line: "#!/opt/custom", expected: rewritten("#!/usr/bin/python3.14t", key: "/opt/Custom", whole: true, ci: true)),
        TemplateRow(line: "#!/usr/bin/marked\r\n", expected: launch(.defaultRuntime, key: "#!/usr/bin/marked", whole: true)),
        TemplateRow(line: "#!/usr/bin/spaced\t-x", expected: launch(.tag("3.11"), ["-x"], key: " /usr/bin/spaced ")),
        TemplateRow(line: "#!/usr/bin/bad", expected: .unsupported(replacement: "py -m venv", match: ShebangTemplateMatch(template: "/usr/bin/bad", wholeLine: true, caseInsensitive: false))),
        TemplateRow(line: "#!/usr/bin/empty", expected: .unsupported(replacement: "   ", match: ShebangTemplateMatch(template: "/usr/bin/empty", wholeLine: true, caseInsensitive: false))),
        TemplateRow(line: "#!/usr/bin/pyexe", expected: launch(.tag("3.10"), key: "/usr/bin/pyexe", whole: true)),
        TemplateRow(line: "#!/usr/bin/python", expected: nil),
        TemplateRow(line: "#!", expected: nil),
        TemplateRow(line: "", expected: nil),
    ]

    @Test("more rows", arguments: moreRows)
    func moreTable(row: TemplateRow) {
        #expect(Self.moreTemplates.apply(toLine: row.line) == row.expected)
    }

    @Test("exact beats case-insensitive, whole line beats command")
    func precedence() {
        let templates = ShebangTemplates(["/usr/bin/X": "py -V:a", "/usr/bin/x": "py -V:b", "/usr/bin/x -u": "py -V:c"])
        #expect(templates.apply(toLine: "#!/usr/bin/x")?.match.template == "/usr/bin/x")
        #expect(templates.apply(toLine: "#!/usr/bin/X")?.match.template == "/usr/bin/X")
        #expect(templates.apply(toLine: "#!/usr/bin/x -u")?.match.template == "/usr/bin/x -u")
        #expect(templates.apply(toLine: "#!/usr/bin/X -U")?.match.template == "/usr/bin/x -u")
        #expect(templates.apply(toLine: "#!/usr/bin/X -E")?.match.template == "/usr/bin/X")
    }

    @Test("launch command parsing", arguments: [
        ("py", ShebangTemplateRequest?.some(.defaultRuntime)), ("pyw", .defaultRuntime), ("PY", .defaultRuntime),
        ("py -V:3.12", .tag("3.12")), ("py -V:MyCustomPython/3", .tag("MyCustomPython/3")), ("py -3", .tag("3")),
        ("py -3.12-64", .tag("3.12-64")), ("py -V:", nil), ("py -m x", nil), ("py -V:3 -u", nil),
        ("python", nil), ("/usr/bin/python", nil), ("", nil), ("py -x", nil),
    ])
    func launchCommand(text: String, expected: ShebangTemplateRequest?) {
        #expect(ShebangTemplates.parseLaunchCommand(text) == expected)
    }
}

// MARK: - Policy

struct PolicyRow: CustomTestStringConvertible, Sendable {
    enum Kind: Sendable { case run, warn, refuse }
    let name: String
    let shebang: Shebang
    let canRunAnything: Bool
    let silently: Bool
    var guarded = false
    let expected: Kind
    var testDescription: String { name }
}

@Suite("Shebang policy")
struct ShebangPolicyTests {
    static let node = Shebang.envSearch(command: "node", arguments: [])
    static let sh = Shebang.executable(path: "/bin/sh", arguments: [])
    static let python = Shebang.virtual(alias: "python3", arguments: [])

    static let rows: [PolicyRow] = [
        PolicyRow(name: "env, default config", shebang: node, canRunAnything: true, silently: false, expected: .warn),
        PolicyRow(name: "env, silently", shebang: node, canRunAnything: true, silently: true, expected: .run),
        PolicyRow(name: "env, disabled", shebang: node, canRunAnything: false, silently: false, expected: .refuse),
        PolicyRow(name: "env, disabled but silently wins", shebang: node, canRunAnything: false, silently: true, expected: .run),
        PolicyRow(name: "exe, default config", shebang: sh, canRunAnything: true, silently: false, expected: .warn),
        PolicyRow(name: "exe, silently", shebang: sh, canRunAnything: true, silently: true, expected: .run),
        PolicyRow(name: "exe, disabled", shebang: sh, canRunAnything: false, silently: false, expected: .refuse),
        PolicyRow(name: "exe, disabled but silently wins", shebang: sh, canRunAnything: false, silently: true, expected: .run),
        PolicyRow(name: "exe, recursion guard", shebang: sh, canRunAnything: true, silently: true, guarded: true, expected: .refuse),
        PolicyRow(name: "env, recursion guard", shebang: node, canRunAnything: true, silently: false, guarded: true, expected: .refuse),
        PolicyRow(name: "virtual always runs", shebang: python, canRunAnything: false, silently: false, expected: .run),
        PolicyRow(name: "virtual ignores the guard", shebang: python, canRunAnything: false, silently: false, guarded: true, expected: .run),
    ]

    @Test("rows", arguments: rows)
    func decide(row: PolicyRow) {
        let environment = row.guarded ? [ShebangPolicy.recursionGuardVariable: "1"] : [:]
        let policy = ShebangPolicy(
            canRunAnything: row.canRunAnything, canRunAnythingSilently: row.silently, environment: environment)
        let decision = policy.decide(row.shebang, line: "THE LINE")
        switch (decision, row.expected) {
        case (.run, .run):
            #expect(decision.warnings.isEmpty)
        case (.runWithWarning(let lines), .warn), (.refuse(let lines), .refuse):
            #expect(lines.first?.contains("'THE LINE'") == true)
        default:
            Issue.record("expected \(row.expected), got \(decision)")
        }
    }

    @Test("messages name the setting to change")
    func messages() {
        let warn = ShebangPolicy().decide(Self.node, line: "/usr/bin/env node")
        #expect(warn.warnings == [
            "A shebang '/usr/bin/env node' was found but could not be matched to an installed runtime, so it will be treated as an arbitrary command.",
            "To prevent execution of programs that are not Python runtimes, set 'shebang_can_run_anything' to 'false' in your configuration file.",
        ])
        let refuse = ShebangPolicy(canRunAnything: false).decide(Self.sh, line: "/bin/sh")
        #expect(refuse.warnings.last?.contains("'shebang_can_run_anything' to 'true'") == true)
        #expect(ShebangPolicy(environment: [ShebangPolicy.recursionGuardVariable: ""]).recursionGuardActive == false)
    }
}
