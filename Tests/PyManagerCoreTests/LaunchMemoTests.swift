import PyManagerCore
import Testing

@Suite("Launch memo")
struct LaunchMemoTests {
    static let choice = LaunchMemo.Choice(key: "k1", store: .system, folder: "pythoncore-3.12-64", runForIndex: 2)

    @Test("a written memo parses back; a torn last line and bad lines are dropped")
    func roundTrip() {
        var memo = LaunchMemo()
        memo.remember(Self.choice)
        memo.remember(LaunchMemo.Choice(key: "k2", store: .user, folder: "pypy-3.11-64", runForIndex: 0))
        #expect(LaunchMemo(parsing: memo.text) == memo)
        #expect(memo.choices.map(\.key) == ["k2", "k1"])
        let torn = memo.text + "k3\tuser\tpythoncore-3.14-64\t1"
        #expect(LaunchMemo(parsing: torn) == memo)
        let bad = "k\tnobody\tx\t1\nk\tuser\t../x\t1\nk\tuser\t.hidden\t1\nk\tuser\tx\t-1\nk\tuser\tx\n" + memo.text
        #expect(LaunchMemo(parsing: bad) == memo)
    }

    @Test("a choice is found in the file's bytes by its key alone; a torn line is not")
    func lookupInBytes() {
        var memo = LaunchMemo()
        memo.remember(Self.choice)
        memo.remember(LaunchMemo.Choice(key: "k1x", store: .user, folder: "other", runForIndex: 0))
        memo.remember(LaunchMemo.Choice(key: "k", store: .user, folder: "short", runForIndex: 1))
        let bytes = Array(memo.text.utf8)
        #expect(LaunchMemo.choice(for: "k1", in: bytes) == Self.choice)
        #expect(LaunchMemo.choice(for: "k", in: bytes)?.folder == "short")
        #expect(LaunchMemo.choice(for: "k2", in: bytes) == nil)
        // k1 is the oldest choice, the last line: without its newline it is torn.
        #expect(memo.choices.last?.key == "k1")
        #expect(LaunchMemo.choice(for: "k1", in: Array(bytes.dropLast())) == nil)
        #expect(LaunchMemo.choice(for: "k1", in: Array("k1\tsystem\tpythoncore-3.12-64\t2".utf8)) == nil)
    }

    @Test("remembering keeps one choice per key, newest first, at most `capacity`")
    func capacity() {
        var memo = LaunchMemo()
        for n in 0..<(LaunchMemo.capacity + 5) {
            memo.remember(LaunchMemo.Choice(key: "k\(n % (LaunchMemo.capacity + 2))", store: .user, folder: "f\(n)", runForIndex: n))
        }
        #expect(memo.choices.count == LaunchMemo.capacity)
        #expect(Set(memo.choices.map(\.key)).count == LaunchMemo.capacity)
        #expect(memo.choices.first?.folder == "f\(LaunchMemo.capacity + 4)")
    }

    @Test("the key changes with the request, the settings and each store's stamp")
    func keys() throws {
        let base = try #require(LaunchMemo.key(request: "3.12", defaultTag: "3", defaultPlatform: "-64", stamps: ["a", "b"]))
        let others = [
            LaunchMemo.key(request: "3.13", defaultTag: "3", defaultPlatform: "-64", stamps: ["a", "b"]),
            LaunchMemo.key(request: "3.12", defaultTag: "3.11", defaultPlatform: "-64", stamps: ["a", "b"]),
            LaunchMemo.key(request: "3.12", defaultTag: "3", defaultPlatform: "-arm64", stamps: ["a", "b"]),
            LaunchMemo.key(request: "3.12", defaultTag: "3", defaultPlatform: "-64", stamps: ["a", "c"]),
            LaunchMemo.key(request: "3.12", defaultTag: "3", defaultPlatform: "-64", stamps: [nil, "b"]),
            LaunchMemo.key(request: "3.12", defaultTag: "3", defaultPlatform: "-64", stamps: ["a"]),
        ]
        #expect(others.allSatisfy { $0 != nil && $0 != base })
        #expect(LaunchMemo.key(request: "3.12\tx", defaultTag: "3", defaultPlatform: "-64", stamps: []) == nil)
    }
}
