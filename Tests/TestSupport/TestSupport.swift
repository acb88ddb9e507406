// TestSupport: real things for integration tests, nothing mocked.
//
// # Layout
// - `LoopbackServer.swift` (+ `LoopbackServerScript.swift`): an HTTP(S) server on 127.0.0.1 in a
//   python3 child process, serving a temp folder, with fault routes and a request log.
// - `TLSIdentity.swift`: a self-signed certificate for 127.0.0.1 made with the `openssl` CLI.
// - `ArchiveBuilder.swift` (+ `ArchiveBuilderScript.swift`): tar.gz/tar.xz/tar.zst/zip archives built
//   at test time with python3's tarfile/zipfile (which can write hostile members), `zstd` for .zst.
// - `TempRoot.swift`: a temp folder with HOME and XDG_* inside, an isolated environment, and `run`.
// - `ProcessRunner.swift`: `runProcess`, the Foundation.Process wrapper behind `run`.
// - `FakeRuntime.swift`: executable `bin/python3.X` shell scripts that echo their argv.
// - `Checksum.swift`: `sha256Hex(of:)`.
//
// Requirements on the machine: python3, sha256sum; optionally openssl (TLS tests skip without it)
// and zstd (.tar.zst archives).
