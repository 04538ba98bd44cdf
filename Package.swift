// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "pipeline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pipeline", targets: ["pipeline"]),
        .executable(name: "pipeline-bench", targets: ["pipeline-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Pure domain: workflow model, expressions, evaluation. Foundation only, no I/O.
        .target(name: "PipelineCore", swiftSettings: swiftSettings),
        // Workflow YAML text -> validated Workflow or diagnostics. Takes text, never opens files.
        .target(
            name: "PipelineDefinition",
            dependencies: ["PipelineCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The Store protocol, its errors and the command handler every backend shares.
        .target(name: "PipelineStore", dependencies: ["PipelineCore"], swiftSettings: swiftSettings),
        // The embedded default: one SQLite file, on GRDB.
        .target(
            name: "PipelineStoreSQLite",
            dependencies: ["PipelineCore", "PipelineStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // The thin command line: parses options, reads files, calls the modules above.
        .executableTarget(
            name: "pipeline",
            dependencies: [
                "PipelineCore",
                "PipelineDefinition",
                "PipelineStore",
                "PipelineStoreSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks and the crash harness: build with -c release to measure (scripts/bench.sh).
        .executableTarget(
            name: "pipeline-bench",
            dependencies: [
                "PipelineCore", "PipelineDefinition", "PipelineStore", "PipelineStoreSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/PipelineBench",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PipelineCoreTests", dependencies: ["PipelineCore"], swiftSettings: swiftSettings),
        // The engine on the bundled workflows: pure, but the workflows come from their files.
        .testTarget(
            name: "PipelineEngineTests", dependencies: ["PipelineCore", "PipelineDefinition"],
            swiftSettings: swiftSettings),
        // Runs the built `pipeline` executable as a user would; depends on it being built.
        .testTarget(name: "PipelineCLITests", dependencies: ["pipeline"], swiftSettings: swiftSettings),
        // One contract suite, run against every backend.
        .testTarget(
            name: "PipelineStoreTests",
            dependencies: [
                "PipelineCore", "PipelineDefinition", "PipelineStore", "PipelineStoreSQLite", "pipeline-bench",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PipelineDefinitionTests",
            dependencies: ["PipelineCore", "PipelineDefinition"],
            exclude: ["Corpus"],
            swiftSettings: swiftSettings
        ),
    ]
)
