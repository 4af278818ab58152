// swift-tools-version:6.1
import PackageDescription

/// The web UI's files (Sources/OrchestratorServer/Web), each compiled into the binary as bytes
/// (`PackageResources.app_js`); `WebAssets.swift` serves them, and a test checks that both lists
/// hold every file of the folder.
enum WebAssets {
    static let files = [
        "api.js", "app.css", "app.js", "dag.js", "dom.js", "format.js", "gantt.js", "index.html", "login.js", "run.js", "runs.js", "streams.js", "task.js", "workflows.js",
    ]
}

let package = Package(
    name: "orchestrator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "orchestrator", targets: ["orchestrator"]),
        // The parsers' modules, for the fuzz targets in Fuzz/ (a separate package built with libFuzzer).
        .library(name: "OrchestratorCore", targets: ["OrchestratorCore"]),
        .library(name: "RetailData", targets: ["RetailData"]),
        .library(name: "Streaming", targets: ["Streaming"]),
        .library(name: "Parquet", targets: ["Parquet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Pure core: workflow model, YAML decoding, validation, DAG, state machine. No I/O.
        .target(name: "OrchestratorCore", dependencies: ["Yams"]),
        // The RunStore protocol and its records: the seam every backend implements. No database here.
        .target(name: "OrchestratorStore", dependencies: ["OrchestratorCore"]),
        // Run state in one SQLite file (GRDB, WAL): the embedded default RunStore.
        .target(name: "SQLiteStore", dependencies: [
            "OrchestratorCore", "OrchestratorStore", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Run state in PostgreSQL (postgres-nio): the RunStore for schedulers and workers on several hosts.
        .target(name: "PostgresStore", dependencies: [
            "OrchestratorStore", "OrchestratorCore", .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Opens the store a StateLocation names (SQLite or PostgreSQL): the only code that knows both.
        .target(name: "StoreBackends", dependencies: ["OrchestratorStore", "SQLiteStore", "PostgresStore"]),
        // Executor, task registry, process runner, built-in shell task.
        .target(name: "OrchestratorEngine", dependencies: [
            "OrchestratorCore", "OrchestratorStore", .product(name: "Logging", package: "swift-log"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
        ]),
        // The scheduled daemon: scheduling loop, lease, folder watching, services and signals.
        .target(name: "OrchestratorScheduler", dependencies: [
            "OrchestratorCore", "OrchestratorStore", "OrchestratorEngine",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
        ]),
        // Command-line interface.
        .target(name: "OrchestratorCLI", dependencies: [
            "OrchestratorCore", "OrchestratorStore", "StoreBackends", "OrchestratorEngine", "RetailData", "RetailTasks", "OrchestratorScheduler",
            "Streaming", "StreamTasks", "OrchestratorServer", "SparkTasks", "PlatformTasks", "ObjectStorage",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // zlib for the Parquet GZIP codec (needs zlib1g-dev).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Parquet file writer: Thrift compact footer, dictionary/RLE encodings, Snappy, GZIP.
        .target(name: "Parquet", dependencies: ["CZlib"]),
        // Online Retail domain: generator, streaming CSV reader, cleaning rules, SalesTable, Money.
        .target(name: "RetailData", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Aggregates, Power BI star schema, EMR DDL and Zeppelin note.
        .target(name: "RetailExports", dependencies: ["RetailData"]),
        // The batch task types: datagen, ingest, clean, partition, aggregate, export.
        .target(name: "RetailTasks", dependencies: ["OrchestratorCore", "OrchestratorEngine", "RetailData", "RetailExports", "Parquet"]),
        // Switches off SQLite's global memory statistics at load time (one mutex per allocation otherwise).
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Streaming: stream logs, checkpoints, serving tables and tokens in SQLite; edge validation; group commit.
        .target(name: "Streaming", dependencies: [
            "RetailData", "CSQLiteTuning", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The micro-batch task types: stream_read, stream_clean, the two sinks, stream_commit, stream_landing.
        .target(name: "StreamTasks", dependencies: ["OrchestratorCore", "OrchestratorEngine", "Streaming", "RetailData", "RetailTasks", "Parquet", "ObjectStorage"]),
        // The HTTP API (Hummingbird): ingest, queries, token and JWT auth; the runs API, the web UI
        // (files in Web/, compiled into the binary) and Prometheus metrics.
        .target(name: "OrchestratorServer", dependencies: [
            "Streaming", "RetailData", "OrchestratorCore", "OrchestratorStore", "OrchestratorEngine", "OrchestratorScheduler",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], resources: WebAssets.files.map { .embedInCode("Web/" + $0) }),
        // The spark_submit task type: Spark applications as task attempts.
        .target(name: "SparkTasks", dependencies: ["OrchestratorCore", "OrchestratorEngine"]),
        // Object storage behind the ObjectStore protocol: S3 (SigV4 on swift-crypto, HTTP on async-http-client).
        .target(name: "ObjectStorage", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Warehouse loads behind the Warehouse protocol: PostgreSQL COPY (postgres-nio), Redshift COPY from S3.
        .target(name: "Warehouse", dependencies: [
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The platform task types: s3_sync and warehouse_load.
        .target(name: "PlatformTasks", dependencies: [
            "OrchestratorCore", "OrchestratorEngine", "ObjectStorage", "Warehouse",
        ]),
        // Release builds link the Swift runtime and Foundation statically: one binary that runs on a
        // host without a Swift toolchain, and that starts in about half the time (no symbol lookups
        // across a dozen shared libraries). `-static-stdlib` alone links the runtime; Foundation's
        // archives and the ones they need are named here, in a group, since they refer to each other.
        // The executable is position-dependent and exports no symbols: the loader then applies no
        // relative relocations (there were 162,000) and `dladdr`, which the runtime calls once at
        // start, scans 600 dynamic symbols instead of 62,000. Start-up fell from 13.1 to 8.7 ms
        // (medians of 30). The cost: the executable's own code and data are not at a random address
        // (shared libraries, heap and stacks still are), as with Go's default Linux builds.
        .executableTarget(name: "orchestrator", dependencies: ["OrchestratorCLI"], linkerSettings: [
            .unsafeFlags([
                "-static-stdlib", "-Xlinker", "--start-group",
                "-lFoundation", "-lFoundationInternationalization", "-lFoundationEssentials", "-lCoreFoundation",
                "-l_FoundationCShims", "-l_FoundationCollections", "-l_FoundationICU",
                "-lswiftSynchronization", "-lswift_RegexParser", "-lswift_StringProcessing",
                "-Xlinker", "--end-group",
                "-Xclang-linker", "-no-pie", "-Xlinker", "--no-export-dynamic",
            ], .when(platforms: [.linux], configuration: .release)),
        ]),

        .testTarget(name: "OrchestratorCoreTests", dependencies: ["OrchestratorCore"]),
        .testTarget(name: "OrchestratorEngineTests", dependencies: [
            "OrchestratorEngine", "OrchestratorStore", "SQLiteStore", "OrchestratorCore", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "CZlib"]),
        .testTarget(name: "RetailDataTests", dependencies: ["RetailData"]),
        .testTarget(name: "RetailExportsTests", dependencies: ["RetailExports", "RetailData"]),
        .testTarget(name: "OrchestratorSchedulerTests", dependencies: ["OrchestratorScheduler", "OrchestratorEngine", "OrchestratorStore", "SQLiteStore", "OrchestratorCore"]),
        .testTarget(name: "StreamingTests", dependencies: [
            "Streaming", "StreamTasks", "RetailData", "OrchestratorEngine", "OrchestratorCore", "OrchestratorStore", "SQLiteStore", "TestServers",
        ]),
        .testTarget(name: "OrchestratorServerTests", dependencies: [
            "OrchestratorServer", "Streaming", "OrchestratorCore", "OrchestratorStore", "SQLiteStore", "OrchestratorEngine", "OrchestratorScheduler",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ]),
        .testTarget(name: "SparkTasksTests", dependencies: ["SparkTasks", "OrchestratorEngine", "OrchestratorCore"]),
        // Real servers for tests (moto_server, a throwaway PostgreSQL cluster), started on free ports.
        .target(name: "TestServers", path: "Tests/TestServers"),
        .testTarget(name: "ObjectStorageTests", dependencies: ["ObjectStorage", "TestServers"]),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse", "TestServers"]),
        // The same RunStore tests against SQLite and a real PostgreSQL 15.
        .testTarget(name: "OrchestratorStoreTests", dependencies: [
            "OrchestratorStore", "SQLiteStore", "PostgresStore", "OrchestratorCore", "TestServers",
        ]),
        .testTarget(name: "EndToEndTests", dependencies: ["orchestrator", "TestServers"]),
    ]
)
