// swift-tools-version:6.1
import PackageDescription

// Layout (see README.md and ../shared/STYLE.md §1):
// - PyManagerCore: pure logic (versions, tags, ranges, JSON, config layering,
//   feed and install model, resolution, shebang/script parsing). No I/O.
// - CCurl / CArchive / CISAL: system libraries (pkg-config libcurl / libarchive / libisal).
// - PyManagerHTTP / PyManagerArchive: leaf I/O libraries, know nothing of Python.
// - PyManagerInstalls: on-disk layout, config files, discovery, aliases (no network).
// - PyManagerInstaller: feeds, downloads, verification, install transactions.
// - PyCommandLine: argument grammar, help, launching, `py list`, output formats.
// - py: the command (also answers as `pymanager`). It links neither libcurl,
//   libarchive nor swift-crypto, so every Python start stays short; commands
//   that need them run in `py-manage`, which `py` starts from beside itself.
// - py-manage: install, uninstall, `list --online`, automatic installs.
// - PyShim (Shims/): tiny alias launcher, Glibc only.
// - PyManagerIndex + pymanager-index: the feed generator for Index/.
let package = Package(
    name: "PyManager",
    products: [
        .executable(name: "py", targets: ["py"]),
        .executable(name: "py-manage", targets: ["py-manage"]),
        .executable(name: "py-shim", targets: ["PyShim"]),
        .executable(name: "pymanager-index", targets: ["pymanager-index"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        .target(name: "PyManagerCore"),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        // ISA-L's igzip inflates .tar.gz twice as fast as zlib (bench/README.md); py-manage only.
        .systemLibrary(
            name: "CISAL",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]
        ),
        .target(name: "PyManagerHTTP", dependencies: ["CCurl"]),
        .target(name: "PyManagerArchive", dependencies: ["CArchive", "CISAL"]),
        // argc/argv captured by an ELF constructor: CommandLine.arguments reads /proc/self/maps on
        // Linux and yields nothing when that read fails (see process_arguments.h).
        .target(name: "CProcessArguments"),
        .target(name: "PyManagerInstalls", dependencies: ["PyManagerCore", "CProcessArguments"]),
        .target(
            name: "PyManagerInstaller",
            dependencies: [
                "PyManagerCore", "PyManagerInstalls", "PyManagerHTTP", "PyManagerArchive",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "PyCommandLine", dependencies: ["PyManagerCore", "PyManagerInstalls"]),
        // `py` and the shim need only libc: linked fully static, they start
        // without the dynamic loader's symbol lookups (about 40% of a launch's
        // instructions; bench/README.md). The trade-off: a static executable
        // is not position-independent (static-pie crashes the Swift runtime
        // here), so its own code is not address-randomized; py-manage, which
        // handles network input, stays a normal PIE.
        .executableTarget(
            name: "py", dependencies: ["PyCommandLine", "PyManagerInstalls"],
            linkerSettings: [.unsafeFlags(["-static-executable"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "py-manage",
            dependencies: ["PyCommandLine", "PyManagerCore", "PyManagerInstalls", "PyManagerInstaller", "PyManagerHTTP"]
        ),
        .executableTarget(name: "PyShim", dependencies: ["CProcessArguments"], path: "Shims/PyShim", linkerSettings: [.unsafeFlags(["-static-executable"], .when(configuration: .release))]),
        .target(name: "PyManagerIndex", dependencies: ["CArchive"]),
        .executableTarget(name: "pymanager-index", dependencies: ["PyManagerIndex"]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PyManagerCoreTests", dependencies: ["PyManagerCore", "TestSupport"]),
        .testTarget(name: "PyManagerHTTPTests", dependencies: ["PyManagerHTTP", "TestSupport"]),
        .testTarget(name: "PyManagerArchiveTests", dependencies: ["PyManagerArchive", "TestSupport"]),
        .testTarget(name: "PyManagerIndexTests", dependencies: ["PyManagerIndex", "PyManagerCore", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["py", "py-manage", "PyShim", "pymanager-index", "TestSupport", "PyManagerCore"]
        ),
    ]
)
