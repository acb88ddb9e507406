import PyManagerCore
import Testing

/// A fake file system for `ConfigLoader.load`: path → text.
private struct CoreFiles {
    var files: [String: String] = [:]

    subscript(path: String) -> String? {
        get { files[path] }
        set { files[path] = newValue }
    }

    func reader() -> (String) -> [UInt8]? {
        let snapshot = files
        return { path in snapshot[path].map { Array($0.utf8) } }
    }
}

private let home = "/home/u"
private let userConfigPath = "/home/u/.config/pymanager/pymanager.json"
private let cwd = "/work/project"

/// Loads with `HOME=/home/u` (XDG unset) plus `env`, failing the test on a config error.
private func load(
    _ files: CoreFiles, env: [String: String] = [:], besideBinary: String? = nil, commandLine: String? = nil
) throws -> (ConfigStore, [ConfigWarning]) {
    let inputs = ConfigLoader.Inputs(
        environment: ["HOME": home].merging(env) { $1 }, workingDirectory: cwd, besideBinaryConfig: besideBinary,
        commandLineConfig: commandLine, readFile: files.reader())
    return try ConfigLoader.load(inputs)
}

private func settings(_ store: ConfigStore, env: [String: String] = [:]) -> Settings {
    Settings(store: store, environment: ["HOME": home].merging(env) { $1 }, hostPlatform: "-64")
}

@Suite("Configuration: environment expansion")
struct ExpansionTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: String
        var testDescription: String { "\(text) → \(expected)" }
    }

    static let env = ["A": "alpha", "B_2": "beta", "EMPTY": ""]

    static let rows: [Row] = [
        Row(text: "plain", expected: "plain"),
        Row(text: "%A%", expected: "alpha"),
        Row(text: "${A}", expected: "alpha"),
        Row(text: "x%A%y", expected: "xalphay"),
        Row(text: "x${A}y${B_2}z", expected: "xalphaybetaz"),
        Row(text: "%A%%B_2%", expected: "alphabeta"),
        Row(text: "%NOPE%", expected: ""),
        Row(text: "${NOPE}", expected: ""),
        Row(text: "%EMPTY%", expected: ""),
        Row(text: "100%%", expected: "100%"),
        Row(text: "100%", expected: "100%"),
        Row(text: "%A B%", expected: "%A B%"),
        Row(text: "$A", expected: "$A"),
        Row(text: "${A", expected: "${A"),
        Row(text: "%", expected: "%"),
        Row(text: "%a%", expected: ""),
    ]

    @Test("%NAME% and ${NAME} expand", arguments: rows)
    func expands(_ row: Row) {
        #expect(expandEnvironment(row.text, Self.env) == row.expected)
    }

    struct BoolRow: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: Bool?
        var testDescription: String { "'\(text)' → \(expected.map(String.init) ?? "nil")" }
    }

    static let bools: [BoolRow] = [
        BoolRow(text: "true", expected: true), BoolRow(text: "TRUE", expected: true), BoolRow(text: "yes", expected: true),
        BoolRow(text: "on", expected: true), BoolRow(text: "1", expected: true), BoolRow(text: "Y", expected: true),
        BoolRow(text: "false", expected: false), BoolRow(text: "No", expected: false), BoolRow(text: "off", expected: false),
        BoolRow(text: "0", expected: false), BoolRow(text: "n", expected: false),
        BoolRow(text: "maybe", expected: nil), BoolRow(text: "2", expected: nil), BoolRow(text: "", expected: nil),
    ]

    @Test("booleans parse as pymanager's do", arguments: bools)
    func parsesBool(_ row: BoolRow) {
        #expect(parseBool(row.text) == row.expected)
    }
}

@Suite("Configuration: layers")
struct ConfigLayerTests {
    @Test("with nothing set, the Linux defaults apply")
    func defaults() throws {
        let (store, warnings) = try load(CoreFiles())
        #expect(warnings.isEmpty)
        let s = settings(store)
        #expect(s.defaultTag == "3")
        #expect(s.defaultPlatform == "-64")
        #expect(s.installDir == "/home/u/.local/share/pymanager")
        #expect(s.globalDir == "/home/u/.local/bin")
        #expect(s.downloadDir == "/home/u/.cache/pymanager")
        #expect(s.logsDir == "/home/u/.local/state/pymanager/logs")
        #expect(s.includeUnmanaged)
        #expect(s.automaticInstall)
        #expect(s.confirm)
        #expect(s.listFormat == "table")
        // Unset: the launcher-side Context falls back to the bundled feed (see IndexResolutionTests).
        #expect(s.source == nil)
        #expect(s.virtualEnv == nil)
        #expect(s.logLevel == LogLevel.info)
        #expect(store.string("user_config") == userConfigPath)
        #expect(store.loadedFiles.isEmpty)
    }

