import ArgumentParser
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore

extension Orchestrator {
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retry",
            abstract: "Re-run a finished run's failed, upstream_failed, cancelled and interrupted tasks, in the same run.",
            discussion: """
                Tasks that succeeded keep their state and outputs; what depends on a retried task runs again.
                Uses the workflow definition stored with the run, not the file as it is now.
                Exit 0 when the run then succeeds, 1 when it fails again.
                """)

        @Argument(help: ArgumentHelp("The run id.", valueName: "run")) var run: String
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var output: JSONOption

        func run() async throws {
            let stores = try await stateOptions.openStores()
            let store = stores.runs
            let registry = TaskRegistry.all
            let plan = try await userInput { try await RunLauncher(store: store, registry: registry).reopenForRetry(RunID(rawValue: run)) }
            try await RunSession(store: store, registry: registry, state: stateOptions.directory, json: output.json, logCopies: stores.logCopies)
                .execute(plan, verb: "retry")
        }
    }
}
