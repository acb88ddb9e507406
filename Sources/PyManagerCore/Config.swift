/// Configuration layering, pure: file contents, the environment and the
/// working directory come in as parameters.
///
/// Layers, each overriding the ones before it (DESIGN.md, seed 4.1.8/4.1.11):
/// 1. the compiled-in defaults (`builtInConfigText`), then `pymanager.json`
///    beside the binary when there is one;
/// 2. the policy file (`policy_file`, default `/etc/pymanager/policy.json`);
/// 3. `base_config`;
/// 4. `user_config` (default `${XDG_CONFIG_HOME:-~/.config}/pymanager/pymanager.json`);
/// 5. `additional_config` (`PYTHON_MANAGER_CONFIG`), or `--config` instead;
/// 6. the policy file again, so an administrator has the last word;
/// 7. command-line options (set by the caller with `ConfigStore.set`).

/// A configuration value that could not be used.
public enum ConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    /// `key` in `source` holds `value`, which is not of the `expected` kind.
    case wrongType(key: String, value: String, expected: String, source: String)

    public var description: String {
        switch self {
        case .wrongType(let key, let value, let expected, let source):
            return "Invalid value '\(value)' for \"\(key)\" in \(source): expected \(expected)."
        }
    }
}

/// A typed setting value.
public enum ConfigValue: Equatable, Sendable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case map([String: String])
    case list([String])
}

/// A value and where it came from (a file path, `environment`, `command line`).
public struct ConfigSetting: Equatable, Sendable {
    public var value: ConfigValue
    public var source: String
}

/// One parsed configuration file (or the compiled-in defaults).
public struct ConfigLayer: Sendable {
    /// Shown in messages: the file path, or `built-in configuration`.
    public var source: String
    /// Relative paths in this layer resolve against this folder.
    public var directory: String
    public var values: JSONObject
    /// Built-in and policy layers may set `builtInOnly` keys.
    public var isPrivileged: Bool

    public init(source: String, directory: String, values: JSONObject, isPrivileged: Bool = false) {
        self.source = source
        self.directory = directory
        self.values = values
        self.isPrivileged = isPrivileged
    }

    /// Parses a file's bytes into a layer.
    ///
    /// - Returns: the layer, or a warning (`<file>: line 3, column 5: …`) when
    ///   the text is not a JSON object. Bad files are skipped, not fatal.
    public static func parse(_ bytes: [UInt8], path: String, isPrivileged: Bool = false) -> Result<ConfigLayer, ConfigWarning> {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            return .failure(ConfigWarning("Ignoring configuration file \(path): \(error). Fix the JSON or remove the file."))
        }
        guard let object = value.objectValue else {
            return .failure(ConfigWarning("Ignoring configuration file \(path): expected a JSON object, found \(value.typeName)."))
        }
        return .success(ConfigLayer(source: path, directory: Path.directory(of: path), values: object, isPrivileged: isPrivileged))
    }
}

/// A problem that does not stop the command: printed as a warning.
public struct ConfigWarning: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The merged settings of every layer applied so far.
public struct ConfigStore: Sendable {
    public private(set) var settings: [String: ConfigSetting] = [:]
    /// Files that were read, in order.
    public private(set) var loadedFiles: [String] = []
    /// Notes for `-v`: unknown keys, ignored Windows-only keys.
    public private(set) var notes: [String] = []

    public init() {}

    public func value(_ key: String) -> ConfigValue? { settings[key]?.value }

    public func string(_ key: String) -> String? {
        if case .string(let s)? = settings[key]?.value { return s }
        return nil
    }

    public func bool(_ key: String) -> Bool? {
        if case .bool(let b)? = settings[key]?.value { return b }
        return nil
    }

    public func int(_ key: String) -> Int? {
        if case .int(let i)? = settings[key]?.value { return i }
        return nil
    }

    public func map(_ key: String) -> [String: String]? {
        if case .map(let m)? = settings[key]?.value { return m }
        return nil
    }

    public func list(_ key: String) -> [String]? {
        if case .list(let l)? = settings[key]?.value { return l }
        return nil
    }

    /// Where `key`'s current value came from.
    public func source(of key: String) -> String? { settings[key]?.source }

