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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
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
        // The scale-out backend: one PostgreSQL database shared by several servers, on PostgresNIO.
        .target(
            name: "PipelineStorePostgres",
            dependencies: [
                "PipelineCore", "PipelineStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl, with typed wrappers for its variadic functions and the address guard in C.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Webhook delivery: signing, retry policy, address guard, requests over libcurl.
        .target(
            name: "PipelineWebhooks",
            dependencies: [
                "PipelineCore", "PipelineStore", "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // E-mail: RFC 5322 messages (text and HTML), and sending them over SMTP with libcurl.
        // Knows no people and no outbox: the notifications above it decide what to send to whom.
        .target(name: "PipelineMail", dependencies: ["PipelineCore", "CCurl"], swiftSettings: swiftSettings),
        // The notifications by e-mail: Dutch Mustache templates, one message or a daily digest per
        // person, and the loop that claims the mail queue, sends over PipelineMail and records it.
        .target(
            name: "PipelineNotifications",
            dependencies: [
                "PipelineCore", "PipelineStore", "PipelineMail",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        // The pages for people: server-rendered HTML from Mustache templates, SVG charts, sessions
        // (kept in the store, the session id only as its SHA-256).
        // Below PipelineServer, which mounts the pages next to /v1 and hands them its token check;
        // the pages run every command through the same CommandHandler and engine as the API.
        .target(
            name: "PipelineWeb",
            dependencies: [
                "PipelineCore", "PipelineStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Templates"), .copy("Labels"), .copy("Static")],
            swiftSettings: swiftSettings
        ),
        // The HTTP API: routes, tokens, problem+json, OpenAPI document, metrics.
        .target(
            name: "PipelineServer",
            dependencies: [
                "PipelineCore", "PipelineDefinition", "PipelineStore", "PipelineWebhooks", "PipelineWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("openapi.yaml")],
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
                "PipelineStorePostgres",
                "PipelineServer",
                "PipelineWebhooks",
                "PipelineMail",
                "PipelineNotifications",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks and the crash harness: build with -c release to measure (scripts/bench.sh).
        .executableTarget(
            name: "pipeline-bench",
            dependencies: [
                "PipelineCore", "PipelineDefinition", "PipelineStore", "PipelineStoreSQLite", "PipelineStorePostgres",
                "PipelineWebhooks", "PipelineWeb", "PipelineMail", "PipelineNotifications",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Benchmarks/PipelineBench",
            swiftSettings: swiftSettings
        ),
        // What the test targets share: paths, the bundled workflows, the people and their tokens.
        .target(
            name: "PipelineTestSupport",
            dependencies: ["PipelineCore", "PipelineDefinition", "PipelineStore", "PipelineServer"],
            path: "Tests/PipelineTestSupport",
            swiftSettings: swiftSettings
        ),
        // Golden webhook bodies are read from their folder by path, not bundled.
        .testTarget(
            name: "PipelineCoreTests", dependencies: ["PipelineCore"], exclude: ["Golden"],
            swiftSettings: swiftSettings),
        // The engine on the bundled workflows: pure, but the workflows come from their files.
        .testTarget(
            name: "PipelineEngineTests", dependencies: ["PipelineCore", "PipelineDefinition"],
            swiftSettings: swiftSettings),
        // Runs the built `pipeline` executable as a user would; depends on it being built.
        .testTarget(
            name: "PipelineCLITests",
            dependencies: [
                "pipeline", "PipelineTestSupport", "PipelineCore", "PipelineStore", "PipelineStoreSQLite",
                "PipelineStorePostgres",
            ], swiftSettings: swiftSettings),
        // One contract suite, run against every backend (PostgreSQL with PIPELINE_TEST_POSTGRES_URL).
        .testTarget(
            name: "PipelineStoreTests",
            dependencies: [
                "PipelineCore", "PipelineDefinition", "PipelineStore", "PipelineStoreSQLite", "PipelineStorePostgres",
                "pipeline-bench", "PipelineTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The API over real HTTP on 127.0.0.1, on a real SQLite file.
        .testTarget(
            name: "PipelineServerTests",
            dependencies: [
                "PipelineCore", "PipelineDefinition", "PipelineStore", "PipelineStoreSQLite", "PipelineServer",
                "PipelineWebhooks", "PipelineTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Every page and form over real HTTP on 127.0.0.1, on a real SQLite file.
        .testTarget(
            name: "PipelineWebTests",
            dependencies: [
                "PipelineCore", "PipelineDefinition", "PipelineStore", "PipelineStoreSQLite", "PipelineServer",
                "PipelineWeb", "PipelineTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Signing, retries and the address guard; real libcurl against a real receiver on 127.0.0.1.
        .testTarget(
            name: "PipelineWebhooksTests",
            dependencies: [
                "PipelineWebhooks", "CCurl", "PipelineCore", "PipelineDefinition", "PipelineStore",
                "PipelineStoreSQLite", "PipelineTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        // Message encoding, and real libcurl against a real SMTP sink on 127.0.0.1 (scripts/smtp-sink.py).
        .testTarget(
            name: "PipelineMailTests", dependencies: ["PipelineMail", "PipelineTestSupport"],
            swiftSettings: swiftSettings),
        // Templates, digests, back-off and the digest hour; the mail loop over a real store (SQLite,
        // and PostgreSQL with PIPELINE_TEST_POSTGRES_URL) against a real SMTP sink on 127.0.0.1.
        .testTarget(
            name: "PipelineNotificationsTests",
            dependencies: [
                "PipelineNotifications", "PipelineMail", "PipelineCore", "PipelineStore", "PipelineStoreSQLite",
                "PipelineStorePostgres", "PipelineTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PipelineDefinitionTests",
            dependencies: ["PipelineCore", "PipelineDefinition"],
            exclude: ["Corpus"],
            swiftSettings: swiftSettings
        ),
    ]
)
