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
                Exit 0 when the run then succeeds, 1 when it fails again. With a PostgreSQL database the tasks
                run on workers, as with 'run' (--local runs them here).
                """)

        @Argument(help: ArgumentHelp("The run id.", valueName: "run")) var run: String
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var dispatchOptions: DispatchOptions
        @OptionGroup var output: JSONOption

        func run() async throws {
            let stores = try await stateOptions.openStores()
            let store = stores.runs
            let registry = TaskRegistry.all
            let plan = try await userInput { try await RunLauncher(store: store, registry: registry).reopenForRetry(RunID(rawValue: run)) }
            var session = RunSession(store: store, registry: registry, state: stateOptions.directory, json: output.json,
                                     logCopies: stores.logCopies)
            if try await dispatchOptions.resolved(stateOptions) == .queue { session.dispatch = .queue(store) }
            try await session.execute(plan, verb: "retry")
        }
    }
}
