import Testing

@testable import PyManagerCore

/// A named shebang row: the script's first bytes and the expected classification.
struct ShebangRow: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    let expected: Shebang?
    var testDescription: String { name }

    init(_ name: String, _ text: String, _ expected: Shebang?) {
        self.name = name
        self.bytes = Array(text.utf8)
        self.expected = expected
    }

    init(_ name: String, bytes: [UInt8], _ expected: Shebang?) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }
}

private func virtual(_ alias: String, _ arguments: [String] = []) -> Shebang {
    .virtual(alias: alias, arguments: arguments)
}
private func env(_ command: String, _ arguments: [String] = []) -> Shebang {
    .envSearch(command: command, arguments: arguments)
}
private func exe(_ path: String, _ arguments: [String] = []) -> Shebang {
    .executable(path: path, arguments: arguments)
}

let shebangRows: [ShebangRow] = [
    // Virtual forms
    ShebangRow("/usr/bin/python", "#!/usr/bin/python\n", virtual("python")),
    ShebangRow("/usr/bin/python3", "#!/usr/bin/python3\nprint(1)\n", virtual("python3")),
    ShebangRow("/usr/bin/python3.12", "#!/usr/bin/python3.12\n", virtual("python3.12")),
    ShebangRow("/usr/local/bin/python3.14t", "#!/usr/local/bin/python3.14t\n", virtual("python3.14t")),
    ShebangRow("/usr/bin/env python3", "#!/usr/bin/env python3\n", virtual("python3")),
    ShebangRow("/usr/bin/env -S python3 -u", "#!/usr/bin/env -S python3 -u\n", virtual("python3", ["-u"])),
    ShebangRow("/usr/bin/env -S with tabs", "#!/usr/bin/env\t-S\tpython3\t-E\n", virtual("python3", ["-E"])),
    ShebangRow("bare python", "#!python\n", virtual("python")),
    ShebangRow("bare py", "#!py\n", virtual("py")),
    ShebangRow("bare pythonw", "#!pythonw\n", virtual("pythonw")),
    ShebangRow("bare pypy3.11", "#!pypy3.11\n", virtual("pypy3.11")),
    ShebangRow("/usr/bin/env graalpy", "#!/usr/bin/env graalpy\n", virtual("graalpy")),
    ShebangRow("python3.12-64", "#!/usr/bin/python3.12-64\n", virtual("python3.12-64")),
    ShebangRow("python.exe", "#!python.exe\n", virtual("python.exe")),
    ShebangRow("upper-case alias", "#!/usr/bin/Python3\n", virtual("Python3")),
    ShebangRow("arguments", "#!/usr/bin/python3 -u -X dev\n", virtual("python3", ["-u", "-X", "dev"])),
    ShebangRow("quoted argument", "#!/usr/bin/python3 -c \"print('a b')\"\n", virtual("python3", ["-c", "print('a b')"])),
    ShebangRow("single-quoted argument", "#!python3 -W 'ignore::x y'\n", virtual("python3", ["-W", "ignore::x y"])),
    // Spacing and line endings
    ShebangRow("space after #!", "#! /usr/bin/python3\n", virtual("python3")),
    ShebangRow("many spaces", "#!    /usr/bin/env    python3    -u   \n", virtual("python3", ["-u"])),
    ShebangRow("tab after #!", "#!\t/usr/bin/python3\n", virtual("python3")),
    ShebangRow("CRLF", "#!/usr/bin/env python3\r\nprint(1)\r\n", virtual("python3")),
    ShebangRow("CR only", "#!/usr/bin/env python3\rprint(1)\r", virtual("python3")),
    ShebangRow("no newline at end", "#!/usr/bin/python3", virtual("python3")),
    ShebangRow("trailing spaces and CRLF", "#!/usr/bin/python3 -E  \r\n", virtual("python3", ["-E"])),
    ShebangRow("BOM", bytes: [0xEF, 0xBB, 0xBF] + Array("#!/usr/bin/python3\n".utf8), virtual("python3")),
    // envSearch
    ShebangRow("/usr/bin/env node", "#!/usr/bin/env node\n", env("node")),
    ShebangRow("/usr/bin/env -S bash -e", "#!/usr/bin/env -S bash -e\n", env("bash", ["-e"])),
    ShebangRow("/usr/bin/env pytest is not python", "#!/usr/bin/env pytest\n", env("pytest")),
    ShebangRow("/usr/bin/env test1.0", "#! /usr/bin/env test1.0\n", env("test1.0")),
    // executable
    ShebangRow("/bin/sh", "#!/bin/sh\n", exe("/bin/sh")),
    ShebangRow("/usr/bin/perl -w", "#!/usr/bin/perl -w\n", exe("/usr/bin/perl", ["-w"])),
    ShebangRow("/opt absolute python", "#!/opt/python/bin/python3 -E\n", exe("/opt/python/bin/python3", ["-E"])),
    ShebangRow("/usr/bin nested", "#!/usr/bin/sub/python3\n", exe("/usr/bin/sub/python3")),
    ShebangRow("/bin/env is not virtual", "#!/bin/env python3\n", exe("/bin/env", ["python3"])),
    ShebangRow("/usr/bin/env alone", "#!/usr/bin/env\n", exe("/usr/bin/env")),
    ShebangRow("/usr/bin/env with a path", "#!/usr/bin/env /opt/py\n", exe("/usr/bin/env", ["/opt/py"])),
    ShebangRow("quoted path with spaces", "#!\"/opt/my python/python3\" -E\n", exe("/opt/my python/python3", ["-E"])),
    ShebangRow("relative path", "#!bin/python3\n", exe("bin/python3")),
    ShebangRow("dot-relative path", "#!./venv/bin/python -u\n", exe("./venv/bin/python", ["-u"])),
    ShebangRow("windows relative path", "#!.\\pkgs\\test-1.1\\test-binary-1.1.exe\n", exe(".\\pkgs\\test-1.1\\test-binary-1.1.exe")),
    ShebangRow("windows absolute path quoted", "#!\"C:\\Program Files\\Python\\python.exe\"\n", exe("C:\\Program Files\\Python\\python.exe")),
    ShebangRow("bare non-python", "#!perl\n", exe("perl")),
    ShebangRow("bare test1.0.exe", "#!test1.0.exe\n", exe("test1.0.exe")),
    ShebangRow("escaped space in path", "#!/opt/my\\ py/python3\n", exe("/opt/my py/python3")),
    ShebangRow("unterminated quote runs to end", "#!\"/opt/a b/python -E\n", exe("/opt/a b/python -E")),
    ShebangRow("case matters for /usr/bin", "#!/USR/BIN/python3\n", exe("/USR/BIN/python3")),
    // Not a shebang
    ShebangRow("empty file", "", nil),
    ShebangRow("empty #!", "#!\n", nil),
    ShebangRow("#! with only spaces", "#!   \t \r\n", nil),
    ShebangRow("#! with empty quotes", "#!\"\"\n", nil),
    ShebangRow("plain comment", "# /usr/bin/python3\n", nil),
    ShebangRow("code first", "print('#!/usr/bin/python3')\n", nil),
    ShebangRow("leading space", " #!/usr/bin/python3\n", nil),
    ShebangRow("shebang on line 2", "\n#!/usr/bin/python3\n", nil),
    ShebangRow("binary garbage", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0xFF, 0xFE], nil),
    ShebangRow("NUL in first line", bytes: Array("#!/usr/bin/python3".utf8) + [0x00, 0x41], nil),
    ShebangRow("BOM only", bytes: [0xEF, 0xBB, 0xBF], nil),
    ShebangRow("truncated BOM", bytes: [0xEF, 0xBB], nil),
    // Encodings
    ShebangRow(
        "invalid UTF-8 in path", bytes: Array("#!/opt/".utf8) + [0xFF, 0xFE] + Array("/python\n".utf8),
        exe("/opt/\u{FFFD}\u{FFFD}/python")),
    ShebangRow(
        "latin-1 declared on line 2", bytes: Array("#!/opt/".utf8) + [0xE9] + Array("/python\n# -*- coding: latin-1 -*-\n".utf8),
        exe("/opt/\u{E9}/python")),
    ShebangRow(
        "latin-1 declared on line 1", bytes: Array("#!/opt/".utf8) + [0xE9] + Array("/python # coding=iso-8859-1\n".utf8),
        exe("/opt/\u{E9}/python", ["#", "coding=iso-8859-1"])),
    ShebangRow(
        "utf-8 declared", bytes: Array("#!/opt/\u{E9}/python\n# coding: utf-8\n".utf8), exe("/opt/\u{E9}/python")),
    ShebangRow(
        "BOM beats a latin-1 declaration", bytes: [0xEF, 0xBB, 0xBF] + Array("#!/opt/\u{E9}/p\n# coding: latin-1\n".utf8),
        exe("/opt/\u{E9}/p")),
    ShebangRow(
        "coding on line 3 is ignored", bytes: Array("#!/opt/".utf8) + [0xE9] + Array("/p\n\n# coding: latin-1\n".utf8),
        exe("/opt/\u{FFFD}/p")),
    ShebangRow(
        "line 2 coding ignored after code on line 1",
        bytes: Array("import os\n# coding: latin-1\n".utf8), nil),
]