    /// Sets a value directly (command-line options), replacing any other.
    public mutating func set(_ key: String, _ value: ConfigValue, source: String) {
        settings[key] = ConfigSetting(value: value, source: source)
    }

    /// Applies one layer on top of the current settings.
    ///
    /// `%NAME%` and `${NAME}` are expanded for `env` keys; a value that is
    /// empty after expansion counts as unset; `path` keys resolve against
    /// the layer's folder.
    ///
    /// - Throws: `ConfigError.wrongType` naming the file, key and value.
    public mutating func apply(_ layer: ConfigLayer, environment: [String: String]) throws(ConfigError) {
        if layer.source != ConfigLoader.builtInSource { loadedFiles.append(layer.source) }
        var seen: Set<String> = []
        for key in configSchema {
            guard let raw = ConfigStore.lookup(key.name, in: layer.values) else { continue }
            seen.insert(key.name)
            if key.builtInOnly && !layer.isPrivileged {
                notes.append("\"\(key.name)\" in \(layer.source) is ignored: only the built-in configuration or the policy file may set it.")
                continue
            }
            if key.ignored {
                notes.append("\"\(key.name)\" in \(layer.source) has no effect on Linux.")
                continue
            }
            guard let value = try ConfigStore.convert(raw, key: key, layer: layer, environment: environment) else {
                continue
            }
            let merged: ConfigValue
            switch (key.merge, settings[key.name]?.value, value) {
            case (.minimum, .int(let old)?, .int(let new)): merged = .int(min(old, new))
            case (.update, .map(let old)?, .map(let new)): merged = .map(old.merging(new) { $1 })
            case (.union, .list(let old)?, .list(let new)): merged = .list(old + new.filter { !old.contains($0) })
            default: merged = value
            }
            settings[key.name] = ConfigSetting(value: merged, source: layer.source)
        }
        for unknown in ConfigStore.unknownKeys(in: layer.values, prefix: "", known: seen) {
            notes.append("Unknown configuration key \"\(unknown)\" in \(layer.source).")
        }
    }

    static func lookup(_ dotted: String, in object: JSONObject) -> JSONValue? {
        var current: JSONObject = object
        let parts = dotted.split(separator: ".")
        for (n, part) in parts.enumerated() {
            guard let next = current[String(part)] else { return nil }
            if n == parts.count - 1 { return next }
            guard let o = next.objectValue else { return nil }
            current = o
        }
        return nil
    }

    static func unknownKeys(in object: JSONObject, prefix: String, known: Set<String>) -> [String] {
        var result: [String] = []
        for (k, v) in object {
            let name = prefix.isEmpty ? k : prefix + "." + k
            if known.contains(name) || configSchema.contains(where: { $0.name == name }) { continue }
            let isSection = configSchema.contains(where: { $0.name.hasPrefix(name + ".") })
            if isSection, let nested = v.objectValue {
                result += unknownKeys(in: nested, prefix: name, known: known)
            } else {
                result.append(name)
            }
        }
        return result
    }

