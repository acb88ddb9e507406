import Testing

@testable import PyManagerCore

struct MetadataRow: CustomTestStringConvertible, Sendable {
    enum Expect: Equatable, Sendable {
        /// No block at all.
        case none
        /// A block; its `requires-python` and that value's line.
        case requires(String?, line: Int?)
        case error(ScriptMetadataError)
    }
    let name: String
    let script: String
    let expected: Expect
    var testDescription: String { name }
    init(_ name: String, _ script: String, _ expected: Expect) {
        self.name = name
        self.script = script
        self.expected = expected
    }
}

private let pep723Example = """
    # /// script
    # requires-python = ">=3.11"
    # dependencies = [
    #   "requests<3",
    #   "rich",
    # ]
    # ///

    import requests
    from rich.pretty import pprint

    resp = requests.get("https://peps.python.org/api/peps.json")
    """

@Suite("PEP 723 script metadata")
struct ScriptMetadataTests {
    static let rows: [MetadataRow] = [
        // Valid blocks
        MetadataRow("the PEP's example", pep723Example, .requires(">=3.11", line: 2)),
        MetadataRow("after a shebang and docstring",
                    "#!/usr/bin/env python3\n\"\"\"Doc.\"\"\"\n# /// script\n# requires-python = \">=3.12\"\n# ///\n",
                    .requires(">=3.12", line: 4)),
        MetadataRow("literal string", "# /// script\n# requires-python = '>=3.10,<3.13'\n# ///\n", .requires(">=3.10,<3.13", line: 2)),
        MetadataRow("quoted key", "# /// script\n# \"requires-python\" = \"==3.12.*\"\n# ///\n", .requires("==3.12.*", line: 2)),
        MetadataRow("escapes in basic string", "# /// script\n# requires-python = \"\\u003e=3.11\"\n# ///\n", .requires(">=3.11", line: 2)),
        MetadataRow("comment after value", "# /// script\n# requires-python = \">=3.11\"  # the floor\n# ///\n", .requires(">=3.11", line: 2)),
        MetadataRow("bare # lines and blank TOML lines", "# /// script\n#\n# requires-python = \">=3.9\"\n#\n# ///\n", .requires(">=3.9", line: 3)),
        MetadataRow("no space around =", "# /// script\n# requires-python=\">=3.9\"\n# ///\n", .requires(">=3.9", line: 2)),
        MetadataRow("CRLF", "# /// script\r\n# requires-python = \">=3.11\"\r\n# ///\r\n", .requires(">=3.11", line: 2)),
        MetadataRow("no final newline", "# /// script\n# requires-python = \">=3.11\"\n# ///", .requires(">=3.11", line: 2)),
        MetadataRow("requires-python missing", "# /// script\n# dependencies = [\"rich\"]\n# ///\n", .requires(nil, line: nil)),
        MetadataRow("requires-python only inside a table", "# /// script\n# [tool.x]\n# requires-python = \">=3.11\"\n# ///\n", .requires(nil, line: nil)),
        MetadataRow("key after a table is not top-level",
                    "# /// script\n# dependencies = []\n# [tool.uv]\n# requires-python = \"x\"\n# ///\n", .requires(nil, line: nil)),
        MetadataRow("dotted key is not requires-python", "# /// script\n# tool.requires-python = \">=3\"\n# ///\n", .requires(nil, line: nil)),
        MetadataRow("multi-line array with tricky strings",
                    "# /// script\n# dependencies = [\n#   \"a[b]=1\",  # c\n#   '''x\n# ]''',\n# ]\n# requires-python = \">=3.8\"\n# ///\n",
                    .requires(">=3.8", line: 7)),
        MetadataRow("inline table and scalars",
                    "# /// script\n# a = { b = 1, c = [true, 1.5e3, -2] }\n# d = 1979-05-27 07:32:00Z\n# requires-python = \">=3.13\"\n# ///\n",
                    .requires(">=3.13", line: 4)),
        MetadataRow("multi-line basic string", "# /// script\n# x = \"\"\"\n# a \\\n#   b\"\"\"\n# requires-python = \"<4\"\n# ///\n",
                    .requires("<4", line: 5)),
        // The PEP's regex is greedy, so the first `# ///` becomes content, which is not TOML.
        MetadataRow("greedy: last closing line wins", "# /// script\n# requires-python = \">=3.11\"\n# ///\n# x = 1\n# ///\n",
                    .error(.invalidTOML(line: 3, problem: .invalidKey))),
        MetadataRow("greedy: a blank line stops it", "# /// script\n# requires-python = \">=3.11\"\n# ///\n\n# ///\n",
                    .requires(">=3.11", line: 2)),
        MetadataRow("other block types are ignored", "# /// pyproject\n# x = 1\n# ///\n\n# /// script\n# requires-python = \">=3\"\n# ///\n",
                    .requires(">=3", line: 6)),
        // Greedy again: with no gap, the pyproject block runs to the last `# ///`.
        MetadataRow("an adjacent earlier block swallows the script block",
                    "# /// pyproject\n# x = 1\n# ///\n# /// script\n# requires-python = \">=3\"\n# ///\n", .none),
        MetadataRow("a script opener inside another block is content",
                    "# /// other\n# /// script\n# ///\n", .none),
        MetadataRow("empty requires-python", "# /// script\n# requires-python = \"\"\n# ///\n", .requires("", line: 2)),
        // No block
        MetadataRow("no comments", "print(1)\n", .none),
        MetadataRow("empty file", "", .none),
        MetadataRow("indented block", "  # /// script\n  # requires-python = \">=3\"\n  # ///\n", .none),
        MetadataRow("opener with trailing space", "# /// script \n# requires-python = \">=3\"\n# ///\n", .none),
        MetadataRow("only an opener and closer is not a block", "# /// script\n# ///\n", .error(.unclosedBlock(line: 1))),
        MetadataRow("other unclosed type is no error", "# /// pyproject\n# x = 1\n", .none),
        // Errors
        MetadataRow("two blocks",
                    "# /// script\n# requires-python = \">=3\"\n# ///\n\n# /// script\n# requires-python = \">=3.1\"\n# ///\n",
                    .error(.multipleBlocks(firstLine: 1, secondLine: 5))),
        MetadataRow("unterminated", "# /// script\n# requires-python = \">=3\"\nimport os\n", .error(.unclosedBlock(line: 1))),
        MetadataRow("line without # ends the run", "# /// script\n# requires-python = \">=3\"\n\n# ///\n", .error(.unclosedBlock(line: 1))),
        MetadataRow("#x line ends the run", "# /// script\n#requires-python = \">=3\"\n# ///\n", .error(.unclosedBlock(line: 1))),
        MetadataRow("unclosed then a complete block", "# /// script\nx\n# /// script\n# a = 1\n# ///\n", .requires(nil, line: nil)),
        MetadataRow("unquoted value", "# /// script\n# requires-python = >=3.11\n# ///\n",
                    .error(.invalidTOML(line: 2, problem: .invalidValue(">=3.11")))),
        MetadataRow("unterminated string", "# /// script\n# x = 1\n# requires-python = \">=3.11\n# ///\n",
                    .error(.invalidTOML(line: 3, problem: .unterminatedString))),
        MetadataRow("bad escape", "# /// script\n# requires-python = \"\\q\"\n# ///\n", .error(.invalidTOML(line: 2, problem: .invalidEscape))),
        MetadataRow("missing =", "# /// script\n# requires-python \">=3\"\n# ///\n", .error(.invalidTOML(line: 2, problem: .expectedEquals))),
        MetadataRow("missing value", "# /// script\n# requires-python =\n# ///\n", .error(.invalidTOML(line: 2, problem: .expectedValue))),
        MetadataRow("prose is not TOML", "# /// script\n# this is not toml\n# ///\n", .error(.invalidTOML(line: 2, problem: .expectedEquals))),
        MetadataRow("two values on a line", "# /// script\n# a = 1 2\n# ///\n", .error(.invalidTOML(line: 2, problem: .unexpectedCharacters))),
        MetadataRow("unterminated array", "# /// script\n# a = [1,\n# 2\n# ///\n", .error(.invalidTOML(line: 2, problem: .unterminatedArray))),
        MetadataRow("unterminated table header", "# /// script\n# [tool\n# ///\n", .error(.invalidTOML(line: 2, problem: .unterminatedTableHeader))),
        MetadataRow("duplicate key", "# /// script\n# requires-python = \">=3\"\n# requires-python = \">=3.1\"\n# ///\n",
                    .error(.invalidTOML(line: 3, problem: .duplicateKey("requires-python")))),
        MetadataRow("not a string", "# /// script\n# requires-python = 3.11\n# ///\n", .error(.requiresPythonNotAString(line: 2))),
        MetadataRow("array is not a string", "# /// script\n# requires-python = [\">=3\"]\n# ///\n", .error(.requiresPythonNotAString(line: 2))),
    ]

