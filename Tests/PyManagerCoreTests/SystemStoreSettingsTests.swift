import PyManagerCore
import Testing

/// `system_install_dir` / `system_global_dir` through the layers, and the stores they give.
@Suite("Configuration: the system store")
struct SystemStoreSettingsTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String: String]
        var env: [String: String]
        var installDir: String
        var globalDir: String
        var testDescription: String { name }
    }

    static let policy = "/etc/pymanager/policy.json"
    static let user = "/home/u/.config/pymanager/pymanager.json"

    static let rows: [Row] = [
        Row(name: "defaults", files: [:], env: [:], installDir: "/opt/pymanager", globalDir: "/usr/local/bin"),
        Row(
            name: "environment variables", files: [:],
            env: ["PYTHON_MANAGER_SYSTEM_INSTALL_DIR": "/srv/py", "PYTHON_MANAGER_SYSTEM_GLOBAL_DIR": "/srv/bin"],
            installDir: "/srv/py", globalDir: "/srv/bin"),
        Row(
            name: "an empty variable is unset", files: [:], env: ["PYTHON_MANAGER_SYSTEM_INSTALL_DIR": ""],
            installDir: "/opt/pymanager", globalDir: "/usr/local/bin"),
        Row(
            name: "the policy file, relative to its folder",
            files: [policy: #"{"system_install_dir": "../../srv/pymanager", "system_global_dir": "/srv/bin"}"#], env: [:],
            installDir: "/srv/pymanager", globalDir: "/srv/bin"),
        Row(
            name: "the policy file wins over the user's file and the environment",
            files: [policy: #"{"system_install_dir": "/srv/pymanager"}"#, user: #"{"system_install_dir": "/home/u/mine"}"#],
            env: ["PYTHON_MANAGER_SYSTEM_INSTALL_DIR": "/env/py"], installDir: "/srv/pymanager", globalDir: "/usr/local/bin"),
        Row(
            name: "a user file without a policy", files: [user: #"{"system_global_dir": "~/bin"}"#], env: [:],
            installDir: "/opt/pymanager", globalDir: "/home/u/bin"),
    ]

    @Test("where the system store is", arguments: rows)
    func layers(row: Row) throws {
        let env = ["HOME": "/home/u"].merging(row.env) { $1 }
        let files = row.files
        let inputs = ConfigLoader.Inputs(environment: env, workingDirectory: "/work", readFile: { files[$0].map { Array($0.utf8) } })
        let (store, warnings) = try ConfigLoader.load(inputs)
        #expect(warnings.isEmpty)
        let settings = Settings(store: store, environment: env, hostPlatform: "-64")
        #expect(settings.systemInstallDir == row.installDir)
        #expect(settings.systemGlobalDir == row.globalDir)
    }

    static func settings(_ env: [String: String]) throws -> Settings {
        let all = ["HOME": "/home/u"].merging(env) { $1 }
        let (store, _) = try ConfigLoader.load(ConfigLoader.Inputs(environment: all, workingDirectory: "/", readFile: { _ in nil }))
        return Settings(store: store, environment: all, hostPlatform: "-64")
    }

    @Test("a user command reads its own store, then the system store")
    func stores() throws {
        let settings = try Self.settings([:])
        #expect(settings.stores == [
            InstallStore(directory: "/home/u/.local/share/pymanager", kind: .user),
            InstallStore(directory: "/opt/pymanager", kind: .system),
        ])
        #expect(settings.ownStore == .user)
    }

    @Test("a --system command reads and changes only the system store")
    func systemView() throws {
        let system = try Self.settings([:]).forSystemStore()
        #expect(system.stores == [InstallStore(directory: "/opt/pymanager", kind: .system)])
        #expect(system.installDir == "/opt/pymanager")
        #expect(system.globalDir == "/usr/local/bin")
        #expect(system.ownStore == .system)
        #expect(system.deletableRoots.contains("/opt/pymanager"))
        #expect(!system.deletableRoots.contains("/home/u/.local/share/pymanager"))
    }

    @Test("a system store that is the user's own folder is read once")
    func sameFolder() throws {
        let settings = try Self.settings(["PYTHON_MANAGER_SYSTEM_INSTALL_DIR": "/home/u/.local/share/pymanager/"])
        #expect(settings.stores == [InstallStore(directory: "/home/u/.local/share/pymanager", kind: .user)])
    }
}
