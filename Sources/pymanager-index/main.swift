// pymanager-index: writes the schema-1 feeds in Index/ from python-build-standalone
// metadata. See Index/README.md for the format and for how to regenerate.
import Foundation
import PyManagerIndex

let usage = """
    USAGE: pymanager-index --metadata <file> [--pbs-installer <file>] --output <dir> [--triple <triple> ...]

    Reads python-build-standalone download metadata (<file>) and writes one
    schema-1 feed per host triple into <dir> (index-<triple>.json, plus
    index-<triple>-legacy.json for older patch releases). Prints the
    versions each feed gains and loses on stdout.

    OPTIONS:
      --metadata <file>   download-metadata.json (uv's format).
      --pbs-installer <file>
                          pbs-installer's versions.json, merged in (same archive,
                          same digest, or the run stops). .xz/.gz/.zst are read too.
      --output <dir>      Folder for the feeds; created if missing.
      --triple <triple>   Only this triple, e.g. linux-x86_64-gnu, darwin-aarch64.
                          Repeat for more. Default: \(HostTriple.defaults.map(\.description).joined(separator: ", ")).
      -h, --help          Show this help.
    """

/// Exit codes: 0 success, 1 generation failed, 64 bad command line (as ArgumentParser).
func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("pymanager-index: error: \(message)\n".utf8))
    if code == 64 {
        FileHandle.standardError.write(Data("Run 'pymanager-index --help' for usage.\n".utf8))
    }
    exit(code)
}

/// The parsed command line.
struct Options {
    var metadata: String
    var installer: String?
    var output: String
    var triples: [HostTriple]
}

/// Accepts `--opt value` and `--opt=value`. Exits with 0 for `--help`, 64 on bad usage.
func parseOptions(_ argv: ArraySlice<String>) -> Options {
    var metadata: String?
    var installer: String?
    var output: String?
    var triples: [HostTriple] = []
    var arguments = argv

    func value(for option: String, inline: String?) -> String {
        if let inline { return inline }
        guard let next = arguments.popFirst(), !next.hasPrefix("-") else {
            fail("Missing value for '\(option)'.", code: 64)
        }
        return next
    }

    while let argument = arguments.popFirst() {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        let option = parts.first ?? argument
        let inline = parts.count == 2 ? parts[1] : nil
        switch option {
        case "-h", "--help":
            print(usage)
            exit(0)
        case "--metadata":
            metadata = value(for: option, inline: inline)
        case "--pbs-installer":
            installer = value(for: option, inline: inline)
        case "--output":
            output = value(for: option, inline: inline)
        case "--triple":
            do {
                triples.append(try HostTriple(parsing: value(for: option, inline: inline)))
            } catch {
                fail("\(error)", code: 64)
            }
        default:
            fail("Unknown argument '\(argument)'.", code: 64)
        }
    }
    guard let metadata else { fail("Missing '--metadata <file>'.", code: 64) }
    guard let output else { fail("Missing '--output <dir>'.", code: 64) }
    return Options(metadata: metadata, installer: installer, output: output, triples: triples.isEmpty ? HostTriple.defaults : triples)
}

let options = parseOptions(CommandLine.arguments.dropFirst())
do {
    let output = URL(fileURLWithPath: options.output, isDirectory: true)
    let metadata = try IndexGenerator.Input(reading: URL(fileURLWithPath: options.metadata))
    let installer = try options.installer.map { try IndexGenerator.Input(reading: URL(fileURLWithPath: $0)) }
    let rendered = try IndexGenerator.render(
        metadata: metadata.data, file: metadata.file, installer: installer, triples: options.triples)
    var before: [String: Data] = [:]
    for page in rendered.flatMap(\.pages) {
        before[page.name] = try? Data(contentsOf: output.appendingPathComponent(page.name))
    }
    let written = try IndexGenerator.write(rendered, to: output)
    for page in written {
        FileHandle.standardError.write(Data("wrote \(page.name): \(page.entries) entries, \(page.bytes) bytes\n".utf8))
    }
    for change in IndexGenerator.changes(before: before, after: rendered) {
        print(change)
    }
} catch {
    fail("\(error)", code: 1)
}
