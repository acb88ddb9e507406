import Foundation
import Glibc
import Testing
import TestSupport

/// The real signify (Debian's `signify-openbsd`, OpenBSD's `signify`), run in a test's `TempRoot`.
struct Signify {
    let root: TempRoot

    /// Debian names the binary `signify-openbsd`; the test fails (not skips) without it: `.ci/run` installs it.
    static var tool: String {
        get throws {
            if isToolAvailable("signify-openbsd") { return "signify-openbsd" }
            if isToolAvailable("signify") { return "signify" }
            throw TestSupportError("signify is not installed: apt-get install signify-openbsd (see .ci/run)")
        }
    }

    /// `signify -G -n`: a key pair without a passphrase at `<root>/keys/<name>.pub` and `.sec`.
    @discardableResult
    func generate(_ name: String) throws -> (pub: String, sec: String) {
        let pub = root.path + "/keys/\(name).pub"
        let sec = root.path + "/keys/\(name).sec"
        try FileManager.default.createDirectory(atPath: root.path + "/keys", withIntermediateDirectories: true)
        try check(try root.run(try Signify.tool, ["-G", "-n", "-c", "\(name) key", "-p", pub, "-s", sec]))
        return (pub, sec)
    }

    /// `signify -S -s <sec> -m <file>`: writes `<file>.sig`.
    func sign(_ file: String, with key: (pub: String, sec: String)) throws {
        try check(try root.run(try Signify.tool, ["-S", "-s", key.sec, "-m", file]))
        // And signify itself agrees the signature is good.
        try check(try root.run(try Signify.tool, ["-V", "-q", "-p", key.pub, "-m", file]))
    }

    /// The base64 line of a `.pub` file.
    func line(of pub: String) throws -> String {
        let lines = try String(contentsOfFile: pub, encoding: .utf8).split(separator: "\n")
        return String(try #require(lines.dropFirst().first))
    }

    private func check(_ result: ProcessResult) throws {
        guard result.status == 0 else { throw TestSupportError("signify failed: \(result.stderr)") }
    }
}

/// `install.trusted_keys` end to end: feeds served by the loopback server (and read as plain
/// paths and `file://` URLs), signed with the real signify, read by the built `py`.
@Suite struct SignedFeedTests {
    let world: InstallWorld
    let signify: Signify
    let release = InstallRelease("3.13.5")

    init() throws {
        world = try InstallWorld(label: "signed")
        signify = Signify(root: world.root)
    }

    /// Trusts `entries` through the user config.
    func trust(_ entries: [String]) throws {
        try world.root.write(InstallFixtures.jsonText(["install": ["trusted_keys": entries]]), to: "home/.config/pymanager/pymanager.json")
    }

    /// The feed as a path on disk (the server serves that folder).
    var feedPath: String { world.server.root + "/index.json" }

