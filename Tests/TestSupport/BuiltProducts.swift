import Foundation

/// Paths of the package's built executables (`py`, `py-shim`, …) for tests
/// that run them as a user would.
///
/// `swift test` builds them into the same products folder as the test
/// bundle, so the folder of the running test binary is searched first (this
/// also works with `--scratch-path`); then `<package>/.build/debug`.
public enum BuiltProducts {
    public static func path(of name: String, file: String = #filePath) -> String {
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = (exe as NSString).deletingLastPathComponent
            for _ in 0..<4 {
                candidates.append(dir + "/" + name)
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
        var package = (file as NSString).deletingLastPathComponent
        while package != "/" && !FileManager.default.fileExists(atPath: package + "/Package.swift") {
            package = (package as NSString).deletingLastPathComponent
        }
        candidates.append(package + "/.build/debug/" + name)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? package + "/.build/debug/" + name
    }
}
