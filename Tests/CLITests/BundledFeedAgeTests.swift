import Foundation
import TestSupport
import Testing

/// How old the bundled feed is (issue 14): `py help`, `py list --online -v`,
/// and the one-line hint `py install` gives when it is older than 90 days.
/// Each test copies `py` and `py-manage` into a temp `bin/` with its own
/// feed beside them, which is where an installed `py` finds its bundled feed.
@Suite("Bundled feed age")
struct BundledFeedAgeTests {
    /// A temp install of py with a one-entry bundled feed built on `buildDate` (YYYYMMDD).
    struct Install {
        let fixture: CLIFixture
        let bin: String
        let feed: String

        init(buildDate: String) throws {
            fixture = try CLIFixture([])
            // The bundled feed is used only when no install.source is configured.
            fixture.root.environment["PYTHON_MANAGER_SOURCE_URL"] = nil
            bin = fixture.root.path + "/opt/bin"
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            for name in ["py", "py-manage"] {
                try FileManager.default.copyItem(atPath: BuiltProducts.path(of: name), toPath: bin + "/" + name)
            }
            let url = "https://github.com/astral-sh/python-build-standalone/releases/download/\(buildDate)/"
                + "cpython-3.14.9%2B\(buildDate)-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz"
            let text = """
                {"versions": [{"schema": 1, "id": "pythoncore-3.14-64", "sort-version": "3.14.9", "company": "PythonCore", \
                "tag": "3.14-64", "install-for": ["3.14.9-64", "3.14-64", "3-64"], \
                "run-for": [{"tag": "3.14-64", "target": "bin/python3.14"}, {"tag": "3.14", "target": "bin/python3.14"}], \
                "alias": [], "display-name": "Python 3.14.9", "executable": "bin/python3.14", "url": "\(url)", \
                "hash": {"sha256": "\(String(repeating: "ab", count: 32))"}}]}
                """
            // Whichever host this runs on, its feed name is among these.
            var first = ""
            for triple in ["linux-x86_64-gnu", "linux-aarch64-gnu", "linux-x86_64-musl", "linux-aarch64-musl", "linux-i686-gnu"] {
                let path = bin + "/index-\(triple).json"
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                if first.isEmpty { first = path }
            }
            feed = first
        }

        func py(_ args: [String], env: [String: String] = [:]) throws -> ProcessResult {
            try fixture.root.run(bin + "/py", args, env: ["PYTHON_MANAGER_DEFAULT_PLATFORM": "-64"].merging(env) { $1 }, timeout: 60)
        }
    }

    static func yyyymmdd(daysAgo: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd"
        return formatter.string(from: Date().addingTimeInterval(-Double(daysAgo) * 86_400))
    }

    /// `2026-08-08` for the day `yyyymmdd(daysAgo:)` names.
    static func dashed(daysAgo: Int) -> String {
        let text = yyyymmdd(daysAgo: daysAgo)
        return "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))"
    }

    @Test("py help names the bundled feed, its newest build and its age")
    func help() throws {
        let install = try Install(buildDate: "20200101")
        let result = try install.py(["help"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").last.map(String.init))
        #expect(line.hasPrefix("Bundled index: \(install.bin)/index-linux-"), "\(line)")
        #expect(line.contains("(newest build 2020-01-01, "), "\(line)")
        #expect(line.hasSuffix(" days old)"), "\(line)")
    }

    @Test("py install with a bundled feed older than 90 days prints one hint naming the refresh command and install.source")
    func staleHint() throws {
        let install = try Install(buildDate: Self.yyyymmdd(daysAgo: 120))
        let result = try install.py(["install", "--dry-run", "3.14"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Would install Python 3.14.9"))
        let hints = result.stderr.split(separator: "\n").filter { $0.hasPrefix("Hint: The bundled index is") }
        #expect(hints.count == 1, "\(result.stderr)")
        let hint = String(hints.first ?? "")
        #expect(hint.contains("scripts/refresh-index.sh") && hint.contains("\"install.source\""), "\(hint)")
        #expect(hint.contains("120 days old") || hint.contains("119 days old") || hint.contains("121 days old"), "\(hint)")
        // -q silences it; the feed's age is also said in verbose output.
        #expect(!(try install.py(["install", "-q", "--dry-run", "3.14"]).stderr.contains("Hint:")))
        let verbose = try install.py(["list", "--online", "-v"])
        #expect(verbose.status == 0, "\(verbose.stderr)")
        #expect(verbose.stderr.contains("Index \(install.bin)/index-linux-"), "\(verbose.stderr)")
        #expect(verbose.stderr.contains(": newest build \(Self.dashed(daysAgo: 120))"), "\(verbose.stderr)")
        #expect(!(try install.py(["list", "--online"]).stderr.contains("newest build")))
    }

    @Test("no hint when the bundled feed is fresh, or when the index is not the bundled one")
    func noHint() throws {
        let fresh = try Install(buildDate: Self.yyyymmdd(daysAgo: 30))
        let result = try fresh.py(["install", "--dry-run", "3.14"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("Hint:"), "\(result.stderr)")

        let stale = try Install(buildDate: "20200101")
        for env in [["PYTHON_MANAGER_SOURCE_URL": stale.feed], [:]] {
            let args = env.isEmpty ? ["install", "--dry-run", "--source", stale.feed, "3.14"] : ["install", "--dry-run", "3.14"]
            let other = try stale.py(args, env: env)
            #expect(other.status == 0, "\(other.stderr)")
            #expect(!other.stderr.contains("Hint:"), "\(args) \(env): \(other.stderr)")
        }
    }
}