    static func convert(
        _ raw: JSONValue, key: ConfigKey, layer: ConfigLayer, environment: [String: String]
    ) throws(ConfigError) -> ConfigValue? {
        func wrong(_ shown: String, _ expected: String) -> ConfigError {
            // A bad value that came from a variable names it: the user set the variable, not the file.
            var source = layer.source
            if key.expandsEnvironment, case .string(let s) = raw {
                let names = referencedVariables(s)
                if !names.isEmpty {
                    source = "environment variable \(names.joined(separator: ", ")) (used by \(layer.source))"
                }
            }
            return .wrongType(key: key.name, value: shown, expected: expected, source: source)
        }
        func text(_ s: String) -> String {
            key.expandsEnvironment ? expandEnvironment(s, environment) : s
        }
        switch key.kind {
        case .stringMap:
            guard let object = raw.objectValue else { throw wrong(raw.compactText, "an object of strings") }
            var map: [String: String] = [:]
            for (k, v) in object {
                guard let s = v.stringValue else { throw wrong(v.compactText, "a string for \"\(k)\"") }
                map[k] = s
            }
            return .map(map)
        case .stringList:
            let items: [JSONValue]
            switch raw {
            case .null: return nil
            case .string: items = [raw]
            case .array(let a): items = a
            default: throw wrong(raw.compactText, "a list of strings")
            }
            var list: [String] = []
            for item in items {
                guard case .string(let v) = item else { throw wrong(item.compactText, "a list of strings") }
                var s = text(v).trimmed
                if s.isEmpty { continue }
                // A key's base64 line is kept as it is; anything else is a path.
                if key.isPath && !SignifyKey.isKeyLine(s) { s = Path.resolve(Path.expandUser(s, environment), relativeTo: layer.directory) }
                if !list.contains(s) { list.append(s) }
            }
            return .list(list)
        case .bool:
            switch raw {
            case .null: return nil
            case .bool(let b): return .bool(b)
            case .int(0): return .bool(false)
            case .int(1): return .bool(true)
            case .string(let s):
                let expanded = text(s).trimmed
                if expanded.isEmpty { return nil }
                guard let b = parseBool(expanded) else { throw wrong(expanded, "true or false") }
                return .bool(b)
            default: throw wrong(raw.compactText, "true or false")
            }
        case .int:
            switch raw {
            case .null: return nil
            case .int(let i): return .int(i)
            case .string(let s):
                let expanded = text(s).trimmed
                if expanded.isEmpty { return nil }
                guard let i = Int(expanded) else { throw wrong(expanded, "a whole number") }
                return .int(i)
            default: throw wrong(raw.compactText, "a whole number")
            }
        case .string:
            var s: String
            switch raw {
            case .null: return nil
            case .string(let v): s = text(v)
            case .int, .double: s = raw.compactText
            default: throw wrong(raw.compactText, "a string")
            }
            if s.trimmed.isEmpty { return nil }
            if key.isURL && s.contains("://") { return .string(s) }
            if key.isPath { s = Path.resolve(Path.expandUser(s, environment), relativeTo: layer.directory) }
            return .string(s)
        }
    }
}

/// Parses pymanager-style booleans: `true/false`, `yes/no`, `on/off`, `1/0`.
public func parseBool(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "true", "yes", "on", "1", "y", "t": return true
    case "false", "no", "off", "0", "n", "f": return false
    default: return nil
    }
}

/// Expands `%NAME%` and `${NAME}` from `environment`; unknown names expand
/// to nothing (so the value becomes unset), `%%` is a literal `%`.
public func expandEnvironment(_ text: String, _ environment: [String: String]) -> String {
    expandEnvironment(text) { environment[$0] }
}

/// `expandEnvironment` with a lookup function, called once per reference.
func expandEnvironment(_ text: String, lookup: (String) -> String?) -> String {
    guard text.contains("%") || text.contains("${") else { return text }
    var out = ""
    var chars = Substring(text)
    while let c = chars.first {
        if c == "%" {
            let rest = chars.dropFirst()
            if rest.first == "%" {
                out.append("%")
                chars = rest.dropFirst()
                continue
            }
            if let end = rest.firstIndex(of: "%"), rest.startIndex != end,
                rest[rest.startIndex..<end].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            {
                out += lookup(String(rest[rest.startIndex..<end])) ?? ""
                chars = rest[rest.index(after: end)...]
                continue
            }
        } else if c == "$", chars.dropFirst().first == "{", let end = chars.firstIndex(of: "}") {
            let name = chars[chars.index(chars.startIndex, offsetBy: 2)..<end]
            out += lookup(String(name)) ?? ""
            chars = chars[chars.index(after: end)...]
            continue
        }
        out.append(c)
        chars = chars.dropFirst()
    }
    return out
}

/// The variable names `text` refers to as `%NAME%` or `${NAME}`, in order (see `expandEnvironment`).
func referencedVariables(_ text: String) -> [String] {
    var names: [String] = []
    _ = expandEnvironment(text) { name in
        names.append(name)
        return nil
    }
    return names
}

/// Builds the configuration from its layers (see the file comment for the order).
public enum ConfigLoader {
    public static let builtInSource = "built-in configuration"

    /// Everything the loader needs from the outside world.
    public struct Inputs {
        public var environment: [String: String]
        public var workingDirectory: String
        /// `pymanager.json` beside the binary, when present.
        public var besideBinaryConfig: String?
        /// `--config=PATH`, which replaces `additional_config`.
        public var commandLineConfig: String?
        /// Reads a file; `nil` when it does not exist or cannot be read.
        public var readFile: (String) -> [UInt8]?