    struct EnvRow: CustomTestStringConvertible, Sendable {
        var variable: String
        var value: String
        var key: String
        var expected: ConfigValue
        var testDescription: String { "\(variable)=\(value) sets \(key)" }
    }

    static let envRows: [EnvRow] = [
        EnvRow(variable: "PYTHON_MANAGER_DEFAULT", value: "3.12", key: "default_tag", expected: .string("3.12")),
        EnvRow(variable: "PYTHON_MANAGER_DEFAULT_PLATFORM", value: "-arm64", key: "default_platform", expected: .string("-arm64")),
        EnvRow(variable: "PYTHON_MANAGER_INCLUDE_UNMANAGED", value: "0", key: "include_unmanaged", expected: .bool(false)),
        EnvRow(variable: "PYTHON_MANAGER_INCLUDE_UNMANAGED", value: "yes", key: "include_unmanaged", expected: .bool(true)),
        EnvRow(variable: "PYTHON_MANAGER_LIST_FORMAT", value: "json", key: "list.format", expected: .string("json")),
        EnvRow(variable: "PYTHON_MANAGER_CONFIRM", value: "false", key: "confirm", expected: .bool(false)),
        EnvRow(variable: "PYTHON_MANAGER_AUTOMATIC_INSTALL", value: "no", key: "automatic_install", expected: .bool(false)),
        EnvRow(
            variable: "PYTHON_MANAGER_SOURCE_URL", value: "https://mirror.example/index.json", key: "install.source",
            expected: .string("https://mirror.example/index.json")),
        EnvRow(
            variable: "PYTHON_MANAGER_SOURCE_URL", value: "feeds/index.json", key: "install.source",
            expected: .string("/work/project/feeds/index.json")),
        EnvRow(
            variable: "PYTHON_MANAGER_FALLBACK_SOURCE_URL", value: "/srv/index.json", key: "install.fallback_source",
            expected: .string("/srv/index.json")),
        EnvRow(variable: "PYTHON_MANAGER_LOGS", value: "logs", key: "logs_dir", expected: .string("/work/project/logs")),
        EnvRow(variable: "PYTHON_MANAGER_SHEBANG_CAN_RUN_ANYTHING", value: "off", key: "shebang_can_run_anything", expected: .bool(false)),
        EnvRow(variable: "PYTHON_MANAGER_UNVERSIONED_ALIASES", value: "1", key: "install.unversioned_aliases", expected: .bool(true)),
        EnvRow(variable: "VIRTUAL_ENV", value: "/home/u/venv", key: "virtual_env", expected: .string("/home/u/venv")),
        EnvRow(variable: "PYMANAGER_VERBOSE", value: "1", key: "log_level", expected: .int(LogLevel.verbose)),
        EnvRow(variable: "PYMANAGER_DEBUG", value: "true", key: "log_level", expected: .int(LogLevel.debug)),
    ]

    @Test("environment variables reach their keys through the built-in layer", arguments: envRows)
    func environmentVariables(_ row: EnvRow) throws {
        let (store, _) = try load(CoreFiles(), env: [row.variable: row.value])
        #expect(store.value(row.key) == row.expected)
    }

    @Test("a false PYMANAGER_VERBOSE leaves the log level alone")
    func verboseFalse() throws {
        let (store, _) = try load(CoreFiles(), env: ["PYMANAGER_VERBOSE": "0"])
        #expect(store.int("log_level") == nil)
        #expect(ConfigLoader.logLevel(fromEnvironment: ["PYMANAGER_DEBUG": "1", "PYMANAGER_VERBOSE": "1"]) == LogLevel.debug)
    }