@Suite("Shebang parsing")
struct ShebangParsingTests {
    @Test("shebang forms", arguments: shebangRows)
    func classify(row: ShebangRow) {
        #expect(ShebangLine(script: row.bytes)?.shebang == row.expected)
    }

    @Test("a very long line parses and keeps every argument")
    func veryLongLine() {
        let arguments = (0..<20_000).map { "-X\($0)" }
        let line = "#!/usr/bin/env python3 " + arguments.joined(separator: " ") + "\n"
        let parsed = ShebangLine(script: Array(line.utf8))
        #expect(parsed?.shebang == .virtual(alias: "python3", arguments: arguments))
    }

    @Test("a very long path without newline")
    func veryLongPath() {
        let path = "/" + String(repeating: "a", count: 100_000)
        #expect(ShebangLine(script: Array(("#!" + path).utf8))?.shebang == .executable(path: path, arguments: []))
    }

    @Test("random bytes never crash", arguments: 0..<64)
    func randomBytes(seed: Int) {
        var state = UInt64(seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var bytes: [UInt8] = [0x23, 0x21]
        for _ in 0..<(seed * 7 % 300) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        _ = ShebangLine(script: bytes)
        _ = try? ScriptMetadata.find(inScript: bytes)
        _ = PythonVersionFile(contents: bytes)
    }

    @Test("text keeps the whole trimmed line for messages")
    func lineText() {
        #expect(ShebangLine(parsing: "#!  /usr/bin/env  node  -e 1 \r\n")?.text == "/usr/bin/env  node  -e 1")
    }

    @Test("Shebang(parsing:) accepts a first line with or without its ending")
    func parsingLine() {
        #expect(Shebang(parsing: "#!/usr/bin/python3") == .virtual(alias: "python3", arguments: []))
        #expect(Shebang(parsing: "#!/usr/bin/python3\r\n") == .virtual(alias: "python3", arguments: []))
        #expect(Shebang(parsing: "print(1)") == nil)
    }

    @Test("relative paths are reported as relative")
    func relative() {
        #expect(Shebang(parsing: "#!bin/python")?.pathIsRelative == true)
        #expect(Shebang(parsing: "#!.\\py.exe")?.pathIsRelative == true)
        #expect(Shebang(parsing: "#!/opt/python")?.pathIsRelative == false)
        #expect(Shebang(parsing: "#!python3")?.pathIsRelative == false)
        #expect(Shebang(parsing: "#!/usr/bin/env node")?.pathIsRelative == false)
    }

    @Test("command and arguments accessors")
    func accessors() {
        let shebang = Shebang(parsing: "#!/usr/bin/env -S node --flag")
        #expect(shebang?.command == "node")
        #expect(shebang?.arguments == ["--flag"])
    }
}

struct AliasLikeRow: CustomTestStringConvertible, Sendable {
    let name: String
    let isPython: Bool
    var testDescription: String { "\(name) → \(isPython)" }
    init(_ name: String, _ isPython: Bool) {
        self.name = name
        self.isPython = isPython
    }
}

@Suite("Python-like alias names")
struct PythonLikeAliasTests {
    static let rows: [AliasLikeRow] = [
        AliasLikeRow("python", true), AliasLikeRow("python3", true), AliasLikeRow("python3.12", true),
        AliasLikeRow("python3.14t", true), AliasLikeRow("python3.12-64", true), AliasLikeRow("python3.11-arm64", true),
        AliasLikeRow("py", true), AliasLikeRow("pyw", true), AliasLikeRow("pythonw", true), AliasLikeRow("pythonw3", true),
        AliasLikeRow("pypy", true), AliasLikeRow("pypy3.11", true), AliasLikeRow("graalpy", true),
        AliasLikeRow("graalpy3.11", true), AliasLikeRow("PYTHON3", true), AliasLikeRow("python3.exe", true),
        AliasLikeRow("py3", true), AliasLikeRow("python2.7", true),
        AliasLikeRow("pytest", false), AliasLikeRow("py.test", false), AliasLikeRow("pydoc3", false),
        AliasLikeRow("python-config", false), AliasLikeRow("perl", false), AliasLikeRow("", false),
        AliasLikeRow("pythonx", false), AliasLikeRow("ipython", false), AliasLikeRow("python3.12/x", false),
        AliasLikeRow("python3 ", false),
    ]

