import Foundation

/// Fake Python runtimes: executable shell scripts standing in for `python3.X`.
///
/// The script prints, one per line:
/// 1. `Python <version>`
/// 2. its own path (`$0`)
/// 3. each argument, in order
///
/// and exits with the status given by an argument `--fake-exit=<n>`, else by the environment
/// variable `FAKE_PYTHON_EXIT_STATUS`, else 0 — so exit-status pass-through can be tested.
/// `python --version` / `-V` print only `Python <version>`, like CPython.
public enum FakeRuntime {
    /// The environment variable read for the exit status.
    public static let exitStatusVariable = "FAKE_PYTHON_EXIT_STATUS"

    /// Writes `<prefix>/bin/python<major.minor>` for `version` (e.g. "3.12.1" → `bin/python3.12`),
    /// plus `bin/python3` and `bin/python` symlinks to it, and returns the executable's path.
    @discardableResult
    public static func write(version: String, in prefix: String, executableName: String? = nil) throws -> String {
        let parts = version.split(separator: ".")
        let shortVersion = parts.count >= 2 ? "\(parts[0]).\(parts[1])" : version
        let name = executableName ?? "python\(shortVersion)"
        let bin = prefix + "/bin"
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let path = bin + "/" + name
        let script = """
            #!/bin/sh
            status="${\(exitStatusVariable):-0}"
            for arg in "$@"; do
                case "$arg" in
                    --fake-exit=*) status="${arg#--fake-exit=}" ;;
                esac
            done
            if [ "$#" -eq 1 ] && { [ "$1" = "--version" ] || [ "$1" = "-V" ]; }; then
                echo "Python \(version)"
                exit "$status"
            fi
            echo "Python \(version)"
            printf '%s\\n' "$0"
            for arg in "$@"; do
                printf '%s\\n' "$arg"
            done
            exit "$status"

            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try fileManager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        for alias in ["python3", "python"] where alias != name {
            let aliasPath = bin + "/" + alias
            if (try? fileManager.destinationOfSymbolicLink(atPath: aliasPath)) == nil
                && !fileManager.fileExists(atPath: aliasPath)
            {
                try fileManager.createSymbolicLink(atPath: aliasPath, withDestinationPath: name)
            }
        }
        return path
    }
}
