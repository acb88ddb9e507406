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
        try writeExecutable(script, at: path)
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

    /// Writes an executable file (0755) through a close-on-exec descriptor. Tests start processes
    /// from many threads: a child forked while a plain descriptor to the file is open would keep it
    /// open for its whole life, and starting the file would fail with ETXTBSY ("Text file busy").
    public static func writeExecutable(_ text: String, at path: String) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw TestSupportError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw TestSupportError("cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += n
        }
        guard fchmod(fd, 0o755) == 0 else { throw TestSupportError("cannot chmod \(path)") }
    }
}
