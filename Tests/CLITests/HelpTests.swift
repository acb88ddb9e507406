import Foundation
import TestSupport
import Testing

/// `py help` and the help options (seed 4.1.3).
@Suite("py help")
struct HelpTests {
    @Test("py help, -?, -h, --help and /? print the overview", arguments: [["help"], ["-?"], ["-h"], ["--help"], ["/?"]])
    func overview(_ arguments: [String]) throws {
        let fixture = try CLIFixture()
        let result = try fixture.py(arguments)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        for text in ["Commands:", "list", "install", "uninstall", "py -V:<TAG>", "-v, --verbose", "-q, --quiet", "--config=<PATH>"] {
            #expect(result.stdout.contains(text), "\(arguments) lacks \(text)")
        }
        // Help never launches Python.
        #expect(!result.stdout.contains("exe="))
    }

    @Test("help for one command, by name or by option", arguments: [
        (["help", "list"], "py list [-f=|--format=<FMT>]"), (["list", "-h"], "py list [-f=|--format=<FMT>]"),
        (["list", "-?"], "py list [-f=|--format=<FMT>]"), (["list", "/?"], "py list [-f=|--format=<FMT>]"),
        (["list", "--help"], "py list [-f=|--format=<FMT>]"), (["help", "install"], "py install [-s=|--source=<URL>]"),
        (["install", "/?"], "py install [-s=|--source=<URL>]"), (["install", "-?"], "py install [-s=|--source=<URL>]"),
        (["uninstall", "-h"], "py uninstall [-y|--yes]"), (["help", "uninstall"], "py uninstall [-y|--yes]"),
        (["help", "help"], "py help [<command>]"), (["HELP", "LIST"], "py list [-f=|--format=<FMT>]"),
    ])
    func command(_ arguments: [String], usage: String) throws {
        let fixture = try CLIFixture()
        let result = try fixture.py(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(usage), "\(arguments)")
        #expect(result.stdout.contains("Global options"))
        #expect(result.stderr == "")
    }

    @Test("the list help names every format and the legacy forms")
    func listHelpContents() throws {
        let fixture = try CLIFixture()
        let text = try fixture.py(["help", "list"]).stdout
        for word in ["table", "csv", "json", "jsonl", "exe", "prefix", "id", "url", "--one", "--only-managed", "--online", "-0p"] {
            #expect(text.contains(word), "\(word)")
        }
    }

    @Test("help for an unknown command is a usage error")
    func unknownCommand() throws {
        let fixture = try CLIFixture()
        let result = try fixture.py(["help", "frobnicate"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("frobnicate"))
        #expect(result.stderr.contains("py help"))
    }

    @Test("help works even when the configuration is broken")
    func helpWithBadConfig() throws {
        let fixture = try CLIFixture()
        try fixture.writeUserConfig(#"{"confirm": "maybe"}"#)
        #expect(try fixture.py(["help"]).status == 0)
        #expect(try fixture.py(["list", "-?"]).status == 0)
        #expect(try fixture.py(["list"]).status != 0)
    }

    @Test("global options come after the subcommand")
    func globalOptionsAfterCommand() throws {
        let fixture = try CLIFixture([CLIRuntime(version: "3.13.5")])
        for option in ["-v", "--verbose", "-vv", "-q", "--quiet", "-qq", "-y", "--yes"] {
            let result = try fixture.py(["list", option, "-f", "id"])
            #expect(result.status == 0, "\(option): \(result.stderr)")
            #expect(result.stdout == "pythoncore-3.13-64\n", "\(option)")
        }
        // Before the subcommand they are Python's options: -v is passed to the runtime.
        let launch = try fixture.py(["-v", "-c", "pass"])
        #expect(launch.stdout.contains("arg=-v\n"))
    }
}
