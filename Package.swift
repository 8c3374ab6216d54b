// swift-tools-version: 6.2
import PackageDescription

/// sonicmap: a terminal service map for SuperSONIC (Envoy → Triton) deployments.
///
/// Import directions (see DESIGN.md): Core knows nothing of HTTP or terminals;
/// UI knows nothing of curses or curl.
let package = Package(
    name: "sonicmap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sonicmap", targets: ["sonicmap"]),
        .executable(name: "sonicmap-bench", targets: ["sonicmap-bench"]),
        .executable(name: "sonicmap-fuzz", targets: ["sonicmap-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // No pkgConfig: ncursesw.pc adds -D_DEFAULT_SOURCE/-D_XOPEN_SOURCE, which SwiftPM refuses with a
        // warning on every build; the shim defines what it needs and the module map links the libraries.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CBuildInfo"),
        .target(name: "SonicMapCore", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(name: "SonicMapSources", dependencies: ["SonicMapCore", "CCurl", .product(name: "Yams", package: "Yams")]),
        .target(name: "SonicMapUI", dependencies: ["SonicMapCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "SonicMapExport", dependencies: ["SonicMapCore", "SonicMapUI"]),
        .target(name: "SonicMapTerminal", dependencies: ["SonicMapUI", "CNcursesw"]),
        // The command line: commands, flags, wiring of sources to the app, --once frames and
        // the TUI's export worker. A library so tests can reach it; `sonicmap` is its main.
        .target(
            name: "SonicMapCLI",
            dependencies: [
                "SonicMapCore", "SonicMapSources", "SonicMapUI", "SonicMapExport", "SonicMapTerminal", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "sonicmap", dependencies: ["SonicMapCLI"]),
        .executableTarget(name: "sonicmap-bench", dependencies: ["SonicMapCore", "SonicMapUI", "SonicMapSources", "SonicMapExport"]),
        // Mutation fuzzer of the trace and snapshot readers; built by a plain `swift build`,
        // run by `make fuzz` and (a fixed seed range) by Tests/e2e/test_fuzz.py.
        .executableTarget(name: "sonicmap-fuzz", dependencies: ["SonicMapCore", "SonicMapUI", "SonicMapSources"]),
        // Helpers every test target shares: fixture lookup, golden frames, real servers on
        // loopback, a driver that answers the app's commands as the poller would.
        .target(
            name: "SonicMapTestSupport",
            dependencies: ["SonicMapCore", "SonicMapSources", "SonicMapUI", "SonicMapExport"],
            path: "Tests/SonicMapTestSupport",
            exclude: ["Servers"]
        ),
        .testTarget(name: "SonicMapCoreTests", dependencies: ["SonicMapCore", "SonicMapTestSupport"]),
        .testTarget(name: "SonicMapTerminalTests", dependencies: ["SonicMapTerminal", "SonicMapUI", "CNcursesw"]),
        .testTarget(name: "SonicMapSourcesTests", dependencies: ["SonicMapSources", "SonicMapCore", "SonicMapTestSupport"]),
        .testTarget(name: "SonicMapCLITests", dependencies: ["SonicMapCLI", "SonicMapCore", "SonicMapSources", "SonicMapUI", "SonicMapExport", "SonicMapTestSupport"]),
        .testTarget(
            name: "SonicMapUITests",
            dependencies: ["SonicMapUI", "SonicMapExport", "SonicMapCore", "SonicMapSources", "SonicMapTestSupport"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
