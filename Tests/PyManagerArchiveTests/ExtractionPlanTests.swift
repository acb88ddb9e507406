@testable import PyManagerArchive
import Testing

@Suite("Symlink resolution inside the destination")
struct ExtractionPlanTests {
    @Test(
        "resolve follows the archive's symlinks like the kernel",
        arguments: [
            // (link folder, target, archive symlinks, resolved path or nil when it escapes)
            ([], "lib/os.py", [:], "lib/os.py"),
            (["bin"], "../lib", [:], "lib"),
            (["bin"], "../..", [:], nil),
            ([], ".", [:], ""),
            (["x"], "../here/..", ["here": "."], nil),
            (["x"], "s/..", ["x/s": ".."], nil),
            (["a"], "deep/../..", ["a/deep": "b/c"], "a"),
            ([], "loop", ["loop": "loop"], nil),
            ([], "abs/x", ["abs": "/etc"], nil),
        ] as [([String], String, [String: String], String?)])
    func resolve(start: [String], target: String, symlinks: [String: String], expected: String?) {
        let resolved = ExtractionPlan.resolve(from: start, target, symlinks: symlinks)
        #expect(resolved?.joined(separator: "/") == expected)
    }

    @Test(
        "member paths are normalised or refused",
        arguments: [
            ("./python//bin/", PathComponents.valid(["python", "bin"])),
            ("python/./lib", .valid(["python", "lib"])),
            ("/etc/passwd", .refused(.absolutePath)),
            ("a/../b", .refused(.parentDirectoryReference)),
            ("..", .refused(.parentDirectoryReference)),
            ("./", .valid([])),
        ])
    func components(path: String, expected: PathComponents) {
        #expect(ExtractionPlan.components(of: path) == expected)
    }

    @Test("the stripped top folder and the root entry are skipped")
    func skipsTopFolder() throws {
        let members = [
            ArchiveMember(path: "./", kind: .directory), ArchiveMember(path: "./python/", kind: .directory),
            ArchiveMember(path: "./python/bin/python3", kind: .file),
        ]
        let plan = try ExtractionPlan(members: members, stripCommonTopLevel: true, archive: "a.tar")
        #expect(plan.strippedPrefix == "python")
        #expect(plan.steps.map(\.relativePath) == [nil, nil, "bin/python3"])
    }
}
