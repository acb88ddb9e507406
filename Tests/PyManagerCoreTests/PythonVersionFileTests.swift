import Testing

@testable import PyManagerCore

struct PythonVersionValueRow: CustomTestStringConvertible, Sendable {
    let value: String
    let expected: PythonVersionFileValue
    var testDescription: String { value }
    init(_ value: String, _ expected: PythonVersionFileValue) {
        self.value = value
        self.expected = expected
    }
}

private func tag(_ text: String) -> PythonVersionFileValue { .request(.tag(text)) }

/// A specifier request; a typo in the row makes it `.skipped(.blank)`, which fails the row.
private func specs(_ text: String) -> PythonVersionFileValue {
    guard let set = try? PEP440SpecifierSet(parsing: text) else { return .skipped(.blank) }
    return .request(.specifiers(set))
}

@Suite(".python-version files")
struct PythonVersionFileTests {
    static let values: [PythonVersionValueRow] = [
        // pyenv / plain versions
        PythonVersionValueRow("3", tag("3")),
        PythonVersionValueRow("3.12", tag("3.12")),
        PythonVersionValueRow("3.12.4", tag("3.12.4")),
        PythonVersionValueRow("3.13t", tag("3.13t")),
        PythonVersionValueRow("3.12-64", tag("3.12-64")),
        PythonVersionValueRow("3.14.0a2", tag("3.14.0a2")),
        PythonVersionValueRow("3.13-dev", tag("3.13-dev")),
        PythonVersionValueRow("3.13+freethreaded", tag("3.13t")),
        PythonVersionValueRow("system", .skipped(.system)),
        PythonVersionValueRow("System", .skipped(.system)),
        // uv
        PythonVersionValueRow("cpython-3.12", tag("3.12")),
        PythonVersionValueRow("cpython@3.12", tag("3.12")),
        PythonVersionValueRow("cpython3.12", tag("3.12")),
        PythonVersionValueRow("CPython-3.12.4", tag("3.12.4")),
        PythonVersionValueRow("cpython-3.12.4-linux-x86_64-gnu", tag("3.12.4")),
        PythonVersionValueRow("cpython-3.13.1+freethreaded-linux-x86_64-gnu", tag("3.13.1t")),
        PythonVersionValueRow("cpython-3.13t", tag("3.13t")),
        PythonVersionValueRow("cpython", tag("PythonCore/")),
        PythonVersionValueRow("python3.12", tag("3.12")),
        PythonVersionValueRow("pypy@3.10", tag("PyPy/3.10")),
        PythonVersionValueRow("pypy-3.10", tag("PyPy/3.10")),
        PythonVersionValueRow("pypy3.10", tag("PyPy/3.10")),
        PythonVersionValueRow("pypy", tag("PyPy/")),
        PythonVersionValueRow("graalpy", tag("GraalPy/")),
        PythonVersionValueRow("graalpy@3.11", tag("GraalPy/3.11")),
        PythonVersionValueRow(">=3.11", specs(">=3.11")),
        PythonVersionValueRow("~=3.12", specs("~=3.12")),
        PythonVersionValueRow(">=3.11,<3.13", specs(">=3.11,<3.13")),
        PythonVersionValueRow(">=banana", .skipped(.unsupported)),
        // pyenv PyPy: the PyPy version after the dash is dropped
        PythonVersionValueRow("pypy3.10-7.3.17", tag("PyPy/3.10")),
        PythonVersionValueRow("pypy2.7-7.3.17", tag("PyPy/2.7")),
        // Unsupported
        PythonVersionValueRow("anaconda3-2024.02", .skipped(.unsupported)),
        PythonVersionValueRow("miniforge3", .skipped(.unsupported)),
        PythonVersionValueRow("myenv", .skipped(.unsupported)),
        PythonVersionValueRow("/usr/bin/python3", .skipped(.unsupported)),
        PythonVersionValueRow("pypy-c-jit-latest", .skipped(.unsupported)),
        PythonVersionValueRow("jython-2.7.2", .skipped(.unsupported)),
        PythonVersionValueRow("pythonw3.12", .skipped(.unsupported)),
        PythonVersionValueRow("cpython-3.x", .skipped(.unsupported)),
        PythonVersionValueRow("3.12+debug", .skipped(.unsupported)),
        PythonVersionValueRow("3..12", .skipped(.unsupported)),
        PythonVersionValueRow("3.12.", .skipped(.unsupported)),
        PythonVersionValueRow("", .skipped(.blank)),
    ]

