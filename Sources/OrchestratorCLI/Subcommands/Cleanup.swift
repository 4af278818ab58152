import ArgumentParser
import Foundation
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore

extension Orchestrator {
    struct Cleanup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cleanup",
            abstract: "Delete old finished runs: their rows and their log files.",
            discussion: """
                Active runs are never deleted. Reports the runs, task instances and log bytes freed.
                Example: orchestrator cleanup --older-than 30d --workflow nightly --dry-run
                """)

        @Option(name: .customLong("older-than"), help: ArgumentHelp("Delete runs queued longer ago than this.", valueName: "duration"))
        var olderThan: String
        @Option(help: "Only runs of this workflow.") var workflow: String?
        @Flag(name: .customLong("dry-run"), help: "Report what would be deleted, delete nothing.") var dryRun = false
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            _ = try OptionValue.duration(olderThan, option: "--older-than")
        }

        func run() async throws {
            let age = try OptionValue.duration(olderThan, option: "--older-than")
            let store = try await stateOptions.openStore()
            try await RunLauncher(store: store, registry: .all).reapOrphans()
            let cutoff = Timestamps.now() - age.milliseconds
            let report = try await RunHistoryPruner(store: store, state: stateOptions.directory)
                .prune(queuedBefore: cutoff, keepNewest: nil, workflow: workflow, dryRun: dryRun)
            if output.json {
                try Console.json(report)
            } else {
                let verb = dryRun ? "would delete" : "deleted"
                Console.out("\(verb) \(report.runs) runs, \(report.taskInstances) task instances, \(Self.format(report.logBytes)) of logs")
            }
        }

        static func format(_ bytes: Int64) -> String {
            if bytes < 1024 { return "\(bytes) B" }
            if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
            return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
        }
    }
}
