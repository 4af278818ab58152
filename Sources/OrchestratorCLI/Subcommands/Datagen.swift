import ArgumentParser
import Foundation
import RetailData

extension Orchestrator {
    struct Datagen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "datagen",
            abstract: "Generate synthetic data sets.",
            subcommands: [OnlineRetail.self])

        struct OnlineRetail: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "online-retail",
                abstract: "Write a synthetic CSV shaped like the UCI Online Retail set (Kaggle copy: Latin-1, CRLF, M/d/yyyy H:mm).",
                discussion: """
                    Deterministic: the same --rows and --seed give the same bytes. With the default 541,909 rows it
                    reproduces the real set's published statistics (invoices, cancellations, customers, countries,
                    missing values, duplicates, bad-debt rows, seasonality) within a few percent.
                    Example: orchestrator datagen online-retail --rows 541909 --seed 42 --out data/raw/online_retail.csv
                    """)

            @Option(help: "Number of data rows.") var rows: Int = 541_909
            @Option(help: "Random seed.") var seed: UInt64 = 42
            @Option(help: ArgumentHelp("Output CSV path.", valueName: "path")) var out: String

            func validate() throws {
                if rows < 1 { throw ValidationError("--rows must be at least 1, got \(rows)") }
            }

            func run() async throws {
                let started = ContinuousClock.now
                let folder = (out as NSString).deletingLastPathComponent
                let written = try await userInput {
                    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                    return try OnlineRetailGenerator(rows: rows, seed: seed).write(toPath: out)
                }
                let elapsed = ContinuousClock.now - started
                Console.out(out)
                Console.progress("wrote \(rows) synthetic rows (\(written) bytes, seed \(seed)) in \(elapsed.formatted(.units(allowed: [.milliseconds])))")
            }
        }
    }
}