    @Test("values", arguments: values)
    func interpret(row: PythonVersionValueRow) {
        #expect(PythonVersionFile.interpret(row.value) == row.expected)
    }

    struct FileRow: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let selected: (line: Int, value: String)?
        var testDescription: String { name }
        init(_ name: String, _ text: String, _ selected: (Int, String)?) {
            self.name = name
            self.bytes = Array(text.utf8)
            self.selected = selected.map { (line: $0.0, value: $0.1) }
        }
        init(_ name: String, bytes: [UInt8], _ selected: (Int, String)?) {
            self.name = name
            self.bytes = bytes
            self.selected = selected.map { (line: $0.0, value: $0.1) }
        }
    }

    static let files: [FileRow] = [
        FileRow("one line", "3.12\n", (1, "3.12")),
        FileRow("no newline", "3.12", (1, "3.12")),
        FileRow("surrounding spaces", "   3.12.4  \n", (1, "3.12.4")),
        FileRow("CRLF", "3.11\r\n", (1, "3.11")),
        FileRow("BOM", bytes: [0xEF, 0xBB, 0xBF] + Array("3.13t\n".utf8), (1, "3.13t")),
        FileRow("comments and blanks first", "# pinned by the team\n\n   \n3.12\n", (4, "3.12")),
        FileRow("inline comment", "3.12 # latest we test\n", (1, "3.12")),
        FileRow("first of several lines wins", "3.12\n3.11\n", (1, "3.12")),
        FileRow("system is skipped", "system\n3.11.9\n", (2, "3.11.9")),
        FileRow("unsupported is skipped", "myenv\npypy3.10-7.3.17\n", (2, "pypy3.10-7.3.17")),
        FileRow("pyenv several on one line", "system 3.12.4 3.11\n", (1, "3.12.4")),
        FileRow("empty file", "", nil),
        FileRow("only comments", "# 3.12\n#\n", nil),
        FileRow("only unusable", "system\nanaconda3\n", nil),
        FileRow("binary garbage", bytes: [0x00, 0xFF, 0xFE, 0x0A, 0x01], nil),
        FileRow("invalid UTF-8 then a version", bytes: [0xFF, 0x0A] + Array("3.10\n".utf8), (2, "3.10")),
    ]

    @Test("files", arguments: files)
    func parse(row: FileRow) {
        let selected = PythonVersionFile(contents: row.bytes).selected
        #expect(selected?.line == row.selected?.line)
        #expect(selected?.value == row.selected?.value)
    }

    @Test("entries keep skipped lines for -v output")
    func entries() {
        let file = PythonVersionFile(text: "# c\nsystem\n3.12\n")
        #expect(file.entries.map(\.interpretation) == [.skipped(.comment), .skipped(.system), tag("3.12")])
        #expect(file.entries.map(\.line) == [1, 2, 3])
    }

    static let searches: [(cwd: String, paths: [String])] = [
        ("/home/u/p", ["/home/u/p/.python-version", "/home/u/.python-version", "/home/.python-version", "/.python-version"]),
        ("/home/u/p/", ["/home/u/p/.python-version", "/home/u/.python-version", "/home/.python-version", "/.python-version"]),
        ("/", ["/.python-version"]),
        ("//home//./u/../v", ["/home/v/.python-version", "/home/.python-version", "/.python-version"]),
        ("/../a", ["/a/.python-version", "/.python-version"]),
        ("proj/src", ["proj/src/.python-version", "proj/.python-version", ".python-version"]),
        ("", [".python-version"]),
        ("../x", ["../x/.python-version", "../.python-version", ".python-version"]),
    ]

    @Test("candidate paths", arguments: searches)
    func candidates(cwd: String, paths: [String]) {
        #expect(PythonVersionFile.candidatePaths(from: cwd) == paths)
    }

    @Test("nearest file wins")
    func nearest() {
        let existing: Set<String> = ["/home/u/.python-version", "/.python-version"]
        var asked: [String] = []
        let found = PythonVersionFile.nearest(from: "/home/u/p/q") { path in
            asked.append(path)
            return existing.contains(path)
        }
        #expect(found == "/home/u/.python-version")
        #expect(asked == ["/home/u/p/q/.python-version", "/home/u/p/.python-version", "/home/u/.python-version"])
        #expect(PythonVersionFile.nearest(from: "/a/b") { _ in false } == nil)
    }
}
