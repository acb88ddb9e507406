import Glibc
import PyCommandLine
import PyManagerCore
import PyManagerInstalls

/// `install --system` / `uninstall --system`: the same command, acting on the
/// store every user shares (DESIGN.md "Shared machines").
///
/// 1. Without write access to `system_install_dir` the command stops here
///    with one line that names the folder and the `sudo` command, before it
///    reads a feed or takes a lock, so it changes nothing.
/// 2. The umask becomes 022 for the rest of the process, and the installer
///    sets every installed file to 0755/0644, so each user can run what root
///    installs whatever root's umask is.
/// 3. The settings switch to the system store (`Settings.forSystemStore`):
///    its own lock (`<system_install_dir>/.lock`, so a user's install never
///    waits on it), its own aliases (`system_global_dir`).
func systemContext(_ context: Context, command: ParsedCommand, arguments: [String]) throws -> Context {
    if command.options["target"] != nil || command.options["download"] != nil {
        throw UsageError(message: "--system installs into the system store; it cannot be combined with --target or --download.", command: command.name)
    }
    var system = context
    system.settings = context.settings.forSystemStore()
    let dir = system.settings.installDir
    guard Posix.canWrite(into: dir) else {
        throw CommandFailure(message: "py \(command.name) --system needs write access to \(dir); run it as root: sudo py \(shellWords(arguments))")
    }
    umask(0o022)
    return system
}

/// The arguments as one command line, quoting those a shell would split.
func shellWords(_ arguments: [String]) -> String {
    arguments.map { word in
        let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_.,:=/+@%".contains($0) }
        return plain ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }.joined(separator: " ")
}
