import ArgumentParser
import Foundation
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore

extension Orchestrator {
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel",
            abstract: "Cancel an active run; the process executing it kills its tasks within a second.",
            discussion: "Waits up to --wait for the run to stop and prints its final status.")

        @Argument(help: ArgumentHelp("The run id.", valueName: "run")) var run: String
        @Option(help: ArgumentHelp("How long to wait for the run to stop, e.g. 10s.", valueName: "duration")) var wait: String = "10s"
        @OptionGroup var stateOptions: StateOptions

        func validate() throws {
            _ = try OptionValue.duration(wait, option: "--wait")
        }

        func run() async throws {
            let limit = try OptionValue.duration(wait, option: "--wait")
            let store = try await stateOptions.openStore()
            try await RunLauncher(store: store, registry: .all).reapOrphans()
            let id = RunID(rawValue: run)
            guard let status = try await store.requestCancel(id, now: Timestamps.now()) else { throw CLIError(StoreError.unknownRun(run)) }
            if status.isFinished {
                Console.out("run \(run) already \(status.rawValue)")
                return
            }
            Console.progress("cancel requested for run \(run)")
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline {
                if let current = try await store.runDetail(id)?.summary.status, current.isFinished {
                    Console.out("run \(run) \(current.rawValue)")
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            Console.out("run \(run) still stopping after \(wait); see 'orchestrator runs show \(run)'")
            throw ExitCode(1)
        }
    }
}
