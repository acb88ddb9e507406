// The alias launcher: a tiny program that global aliases can be instead of
// symlinks (`install.alias_kind: "shim"`). A copy (or hard link) of it named
// `python3.14` in `global_dir` reads the sidecar file `python3.14.__target__`
// beside itself — one line, the absolute path of the runtime — and replaces
// itself with that runtime (`execv`), so signals, stdin and the exit status
// are the runtime's. Glibc only: no Foundation, nothing to load.
//
// The sidecar format (pymanager `aliasutils`): the target path on the first
// line; any further lines are extra arguments, one per line, put before the
// user's arguments.
import CProcessArguments
import Glibc

/// Set while a shim starts its target; a target that is itself this shim
/// (a sidecar pointing at another alias) stops the loop after a few hops.
let guardVariable = "PYMANAGER_SHIM_DEPTH"

func fail(_ message: String, _ code: Int32) -> Never {
    let text = "py-shim: " + message + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(code)
}

func ownPath() -> String {
    var buffer = [CChar](repeating: 0, count: 4097)
    let n = readlink("/proc/self/exe", &buffer, 4096)
    guard n > 0 else { fail("cannot find its own path (/proc/self/exe).", 101) }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func readSidecar(_ path: String) -> [String]? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        bytes += chunk[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
        .split(whereSeparator: { $0 == "\n" || $0 == "\r" })
        .map(String.init)
}

let me = ownPath()
let sidecar = me + ".__target__"
guard let lines = readSidecar(sidecar), let target = lines.first, !target.isEmpty else {
    fail("no target for this alias: \(sidecar) is missing or empty. Run \"py install --refresh\" to repair the aliases.", 103)
}
let depth = getenv(guardVariable).flatMap { Int(String(cString: $0)) } ?? 0
if depth >= 4 { fail("\(sidecar) leads back to another alias too many times. Run \"py install --refresh\".", 101) }
setenv(guardVariable, String(depth + 1), 1)

// argv[0] is the runtime's own path: CPython finds its prefix (and its
// standard library) from where argv[0] points, not from the alias folder.
var argv: [UnsafeMutablePointer<CChar>?] = [strdup(target)]
for extra in lines.dropFirst() where !extra.isEmpty { argv.append(strdup(extra)) }
// The C runtime's argv, not CommandLine.arguments: that reads /proc/self/maps and silently comes
// out empty when the read fails, which would start the runtime without the user's arguments.
if let processArgv = pm_process_argv() {
    for index in 1..<max(1, Int(pm_process_argc())) { if let arg = processArgv[index] { argv.append(strdup(arg)) } }
}
argv.append(nil)
execv(target, &argv)
fail("could not start \(target): \(String(cString: strerror(errno))). Run \"py install --refresh\" or reinstall the runtime.", 101)