    @Test("an empty environment variable counts as unset")
    func emptyVariable() throws {
        let (store, _) = try load(CoreFiles(), env: ["PYTHON_MANAGER_DEFAULT": "", "PYTHON_MANAGER_INCLUDE_UNMANAGED": " "])
        #expect(store.value("default_tag") == nil)
        #expect(store.value("include_unmanaged") == nil)
        #expect(settings(store).defaultTag == "3")
    }

    @Test("the user config is read from XDG_CONFIG_HOME, else ~/.config")
    func userConfigLocation() throws {
        var files = CoreFiles()
        files["/xdg/pymanager/pymanager.json"] = #"{"default_tag": "3.11"}"#
        files[userConfigPath] = #"{"default_tag": "3.10"}"#
        let (withXDG, _) = try load(files, env: ["XDG_CONFIG_HOME": "/xdg"])
        #expect(withXDG.string("default_tag") == "3.11")
        #expect(withXDG.loadedFiles == ["/xdg/pymanager/pymanager.json"])
        let (withoutXDG, _) = try load(files)
        #expect(withoutXDG.string("default_tag") == "3.10")
        // A relative XDG_CONFIG_HOME is invalid per the XDG spec and ignored.
        let (relativeXDG, _) = try load(files, env: ["XDG_CONFIG_HOME": "xdg"])
        #expect(relativeXDG.string("default_tag") == "3.10")
    }

