import ArgumentParser
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore

extension Orchestrator {
    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "runs",
            abstract: "Inspect run history.",
            subcommands: [List.self, Show.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list",
                abstract: "List runs, newest first.",
                discussion: "Example: orchestrator runs list --workflow batch --status failed --since 2026-11-01 --json")

            @Option(help: "Only runs of this workflow.") var workflow: String?
            @Option(help: ArgumentHelp("Only runs in this status: \(RunState.allCases.map(\.rawValue).joined(separator: ", ")).")) var status: RunState?
            @Option(help: ArgumentHelp("Only runs queued at or after this UTC date (YYYY-MM-DD[THH:MM[:SS]]).", valueName: "date")) var since: String?
            @Option(help: "At most this many runs.") var limit: Int = 20
            @OptionGroup var stateOptions: StateOptions
            @OptionGroup var output: JSONOption

            func validate() throws {
                if limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
                if let since { _ = try OptionValue.date(since, option: "--since") }
            }

            func run() async throws {
                let store = try await stateOptions.openStore()
                try await RunLauncher(store: store, registry: .all).reapOrphans()
                let runs = try await store.listRuns(RunFilter(workflow: workflow, status: status, since: since.flatMap(Timestamps.parse), limit: limit))
                if output.json {
                    try Console.json(runs)
                } else if runs.isEmpty {
                    Console.progress("no runs")
                } else {
                    Console.out(RunTables.runs(runs))
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one run and a row per task.")

            @Argument(help: ArgumentHelp("The run id.", valueName: "run")) var run: String
            @OptionGroup var stateOptions: StateOptions
            @OptionGroup var output: JSONOption

            func run() async throws {
                let store = try await stateOptions.openStore()
                try await RunLauncher(store: store, registry: .all).reapOrphans()
                guard let detail = try await store.runDetail(RunID(rawValue: run)) else { throw CLIError(StoreError.unknownRun(run)) }
                if output.json {
                    try Console.json(detail)
                    return
                }
                let summary = detail.summary
                Console.out("run       \(summary.id)")
                Console.out("workflow  \(summary.workflow)")
                Console.out("status    \(summary.status.rawValue)" + (summary.error.map { " (\($0))" } ?? ""))
                Console.out("trigger   \(summary.trigger.rawValue), logical date \(summary.logicalDate)")
                Console.out("started   \(summary.startedAt.map(Timestamps.short) ?? "-"), duration \(RunTables.duration(summary.durationMs))")
                if !detail.params.isEmpty {
                    Console.out("params    " + detail.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
                }
                Console.out("")
                Console.out(RunTables.tasks(detail))
            }
        }
    }
}

extension RunState: ExpressibleByArgument {}
