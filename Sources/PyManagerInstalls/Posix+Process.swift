import CProcessArguments
import Glibc

extension Posix {
    /// This process's arguments (argv[0] first), as the C runtime passed them. Use it instead of
    /// `CommandLine.arguments`, which silently comes out empty when /proc/self/maps cannot be read.
    public static var arguments: [String] {
        guard let argv = pm_process_argv() else { return CommandLine.arguments }
        return (0..<Int(pm_process_argc())).map { argv[$0].map { String(cString: $0) } ?? "" }
    }

    /// Bytes an unprivileged user may still write to the file system holding `path` (statvfs's
    /// `f_bavail`), or nil when it cannot be asked.
    public static func availableBytes(at path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// The ELF machine (`e_machine`: 62 x86_64, 183 aarch64, 3 i386) of the executable at `path`
    /// (followed through symlinks), or nil for a script or anything not ELF.
    public static func elfMachine(_ path: String) -> UInt16? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 20)
        let n = header.withUnsafeMutableBytes { read(fd, $0.baseAddress, 20) }
        guard n == 20, header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C, header[3] == 0x46 else { return nil }
        // EI_DATA: 1 little-endian, 2 big-endian.
        return header[5] == 2 ? UInt16(header[18]) << 8 | UInt16(header[19]) : UInt16(header[19]) << 8 | UInt16(header[18])
    }

    /// The ELF machine of this process (see `elfMachine`).
    public static var hostELFMachine: UInt16? { elfMachine("/proc/self/exe") }

    /// What a finished child did: its exit status (128 + signal when killed) and the first bytes
    /// it wrote to stdout and stderr together.
    public struct ChildResult: Sendable {
        public var status: Int32
        public var output: String
        public var timedOut: Bool
    }

    /// Runs `path` with `arguments` (argv[0] first) and exactly `environment`, stdin from
    /// /dev/null, stdout and stderr captured (the first 64 KiB); kills it after `timeout` seconds.
    public static func run(
        _ path: String, arguments: [String], environment: [String: String], timeout: Double
    ) throws(PosixError) -> ChildResult {
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { throw PosixError("create a pipe for", path) }
        // Neither end may leak into the child beyond the dup2 onto its stdout and stderr.
        _ = fcntl(pipeFDs[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeFDs[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 2)
        var cArgs: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArgs.append(nil)
        var cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") }
        cEnv.append(nil)
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, &cArgs, &cEnv)
        close(pipeFDs[1])
        guard rc == 0 else {
            close(pipeFDs[0])
            throw PosixError("start", path, code: rc)
        }
        defer { close(pipeFDs[0]) }

        var output: [UInt8] = []
        var timedOut = false
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let end = Double(start.tv_sec) + Double(start.tv_nsec) / 1e9 + timeout
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var reading = true
        while reading {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let left = end - (Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)
            if left <= 0 {
                timedOut = true
                kill(pid, SIGKILL)
                break
            }
            var poller = pollfd(fd: pipeFDs[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left * 1000, 1000)) + 1)
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(pipeFDs[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                reading = false
            } else if output.count < 64 * 1024 {
                output += buffer[..<n]
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw PosixError("wait for", path) }
        }
        let signal = status & 0x7f
        return ChildResult(
            status: signal == 0 ? (status >> 8) & 0xff : 128 + signal,
            output: String(decoding: output, as: UTF8.self), timedOut: timedOut)
    }
}