    @Test("blocks", arguments: rows)
    func find(row: MetadataRow) {
        let actual: MetadataRow.Expect
        do {
            if let metadata = try ScriptMetadata.find(in: row.script) {
                actual = .requires(metadata.requiresPython, line: metadata.requiresPythonLine)
            } else {
                actual = .none
            }
        } catch {
            actual = .error(error)
        }
        #expect(actual == row.expected)
    }

    @Test("block position and TOML content")
    func content() throws {
        let metadata = try #require(try ScriptMetadata.find(in: pep723Example))
        #expect(metadata.startLine == 1)
        #expect(metadata.endLine == 7)
        #expect(metadata.toml == "requires-python = \">=3.11\"\ndependencies = [\n  \"requests<3\",\n  \"rich\",\n]\n")
    }

    @Test("bytes: BOM, latin-1 and invalid UTF-8 are fine")
    func bytes() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("# /// script\n# requires-python = \">=3.11\"\n# ///\n".utf8)
        #expect(try ScriptMetadata.find(inScript: bom)?.requiresPython == ">=3.11")
        let latin: [UInt8] = Array("# coding: latin-1\n# /// script\n# author = \"".utf8) + [0xE9]
            + Array("\"\n# requires-python = \">=3.9\"\n# ///\n".utf8)
        #expect(try ScriptMetadata.find(inScript: latin)?.requiresPython == ">=3.9")
        let invalid: [UInt8] = Array("# /// script\n# x = \"".utf8) + [0xFF] + Array("\"\n# requires-python = \">=3\"\n# ///\n".utf8)
        #expect(try ScriptMetadata.find(inScript: invalid)?.requiresPython == ">=3")
    }

    @Test("requires-python parses as specifiers, with the line on error")
    func specifiers() throws {
        let good = try #require(try ScriptMetadata.find(in: "# /// script\n# requires-python = \">=3.10,<3.13\"\n# ///\n"))
        let set = try #require(try good.requiresPythonSpecifiers())
        #expect(set.contains("3.12.4"))
        #expect(!set.contains("3.13.1"))
        let missing = try #require(try ScriptMetadata.find(in: "# /// script\n# x = 1\n# ///\n"))
        #expect(try missing.requiresPythonSpecifiers() == nil)
        let bad = try #require(try ScriptMetadata.find(in: "# /// script\n#\n# requires-python = \"3.11\"\n# ///\n"))
        #expect(throws: ScriptMetadataError.invalidRequiresPython(line: 3, .invalidSpecifier("3.11", problem: .missingOperator))) {
            try bad.requiresPythonSpecifiers()
        }
    }

    @Test("messages quote the line")
    func messages() {
        #expect(ScriptMetadataError.multipleBlocks(firstLine: 1, secondLine: 9).description.contains("lines 1 and 9"))
        #expect(ScriptMetadataError.invalidTOML(line: 4, problem: .invalidValue(">=3")).description
                == "Invalid TOML in the script metadata on line 4: '>=3' is not a value (strings need quotes).")
    }

    @Test("a huge script without metadata is fine")
    func huge() throws {
        let text = String(repeating: "# comment line\nprint(1)\n", count: 50_000)
        #expect(try ScriptMetadata.find(in: text) == nil)
    }
}
