import ArgumentParser
import OrchestratorStore

extension Orchestrator {
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the scheduler from starting runs of a workflow.",
            discussion: "Runs already active go on. Example: orchestrator pause nightly")

        @Argument(help: ArgumentHelp("The workflow name.", valueName: "workflow")) var workflow: String
        @OptionGroup var stateOptions: StateOptions

        func run() async throws {
            let store = try await stateOptions.openStore()
            let changed = try await store.setPaused(workflow: workflow, paused: true, now: Timestamps.now())
            Console.out(changed ? "paused \(workflow)" : "\(workflow) was already paused")
        }
    }

    struct Unpause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let the scheduler start runs of a paused workflow again.",
            discussion: """
                Slots missed while paused follow the workflow's catchup and overlap_policy.
                Example: orchestrator unpause nightly
                """)

        @Argument(help: ArgumentHelp("The workflow name.", valueName: "workflow")) var workflow: String
        @OptionGroup var stateOptions: StateOptions

        func run() async throws {
            let store = try await stateOptions.openStore()
            let changed = try await store.setPaused(workflow: workflow, paused: false, now: Timestamps.now())
            Console.out(changed ? "unpaused \(workflow)" : "\(workflow) was not paused")
        }
    }
}