    @Test("a config file value replaces the environment variable reference")
    func fileBeatsVariable() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"default_tag": "3.11", "confirm": false}"#
        let (store, _) = try load(files, env: ["PYTHON_MANAGER_DEFAULT": "3.13", "PYTHON_MANAGER_CONFIRM": "yes"])
        #expect(store.string("default_tag") == "3.11")
        #expect(store.bool("confirm") == false)
        #expect(store.source(of: "default_tag") == userConfigPath)
    }

    @Test("a config file may name its own variable")
    func fileNamesVariable() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"default_tag": "%MY_DEFAULT%", "list": {"format": "${MY_FORMAT}"}}"#
        let (store, _) = try load(files, env: ["MY_DEFAULT": "3.9", "MY_FORMAT": "csv", "PYTHON_MANAGER_DEFAULT": "3.13"])
        #expect(store.string("default_tag") == "3.9")
        #expect(store.string("list.format") == "csv")
    }

    @Test("a value that expands to empty is unset, so the earlier layer's value stays")
    func emptyExpansionKeepsEarlier() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"default_tag": "%NOT_SET%", "install_dir": "", "confirm": "${NOT_SET}"}"#
        let (store, _) = try load(files, env: ["PYTHON_MANAGER_DEFAULT": "3.13", "PYTHON_MANAGER_CONFIRM": "0"])
        #expect(store.string("default_tag") == "3.13")
        #expect(store.source(of: "default_tag") == ConfigLoader.builtInSource)
        #expect(store.bool("confirm") == false)
        #expect(settings(store).installDir == "/home/u/.local/share/pymanager")
    }

    struct PathRow: CustomTestStringConvertible, Sendable {
        var value: String
        var expected: String
        var testDescription: String { "\(value) → \(expected)" }
    }

    static let pathRows: [PathRow] = [
        PathRow(value: "runtimes", expected: "/home/u/.config/pymanager/runtimes"),
        PathRow(value: "./a/../b", expected: "/home/u/.config/pymanager/b"),
        PathRow(value: "../../shared", expected: "/home/u/shared"),
        PathRow(value: "/opt/python", expected: "/opt/python"),
        PathRow(value: "~/py", expected: "/home/u/py"),
        PathRow(value: "%HOME%/x", expected: "/home/u/x"),
        PathRow(value: "${HOME}//y/", expected: "/home/u/y"),
    ]

    @Test("paths in a config file resolve against that file's folder", arguments: pathRows)
    func relativePaths(_ row: PathRow) throws {
        var files = CoreFiles()
        files[userConfigPath] = JSONValue.object(JSONObject([("install_dir", .string(row.value))])).compactText
        let (store, _) = try load(files)
        #expect(store.string("install_dir") == row.expected)
    }

    @Test("URLs are kept as they are, plain sources are paths")
    func urlKeys() throws {
        var files = CoreFiles()
        files["/etc/extra/more.json"] = #"{"install": {"source": "https://a.example/i.json", "fallback_source": "local/index.json"}}"#
        let (store, _) = try load(files, commandLine: "/etc/extra/more.json")
        #expect(store.string("install.source") == "https://a.example/i.json")
        #expect(store.string("install.fallback_source") == "/etc/extra/local/index.json")
    }

    @Test("PYTHON_MANAGER_CONFIG is read after the user config")
    func additionalConfig() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"default_tag": "3.11", "confirm": false}"#
        files["/work/project/extra.json"] = #"{"default_tag": "3.12"}"#
        let (store, _) = try load(files, env: ["PYTHON_MANAGER_CONFIG": "extra.json"])
        #expect(store.string("default_tag") == "3.12")
        #expect(store.bool("confirm") == false)
        #expect(store.loadedFiles == [userConfigPath, "/work/project/extra.json"])
    }

    @Test("--config replaces PYTHON_MANAGER_CONFIG (not both) and is relative to the working directory")
    func commandLineConfig() throws {
        var files = CoreFiles()
        files["/work/project/env.json"] = #"{"default_tag": "3.10", "confirm": false}"#
        files["/work/project/cli.json"] = #"{"default_tag": "3.9"}"#
        let (store, _) = try load(files, env: ["PYTHON_MANAGER_CONFIG": "/work/project/env.json"], commandLine: "cli.json")
        #expect(store.string("default_tag") == "3.9")
        #expect(store.bool("confirm") == nil)
        #expect(!store.loadedFiles.contains("/work/project/env.json"))
    }

    @Test("a user config may point at another additional config")
    func userSetsAdditional() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"additional_config": "team.json"}"#
        files["/home/u/.config/pymanager/team.json"] = #"{"default_tag": "3.8"}"#
        let (store, _) = try load(files)
        #expect(store.string("default_tag") == "3.8")
    }

    @Test("a missing file is skipped silently")
    func missingFile() throws {
        let (store, warnings) = try load(CoreFiles(), env: ["PYTHON_MANAGER_CONFIG": "/nowhere.json"])
        #expect(warnings.isEmpty)
        #expect(store.loadedFiles.isEmpty)
    }

    @Test("invalid JSON is a warning naming the file and line, and the other layers still apply")
    func invalidJSON() throws {
        var files = CoreFiles()
        files[userConfigPath] = "{\n  \"default_tag\": \"3.11\",\n  oops\n}"
        files["/work/project/extra.json"] = #"{"confirm": false}"#
        let (store, warnings) = try load(files, env: ["PYTHON_MANAGER_CONFIG": "extra.json"])
        #expect(warnings.count == 1)
        let message = try #require(warnings.first).message
        #expect(message.contains(userConfigPath))
        #expect(message.contains("line 3"))
        #expect(store.string("default_tag") == nil)
        #expect(store.bool("confirm") == false)
    }

    @Test("a config file that is not an object is a warning")
    func notAnObject() throws {
        var files = CoreFiles()
        files[userConfigPath] = "[1, 2]"
        let (_, warnings) = try load(files)
        #expect(warnings.map(\.message) == ["Ignoring configuration file \(userConfigPath): expected a JSON object, found an array."])
    }

    struct WrongTypeRow: CustomTestStringConvertible, Sendable {
        var json: String
        var key: String
        var shown: String
        var testDescription: String { json }
    }

    static let wrongTypes: [WrongTypeRow] = [
        WrongTypeRow(json: #"{"confirm": "maybe"}"#, key: "confirm", shown: "maybe"),
        WrongTypeRow(json: #"{"include_unmanaged": []}"#, key: "include_unmanaged", shown: "[]"),
        WrongTypeRow(json: #"{"automatic_install": 2}"#, key: "automatic_install", shown: "2"),
        WrongTypeRow(json: #"{"log_level": "lots"}"#, key: "log_level", shown: "lots"),
        WrongTypeRow(json: #"{"log_level": 1.5}"#, key: "log_level", shown: "1.5"),
        WrongTypeRow(json: #"{"default_tag": ["3.12"]}"#, key: "default_tag", shown: #"["3.12"]"#),
        WrongTypeRow(json: #"{"install_dir": {"a": 1}}"#, key: "install_dir", shown: #"{"a":1}"#),
        WrongTypeRow(json: #"{"list": {"format": true}}"#, key: "list.format", shown: "true"),
        WrongTypeRow(json: #"{"shebang_templates": {"python": 3}}"#, key: "shebang_templates", shown: "3"),
        WrongTypeRow(json: #"{"shebang_templates": "python"}"#, key: "shebang_templates", shown: "\"python\""),
    ]

    @Test("a value of the wrong type is an error naming the file, key and value", arguments: wrongTypes)
    func wrongType(_ row: WrongTypeRow) {
        var files = CoreFiles()
        files[userConfigPath] = row.json
        #expect {
            _ = try load(files)
        } throws: { error in
            guard case .wrongType(let key, let value, _, let source)? = error as? ConfigError else { return false }
            let text = (error as? ConfigError)?.description ?? ""
            return key == row.key && value == row.shown && source == userConfigPath
                && text.contains(userConfigPath) && text.contains(row.key) && text.contains(row.shown)
        }
    }

    @Test("a wrong-typed environment variable names the variable and the layer using it")
    func wrongTypeFromEnvironment() {
        let source = "environment variable PYTHON_MANAGER_CONFIRM (used by \(ConfigLoader.builtInSource))"
        #expect(throws: ConfigError.wrongType(key: "confirm", value: "perhaps", expected: "true or false", source: source)) {
            _ = try load(CoreFiles(), env: ["PYTHON_MANAGER_CONFIRM": "perhaps"])
        }
        var files = CoreFiles()
        files[userConfigPath] = #"{"include_unmanaged": "${MINE}"}"#
        #expect {
            _ = try load(files, env: ["MINE": "often"])
        } throws: { error in
            let text = (error as? ConfigError)?.description ?? ""
            return text.contains("MINE") && text.contains(userConfigPath) && text.contains("'often'")
        }
    }

    @Test("0 and 1 are booleans; numbers are strings for string keys")
    func looseTypes() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"confirm": 0, "include_unmanaged": 1, "default_tag": 3.12, "log_level": "25"}"#
        let (store, _) = try load(files)
        #expect(store.bool("confirm") == false)
        #expect(store.bool("include_unmanaged") == true)
        #expect(store.string("default_tag") == "3.12")
        #expect(store.int("log_level") == 25)
    }

    @Test("log_level keeps the smallest (most output) value across layers")
    func logLevelMinimum() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"log_level": 10}"#
        files["/x/more.json"] = #"{"log_level": 30}"#
        let (store, _) = try load(files, commandLine: "/x/more.json")
        #expect(store.int("log_level") == 10)
        let (verbose, _) = try load(files, env: ["PYMANAGER_VERBOSE": "1"], commandLine: "/x/more.json")
        #expect(verbose.int("log_level") == 10)
    }

    @Test("shebang_templates from later layers add to earlier ones")
    func templatesUpdate() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"shebang_templates": {"a": "1", "b": "2"}}"#
        files["/x/more.json"] = #"{"shebang_templates": {"b": "3", "c": "4"}}"#
        let (store, _) = try load(files, commandLine: "/x/more.json")
        #expect(store.map("shebang_templates") == ["a": "1", "b": "3", "c": "4"])
    }

    @Test("unknown and Windows-only keys are notes, not errors")
    func notes() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"colour": "red", "install": {"speed": 1, "enable_shortcut_kinds": "pep514"}, "start_folder": "Python"}"#
        let (store, warnings) = try load(files)
        #expect(warnings.isEmpty)
        #expect(store.notes.contains { $0.contains("\"colour\"") })
        #expect(store.notes.contains { $0.contains("\"install.speed\"") })
        #expect(store.notes.contains { $0.contains("start_folder") && $0.contains("no effect") })
        #expect(store.value("start_folder") == nil)
    }
}