    @Test("classification", arguments: rows)
    func classify(row: AliasLikeRow) {
        #expect(Shebang.isPythonLikeAlias(row.name) == row.isPython)
    }
}

struct SplitRow: CustomTestStringConvertible, Sendable {
    let text: String
    let words: [String]
    var testDescription: String { text }
    init(_ text: String, _ words: [String]) {
        self.text = text
        self.words = words
    }
}

@Suite("Shebang argument splitting")
struct ShebangSplitTests {
    static let rows: [SplitRow] = [
        SplitRow("", []),
        SplitRow("   ", []),
        SplitRow("a b c", ["a", "b", "c"]),
        SplitRow("a\tb  \t c", ["a", "b", "c"]),
        SplitRow("\"a b\" c", ["a b", "c"]),
        SplitRow("'a b' c", ["a b", "c"]),
        SplitRow("a\"b c\"d", ["ab cd"]),
        SplitRow("\"a \\\"q\\\" b\"", ["a \"q\" b"]),
        SplitRow("'a \\\"b'", ["a \\\"b"]),
        SplitRow("\"\"", [""]),
        SplitRow("'' x", ["", "x"]),
        SplitRow("C:\\Python\\python.exe -E", ["C:\\Python\\python.exe", "-E"]),
        SplitRow("a\\ b", ["a b"]),
        SplitRow("\"unterminated", ["unterminated"]),
        SplitRow("\"C:\\dir\\\\\" x", ["C:\\dir\\", "x"]),
    ]

    @Test("rows", arguments: rows)
    func split(row: SplitRow) {
        #expect(Shebang.splitArguments(row.text) == row.words)
    }
}
