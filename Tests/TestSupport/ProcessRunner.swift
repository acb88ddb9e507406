import Foundation

/// What a finished child process did.
public struct ProcessResult: Sendable, Equatable {
    /// The exit status, or 128 + signal number when killed by a signal.
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// The process was still running at the deadline and was killed.
    public var timedOut: Bool
}

/// Runs `executable` (a path, or a bare name looked up in `environment["PATH"]`) to completion.
///
/// `environment` replaces the child's whole environment (nil inherits this process's). `stdin` is fed
/// to it (nil: /dev/null). stdout/stderr go through temp files, so large outputs cannot deadlock.
/// A child still running after `timeout` seconds is killed and `timedOut` is set.
public func runProcess(
    _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
    currentDirectory: String? = nil, stdin: String? = nil, timeout: Double = 120
) throws -> ProcessResult {
    let fileManager = FileManager.default
    let scratch = fileManager.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
    try fileManager.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? fileManager.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    let inURL = scratch.appendingPathComponent("stdin")
    _ = fileManager.createFile(atPath: outURL.path, contents: nil)
    _ = fileManager.createFile(atPath: errURL.path, contents: nil)
    _ = fileManager.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))

    let process = Process()
    process.executableURL = URL(fileURLWithPath: try resolveExecutable(executable, environment: environment))
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    let inHandle = try FileHandle(forReadingFrom: inURL)
    defer {
        try? outHandle.close()
        try? errHandle.close()
        try? inHandle.close()
    }
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = stdin == nil ? FileHandle.nullDevice : inHandle
    try process.run()

    let deadline = Date().addingTimeInterval(timeout)
    var timedOut = false
    while process.isRunning {
        if Date() > deadline {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            break
        }
        usleep(2_000)
    }
    process.waitUntilExit()
    let status =
        process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return ProcessResult(status: status, stdout: out, stderr: err, timedOut: timedOut)
}

/// `name` itself when it contains a slash, else the first executable `PATH` entry named `name`.
func resolveExecutable(_ name: String, environment: [String: String]?) throws -> String {
    if name.contains("/") { return name }
    let path = environment?["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw TestSupportError("'\(name)' was not found on PATH (\(path))")
}

/// Whether a tool is available on this process's PATH (for skipping tests that need it).
public func isToolAvailable(_ name: String) -> Bool {
    (try? resolveExecutable(name, environment: nil)) != nil
}