@Suite("Configuration: privileged layers and the policy file")
struct ConfigPolicyTests {
    @Test("base_config in the user config is ignored")
    func baseConfigFromUser() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"base_config": "/x/base.json"}"#
        files["/x/base.json"] = #"{"default_tag": "3.7"}"#
        let (store, _) = try load(files)
        #expect(store.string("default_tag") == nil)
        #expect(store.value("base_config") == nil)
        #expect(store.notes.contains { $0.contains("base_config") && $0.contains(userConfigPath) })
    }

    @Test("base_config in the built-in pymanager.json is read before the user config")
    func baseConfigFromBuiltIn() throws {
        var files = CoreFiles()
        files["/opt/py/pymanager.json"] = #"{"base_config": "base.json"}"#
        files["/opt/py/base.json"] = #"{"default_tag": "3.7", "confirm": false}"#
        files[userConfigPath] = #"{"default_tag": "3.8"}"#
        let (store, _) = try load(files, besideBinary: "/opt/py/pymanager.json")
        #expect(store.string("default_tag") == "3.8")
        #expect(store.bool("confirm") == false)
        #expect(store.loadedFiles == ["/opt/py/pymanager.json", "/opt/py/base.json", userConfigPath])
    }

    @Test("the policy file at /etc/pymanager/policy.json is applied last")
    func policyWins() throws {
        var files = CoreFiles()
        files["/etc/pymanager/policy.json"] = #"{"install": {"source": "https://mirror.corp/index.json"}, "confirm": true}"#
        files[userConfigPath] = #"{"install": {"source": "https://elsewhere/index.json"}, "confirm": false, "default_tag": "3.11"}"#
        let (store, _) = try load(files, env: ["PYTHON_MANAGER_SOURCE_URL": "https://env/index.json"])
        #expect(store.string("install.source") == "https://mirror.corp/index.json")
        #expect(store.source(of: "install.source") == "/etc/pymanager/policy.json")
        #expect(store.bool("confirm") == true)
        #expect(store.string("default_tag") == "3.11")
    }

    @Test("the policy file may set base_config and user_config")
    func policySetsConfigs() throws {
        var files = CoreFiles()
        files["/etc/pymanager/policy.json"] = #"{"base_config": "/etc/pymanager/base.json", "user_config": "/srv/%USER%.json"}"#
        files["/etc/pymanager/base.json"] = #"{"default_tag": "3.7"}"#
        files["/srv/ann.json"] = #"{"confirm": false}"#
        files[userConfigPath] = #"{"default_tag": "3.99"}"#
        let (store, _) = try load(files, env: ["USER": "ann"])
        #expect(store.string("default_tag") == "3.7")
        #expect(store.bool("confirm") == false)
        #expect(!store.loadedFiles.contains(userConfigPath))
    }

    @Test("policy_file is only settable from the built-in layer")
    func policyFileKey() throws {
        var files = CoreFiles()
        files["/opt/py/pymanager.json"] = #"{"policy_file": "site-policy.json"}"#
        files["/opt/py/site-policy.json"] = #"{"default_tag": "3.6"}"#
        files["/etc/pymanager/policy.json"] = #"{"default_tag": "3.5"}"#
        let (fromBuiltIn, _) = try load(files, besideBinary: "/opt/py/pymanager.json")
        #expect(fromBuiltIn.string("default_tag") == "3.6")

        var userFiles = CoreFiles()
        userFiles[userConfigPath] = #"{"policy_file": "/home/u/mine.json"}"#
        userFiles["/home/u/mine.json"] = #"{"default_tag": "3.4"}"#
        let (fromUser, _) = try load(userFiles)
        #expect(fromUser.string("default_tag") == nil)
        #expect(fromUser.string("policy_file") == "/etc/pymanager/policy.json")

        // The policy file itself cannot move the policy.
        var policyFiles = CoreFiles()
        policyFiles["/etc/pymanager/policy.json"] = #"{"policy_file": "/tmp/other.json", "confirm": false}"#
        policyFiles["/tmp/other.json"] = #"{"default_tag": "3.3"}"#
        let (fromPolicy, _) = try load(policyFiles)
        #expect(fromPolicy.string("default_tag") == nil)
        #expect(fromPolicy.bool("confirm") == false)
    }

    @Test("an invalid policy file is a warning, and the rest of the configuration loads")
    func invalidPolicy() throws {
        var files = CoreFiles()
        files["/etc/pymanager/policy.json"] = "{,}"
        files[userConfigPath] = #"{"default_tag": "3.11"}"#
        let (store, warnings) = try load(files)
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("/etc/pymanager/policy.json") == true)
        #expect(store.string("default_tag") == "3.11")
    }

    @Test("a config file is read once even when named twice")
    func readOnce() throws {
        var files = CoreFiles()
        files[userConfigPath] = #"{"log_level": 30}"#
        let (store, _) = try load(files, commandLine: userConfigPath)
        #expect(store.loadedFiles == [userConfigPath])
    }
}
