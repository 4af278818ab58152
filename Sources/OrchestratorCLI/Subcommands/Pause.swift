import ArgumentParser
import Foundation
import OrchestratorEngine
import OrchestratorStore

extension Orchestrator {
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pause",
            abstract: "Stop the scheduler from starting runs of a workflow.",
            discussion: "Runs already active go on. Example: orchestrator pause nightly")

        @Argument(help: ArgumentHelp("The workflow name.", valueName: "workflow")) var workflow: String
        @OptionGroup var stateOptions: StateOptions

        func run() async throws {
            let changed = try await SchedulerNudge.setPaused(workflow, true, stateOptions)
            Console.out(changed ? "paused \(workflow)" : "\(workflow) was already paused")
        }
    }

    struct Unpause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unpause",
            abstract: "Let the scheduler start runs of a paused workflow again.",
            discussion: """
                Slots missed while paused follow the workflow's catchup and overlap_policy.
                Example: orchestrator unpause nightly
                """)

        @Argument(help: ArgumentHelp("The workflow name.", valueName: "workflow")) var workflow: String
        @OptionGroup var stateOptions: StateOptions

        func run() async throws {
            let changed = try await SchedulerNudge.setPaused(workflow, false, stateOptions)
            Console.out(changed ? "unpaused \(workflow)" : "\(workflow) was not paused")
        }
    }
}

/// Wakes the active scheduler when it runs on this host (SIGHUP: reload and look at every
/// workflow now), so that a pause or unpause takes effect at once rather than at its next wake.
enum SchedulerNudge {
    /// Records the pause state and wakes a local scheduler; returns whether it changed.
    static func setPaused(_ workflow: String, _ paused: Bool, _ options: StateOptions) async throws -> Bool {
        let store = try await options.openStore()
        let changed = try await store.setPaused(workflow: workflow, paused: paused, now: Timestamps.now())
        try await send(store)
        return changed
    }

    static func send(_ store: any RunStore) async throws {
        guard let lease = try await store.currentLease(), lease.owner.host == RunOwner.current.host,
              lease.owner.pid > 0, RunOwner.isAlive(lease.owner) else { return }
        kill(lease.owner.pid, SIGHUP)
    }
}
