import Foundation
import TestSupport
import Testing

/// TestSupport is used by every integration test; these pin down its documented behaviour.
@Suite("TestSupport helpers")
struct TestSupportTests {
    @Test("FakeRuntime prints its version and argv and passes the exit status through")
    func fakeRuntime() throws {
        let root = try TempRoot()
        let python = try FakeRuntime.write(version: "3.12.1", in: root.path + "/installs/3.12")
        #expect(python.hasSuffix("/bin/python3.12"))

        let plain = try root.run(python, ["-c", "print(1)", "two words"])
        #expect(plain.status == 0)
        #expect(plain.stdout == "Python 3.12.1\n\(python)\n-c\nprint(1)\ntwo words\n")

        let byArgument = try root.run(python, ["--fake-exit=7"])
        #expect(byArgument.status == 7)
        let byEnvironment = try root.run(python, [], env: [FakeRuntime.exitStatusVariable: "3"])
        #expect(byEnvironment.status == 3)
        #expect(try root.run(python, ["--version"]).stdout == "Python 3.12.1\n")
        #expect(try root.run(root.path + "/installs/3.12/bin/python3", ["x"]).stdout.hasPrefix("Python 3.12.1\n"))
    }

    @Test("TempRoot's environment is isolated and run feeds stdin and captures both streams")
    func tempRoot() throws {
        let root = try TempRoot()
        #expect(root.environment["HOME"] == root.home)
        #expect(root.environment["XDG_CONFIG_HOME"]?.hasPrefix(root.path) == true)
        #expect(Set(root.environment.keys) == [
            "PATH", "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "TMPDIR", "LANG",
            "PYTHON_MANAGER_SYSTEM_INSTALL_DIR", "PYTHON_MANAGER_SYSTEM_GLOBAL_DIR",
        ])
        #expect(root.environment["PYTHON_MANAGER_SYSTEM_INSTALL_DIR"]?.hasPrefix(root.path + "/") == true)
        let result = try root.run("/bin/sh", ["-c", "cat; echo \"$HOME\"; pwd; echo err >&2; exit 4"], stdin: "in\n")
        #expect(result.status == 4)
        #expect(result.stdout == "in\n\(root.home)\n\(root.work)\n")
        #expect(result.stderr == "err\n")
        let path = root.path
        root.remove()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("run kills a child that outlives its timeout")
    func timeout() throws {
        let root = try TempRoot()
        let result = try root.run("/bin/sleep", ["30"], timeout: 0.3)
        #expect(result.timedOut)
    }

    @Test("sha256Hex matches a known digest")
    func checksum() throws {
        let root = try TempRoot()
        let path = try root.write("abc", to: "work/abc.txt")
        #expect(try sha256Hex(of: path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("the server's stop() ends it and removes its folder")
    func serverStop() throws {
        let server = try LoopbackServer()
        let served = server.root
        try server.write("x", to: "a")
        server.stop()
        server.stop()
        #expect(!FileManager.default.fileExists(atPath: served))
    }
}
