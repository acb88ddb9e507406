import Glibc
import PyCommandLine
import PyManagerCore
import PyManagerInstalls

// `py`: launching and `py list` run here, with nothing but the Swift
// runtime and libc loaded. Commands that download, verify or extract are
// handed to `py-manage` beside this binary (see `CommandServices`).

/// `py-manage` next to this binary (following symlinks such as `pymanager`).
func managerPath() throws -> String {
    guard let me = Posix.executablePath() else {
        throw CommandFailure(message: "Cannot find py's own path (/proc/self/exe).", code: ExitCode.internalError)
    }
    let path = Path.join(Path.directory(of: me), "py-manage")
    guard Posix.isExecutableFile(path) else {
        throw CommandFailure(message: "\(path) is missing: it does the downloads and installs for py. Install it beside \(me).")
    }
    return path
}

/// Replaces this process with `py-manage <arguments>`.
func manage(_ arguments: [String]) -> Int32 {
    reportingErrors {
        let path = try managerPath()
        let error = Posix.exec(path, arguments: [path] + arguments)
        throw CommandFailure(message: "\(error)", code: ExitCode.internalError)
    }
}

/// Runs `py-manage install --automatic <arguments>` and waits for it.
func autoInstall(_ arguments: [String]) throws {
    let path = try managerPath()
    let status: Int32
    do {
        status = try Posix.spawnAndWait(path, arguments: [path, "install", "--automatic"] + arguments)
    } catch {
        throw CommandFailure(message: "\(error)", code: ExitCode.internalError)
    }
    // py-manage has already said what went wrong.
    if status != ExitCode.success { throw CommandFailure(message: "", code: status) }
}

exit(runCommandLine(Posix.arguments, services: CommandServices(manage: manage, autoInstall: autoInstall)))
