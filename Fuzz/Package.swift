// swift-tools-version:6.1
// Coverage-guided fuzz targets (libFuzzer) for every parser of the main package. Built apart from it,
// with `swift build --sanitize=fuzzer --sanitize=address`, by `scripts/fuzz`; the main build is unchanged.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between clones: read it here.
let rootFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let root = rootFolder.lastPathComponent.lowercased()

let package = Package(
    name: "OrchestratorFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // CSV bytes through the scanner and the cleaner: the quality invariant holds.
        .executableTarget(name: "FuzzCSV", dependencies: [.product(name: "RetailData", package: root)]),
        // An ingest body through the JSON parser and the record validator.
        .executableTarget(name: "FuzzJSON", dependencies: [.product(name: "Streaming", package: root)]),
        // YAML text through the workflow loader and validator: diagnostics have a position.
        .executableTarget(name: "FuzzWorkflow", dependencies: [.product(name: "OrchestratorCore", package: root)]),
        // Cron expressions, durations and time zones, with fire-time computation.
        .executableTarget(name: "FuzzSchedule", dependencies: [.product(name: "OrchestratorCore", package: root)]),
        // Random rows through the Parquet writer; the footer is read back and checked.
        .executableTarget(name: "FuzzParquet", dependencies: [.product(name: "Parquet", package: root)]),
    ]
)