        public init(
            environment: [String: String], workingDirectory: String, besideBinaryConfig: String? = nil,
            commandLineConfig: String? = nil, readFile: @escaping (String) -> [UInt8]?
        ) {
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.besideBinaryConfig = besideBinaryConfig
            self.commandLineConfig = commandLineConfig
            self.readFile = readFile
        }
    }

    /// Loads every layer.
    ///
    /// - Returns: the merged store and warnings for files that were skipped.
    /// - Throws: `ConfigError` for a value of the wrong type.
    public static func load(_ inputs: Inputs) throws(ConfigError) -> (ConfigStore, [ConfigWarning]) {
        var store = ConfigStore()
        var warnings: [ConfigWarning] = []
        let env = inputs.environment
        if case .success(let builtIn) = ConfigLayer.parse(Array(builtInConfigText.utf8), path: builtInSource, isPrivileged: true) {
            var layer = builtIn
            layer.directory = inputs.workingDirectory
            try store.apply(layer, environment: env)
        }
        store.set("user_config", .string(defaultUserConfig(env)), source: builtInSource)

        func readLayer(_ path: String?, privileged: Bool) -> ConfigLayer? {
            guard let path, let bytes = inputs.readFile(path) else { return nil }
            switch ConfigLayer.parse(bytes, path: path, isPrivileged: privileged) {
            case .success(let layer): return layer
            case .failure(let warning):
                warnings.append(warning)
                return nil
            }
        }
        if let layer = readLayer(inputs.besideBinaryConfig, privileged: true) {
            try store.apply(layer, environment: env)
        }
        let policy = readLayer(store.string("policy_file"), privileged: true)
        if let policy { try store.apply(policy, environment: env) }
        var read: Set<String> = []
        for key in ["base_config", "user_config", "additional_config"] {
            let path = key == "additional_config"
                ? inputs.commandLineConfig.map { Path.resolve($0, relativeTo: inputs.workingDirectory) } ?? store.string(key)
                : store.string(key)
            guard let path, !read.contains(path) else { continue }
            read.insert(path)
            if let layer = readLayer(path, privileged: false) { try store.apply(layer, environment: env) }
        }
        if let policy { try store.apply(policy, environment: env) }
        if let level = logLevel(fromEnvironment: env) {
            let current = store.int("log_level") ?? LogLevel.info
            store.set("log_level", .int(min(current, level)), source: "environment")
        }
        return (store, warnings)
    }

    /// `PYMANAGER_DEBUG` / `PYMANAGER_VERBOSE` as a log level, when set and true.
    public static func logLevel(fromEnvironment env: [String: String]) -> Int? {
        if let v = env[EnvironmentKey.debug], parseBool(v) ?? !v.isEmpty { return LogLevel.debug }
        if let v = env[EnvironmentKey.verbose], parseBool(v) ?? !v.isEmpty { return LogLevel.verbose }
        return nil
    }

    static func defaultUserConfig(_ env: [String: String]) -> String {
        Path.join(XDG.configHome(env), "pymanager", "pymanager.json")
    }
}

/// pymanager's log levels (Python `logging` numbers plus VERBOSE).
public enum LogLevel {
    public static let debug = 10
    public static let verbose = 15
    public static let info = 20
    public static let warn = 30
    public static let error = 40
}

/// XDG base directories with their documented fallbacks.
public enum XDG {
    static func dir(_ env: [String: String], _ key: String, _ fallback: String) -> String {
        if let v = env[key], v.hasPrefix("/") { return v }
        return Path.join(env[EnvironmentKey.home] ?? "/", fallback)
    }
    public static func dataHome(_ env: [String: String]) -> String { dir(env, EnvironmentKey.xdgDataHome, ".local/share") }
    public static func configHome(_ env: [String: String]) -> String { dir(env, EnvironmentKey.xdgConfigHome, ".config") }
    public static func cacheHome(_ env: [String: String]) -> String { dir(env, EnvironmentKey.xdgCacheHome, ".cache") }
    public static func stateHome(_ env: [String: String]) -> String { dir(env, EnvironmentKey.xdgStateHome, ".local/state") }
}

fileprivate extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