    /// Checks a refusal: exit 1, one line on stderr containing every part, nothing installed.
    func expectRefused(_ result: ProcessResult, _ parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(CLIErrorLines(result.stderr).count == 1, "one line: \(result.stderr)", sourceLocation: sourceLocation)
        for part in parts { #expect(result.stderr.contains(part), "\(result.stderr)", sourceLocation: sourceLocation) }
        #expect(result.stdout == "", sourceLocation: sourceLocation)
        #expect(world.installFolders.isEmpty, sourceLocation: sourceLocation)
    }

    /// The ids `py list --online --source <source>` prints, failing the test on an error.
    func listed(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let result = try world.py(["list", "--online", "--source", source, "-f", "json"])
        world.expectSuccess(result, sourceLocation: sourceLocation)
        return try InstallFixtures.ids(inListJSON: result.stdout)
    }

    @Test("a good signature: install and list from http, a plain path and file://")
    func goodSignature() throws {
        let key = try signify.generate("admin")
        let feed = try world.publish([release])
        try signify.sign(feedPath, with: key)
        try trust([key.pub])

        for source in [feed, feedPath, "file://" + feedPath] {
            #expect(try listed(source) == [release.id], "\(source)")
        }
        world.expectSuccess(try world.py(["install", "--source", feed, "3.13"]))
        #expect(world.installFolders == [release.id])
        #expect(world.server.requests().contains { $0.path == "/index.json.sig" })
    }

    @Test("a feed changed after signing is refused, wherever it is read from")
    func changedAfterSigning() throws {
        let key = try signify.generate("admin")
        let feed = try world.publish([release])
        try signify.sign(feedPath, with: key)
        try trust([key.pub])
        // One changed byte: the hash of another archive, as a tampering mirror would serve.
        let text = try String(contentsOfFile: feedPath, encoding: .utf8)
        try text.replacingOccurrences(of: "\"Python 3.13.5\"", with: "\"Python 3.13.6\"").write(toFile: feedPath, atomically: true, encoding: .utf8)

        expectRefused(try world.py(["install", "--source", feed, "3.13"]), ["does not match the index \(feed)", "changed after it was signed"])
        for source in [feedPath, "file://" + feedPath] {
            expectRefused(try world.py(["list", "--online", "--source", source]), ["does not match the index \(source)"])
        }
        #expect(world.archiveRequests(release).isEmpty, "nothing is downloaded from a refused feed")
    }

    @Test("a missing .sig is refused; without trusted keys the same feed works")
    func missingSignature() throws {
        let key = try signify.generate("admin")
        let feed = try world.publish([release])
        #expect(try listed(feed) == [release.id])
        #expect(try listed(feedPath) == [release.id])

        try trust([key.pub])
        expectRefused(try world.py(["install", "--source", feed, "3.13"]), ["The index \(feed) is not signed", "\(feed).sig: HTTP 404"])
        expectRefused(try world.py(["list", "--online", "--source", feedPath]), ["\(feedPath).sig: No such file or directory"])
    }

    @Test("a signature by a key that is not trusted is refused, naming the key number")
    func otherKey() throws {
        let admin = try signify.generate("admin")
        let other = try signify.generate("other")
        let feed = try world.publish([release])
        try signify.sign(feedPath, with: other)
        try trust([admin.pub])
        let otherNumber = try keyNumber(other.pub)
        expectRefused(
            try world.py(["install", "--source", feed, "3.13"]),
            ["signed by key \(otherNumber), which is not in \"install.trusted_keys\"", try keyNumber(admin.pub)])
        // Trusting both keys accepts it.
        try trust([admin.pub, other.pub])
        #expect(try listed(feed) == [release.id])
    }

    @Test("a signed first page with an unsigned next page: nothing from the feed is listed or installed")
    func unsignedNextPage() throws {
        let key = try signify.generate("admin")
        try world.publish([InstallRelease("3.12.9")], feed: "page2.json")
        try world.publish([release])
        let first = try String(contentsOfFile: feedPath, encoding: .utf8)
        try first.replacingOccurrences(of: "{\"versions\"", with: "{\"next\": \"page2.json\", \"versions\"").write(toFile: feedPath, atomically: true, encoding: .utf8)
        try signify.sign(feedPath, with: key)
        try trust([key.pub])

        let feed = world.feedURL()
        let page2 = world.feedURL("page2.json")
        expectRefused(try world.py(["list", "--online", "--source", feed]), ["The index \(page2) is not signed"])
        expectRefused(try world.py(["install", "--source", feed, "3.13"]), ["The index \(page2) is not signed"])
        expectRefused(try world.py(["list", "--online", "--source", feedPath]), ["\(world.server.root)/page2.json.sig"])

        try signify.sign(world.server.root + "/page2.json", with: key)
        #expect(Set(try listed(feed)) == [release.id, "pythoncore-3.12-64"])
    }

    @Test("a trusted key given as a .pub path (relative to the config file) or as its base64 line")
    func keyAsFileOrLine() throws {
        let key = try signify.generate("admin")
        let feed = try world.publish([release])
        try signify.sign(feedPath, with: key)

        try trust([try signify.line(of: key.pub)])
        #expect(try listed(feed) == [release.id])
        // Relative to ~/.config/pymanager/, where the user config is.
        try FileManager.default.copyItem(atPath: key.pub, toPath: world.root.xdgConfigHome + "/pymanager/admin.pub")
        try trust(["admin.pub"])
        #expect(try listed(feed) == [release.id])
        // Another key's line alone is not enough.
        let other = try signify.generate("other")
        try trust([try signify.line(of: other.pub)])
        expectRefused(try world.py(["list", "--online", "--source", feed]), ["not in \"install.trusted_keys\""])
    }

    @Test("keys in the policy file cannot be dropped by the user config or --config")
    func policyKeys() throws {
        let key = try signify.generate("admin")
        let feed = try world.publish([release])
        try world.root.write(InstallFixtures.jsonText(["install": ["trusted_keys": [key.pub]]]), to: "admin/policy.json")
        let py = try copyOfPyAndManager(builtIn: #"{"policy_file": "../../admin/policy.json"}"#)
        try trust([])
        let emptyConfig = try world.root.write(#"{"install": {"trusted_keys": null}}"#, to: "work/c.json")

        for extra in [[], ["--config", emptyConfig]] {
            let list = try world.root.run(py, ["list", "--online", "--source", feed] + extra)
            expectRefused(list, ["The index \(feed) is not signed"])
            let local = try world.root.run(py, ["list", "--online", "--source", feedPath] + extra)
            expectRefused(local, ["The index \(feedPath) is not signed"])
        }
        try signify.sign(feedPath, with: key)
        let signed = try world.root.run(py, ["install", "--source", feed, "3.13"])
        world.expectSuccess(signed)
    }

    @Test("the feeds bundled with py need no signature")
    func bundledFeedIsExempt() throws {
        let key = try signify.generate("admin")
        let feed = try world.publish([release])
        let py = try copyOfPyAndManager(builtIn: "{}")
        // The bundled feed beside the binary, and its legacy page (unsigned, like Index/).
        let dir = (py as NSString).deletingLastPathComponent
        let bundled = dir + "/index-\(Self.feedTriple).json"
        let text = try String(contentsOfFile: feedPath, encoding: .utf8)
        try text.replacingOccurrences(of: "{\"versions\"", with: "{\"next\": \"index-\(Self.feedTriple)-legacy.json\", \"versions\"")
            .write(toFile: bundled, atomically: true, encoding: .utf8)
        try #"{"versions": []}"#.write(toFile: dir + "/index-\(Self.feedTriple)-legacy.json", atomically: true, encoding: .utf8)
        try trust([key.pub])

        let list = try world.root.run(py, ["list", "--online", "-f", "json"])
        world.expectSuccess(list)
        #expect(try InstallFixtures.ids(inListJSON: list.stdout) == [release.id])
        // The same feed from the mirror must be signed.
        expectRefused(try world.root.run(py, ["list", "--online", "--source", feed]), ["is not signed"])
    }

    @Test("install.fallback_source must be signed too")
    func fallbackSource() throws {
        let key = try signify.generate("admin")
        let fallback = try world.publish([release])
        try world.root.write(
            InstallFixtures.jsonText(["install": ["trusted_keys": [key.pub], "source": "http://127.0.0.1:\(try LoopbackServer.unusedPort())/index.json", "fallback_source": fallback]]),
            to: "home/.config/pymanager/pymanager.json")
        let unsigned = try world.py(["install", "3.13"])
        #expect(unsigned.status == 1)
        #expect(unsigned.stderr.contains("The index \(fallback) is not signed"), "\(unsigned.stderr)")
        try signify.sign(feedPath, with: key)
        world.expectSuccess(try world.py(["install", "3.13"]))
        #expect(world.installFolders == [release.id])
    }

    @Test(
        "a malformed trusted key is a one-line error naming it",
        arguments: [
            ("garbage.pub", "not a signify public key: the first line must start with \"untrusted comment: \"", true),
            ("sig", "not a signify public key: it holds 74 bytes, expected 42", true),
            ("missing.pub", "Cannot read the trusted key", true),
            ("RWTnotakey", "'RWTnotakey' in \"install.trusted_keys\" is not a signify public key", false),
        ])
    func malformedKey(_ entry: String, _ message: String, _ isPath: Bool) throws {
        let key = try signify.generate("admin")
        let feed = try world.publish([release])
        try signify.sign(feedPath, with: key)
        let keys = world.root.xdgConfigHome + "/pymanager/"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        try "not a key\n".write(toFile: keys + "garbage.pub", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: feedPath + ".sig", toPath: keys + "sig")
        try trust([key.pub, entry])
        for args in [["install", "--source", feed, "3.13"], ["list", "--online", "--source", feedPath]] {
            let result = try world.py(args)
            expectRefused(result, [message])
            if isPath { #expect(result.stderr.contains(keys + entry), "\(result.stderr)") }
        }
    }

    @Test(
        "a malformed signature file is a one-line error naming it",
        arguments: [
            ("", "the first line must start with \"untrusted comment: \""),
            ("<html>Not Found</html>\n", "the first line must start with"),
            ("untrusted comment: x\nRWQ\n", "the second line is not valid base64"),
            ("untrusted comment: x\n", "the base64 line must end with a newline"),
        ])
    func malformedSignature(_ text: String, _ reason: String) throws {
        let key = try signify.generate("admin")
        let feed = try world.publish([release])
        try text.write(toFile: feedPath + ".sig", atomically: true, encoding: .utf8)
        try trust([key.pub])
        expectRefused(try world.py(["install", "--source", feed, "3.13"]), ["The signature \(feed).sig is not a signify signature: \(reason)"])
    }

    @Test("the README's offline mirror workflow: --download, sign, serve, a policy with the key")
    func offlineMirrorWorkflow() throws {
        // GIVEN an upstream feed and the admin's key pair.
        let upstream = try world.publish([release, InstallRelease("3.12.9")])
        let key = try signify.generate("mirror")
        // WHEN the admin makes the mirror and signs it.
        let mirror = world.root.path + "/srv/python-mirror"
        world.expectSuccess(try world.py(["install", "--download=" + mirror, "--source", upstream, "3.13"]))
        let index = mirror + "/index.json"
        try signify.sign(index, with: key)
        // AND every machine's policy names the mirror (a copied folder: a plain path) and the key.
        try world.root.write(InstallFixtures.jsonText(["install": ["source": index, "trusted_keys": [key.pub]]]), to: "admin/policy.json")
        let py = try copyOfPyAndManager(builtIn: #"{"policy_file": "../../admin/policy.json"}"#)
        // THEN machines install from it, and a changed index is refused.
        world.expectSuccess(try world.root.run(py, ["install", "3.13"]))
        #expect(world.installFolders == [release.id])
        let list = try world.root.run(py, ["list", "--online", "-f", "id"])
        #expect(list.stdout == release.id + "\n", "\(list.stderr)")

        // A second --download into the folder rewrites index.json: py says to sign it again.
        let again = try world.py(["install", "--download=" + mirror, "--source", upstream, "3.12"])
        world.expectSuccess(again)
        #expect(again.stderr.contains("Sign it again: signify -S -s KEY.sec -m \(index)"), "\(again.stderr)")
        let stale = try world.root.run(py, ["list", "--online"])
        #expect(stale.status == 1 && stale.stderr.contains("does not match the index \(index)"), "\(stale.stderr)")
        try signify.sign(index, with: key)
        #expect(Set(CLILines(try world.root.run(py, ["list", "--online", "-f", "id"]).stdout)) == [release.id, "pythoncore-3.12-64"])
    }

    /// The key number of a `.pub` file, in hex, as py's messages show it.
    func keyNumber(_ pub: String) throws -> String {
        let data = try #require(Data(base64Encoded: try signify.line(of: pub)))
        return data[2..<10].map { String(format: "%02x", $0) }.joined()
    }

    /// Copies of `py` and `py-manage` in `<root>/opt/bin/` with `builtIn` as their pymanager.json.
    func copyOfPyAndManager(builtIn: String) throws -> String {
        let dir = world.root.path + "/opt/bin"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in ["py", "py-manage"] {
            try FileManager.default.copyItem(atPath: BuiltProducts.path(of: name), toPath: dir + "/" + name)
        }
        try builtIn.write(toFile: dir + "/pymanager.json", atomically: true, encoding: .utf8)
        return dir + "/py"
    }

    /// The bundled feed's name part for this machine (as `Host.feedTriple`).
    static var feedTriple: String {
        var u = utsname()
        _ = uname(&u)
        let machine = withUnsafePointer(to: u.machine) { $0.withMemoryRebound(to: CChar.self, capacity: 65) { String(cString: $0) } }
        let musl = ((try? FileManager.default.contentsOfDirectory(atPath: "/lib")) ?? []).contains { $0.hasPrefix("ld-musl-") }
        return "linux-\(machine)-\(musl ? "musl" : "gnu")"
    }
}
