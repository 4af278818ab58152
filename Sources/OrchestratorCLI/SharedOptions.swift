import ArgumentParser
import OrchestratorEngine
import OrchestratorStore
import RetailTasks

/// `--state DIR`, shared by every command that reads or writes run history.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("State folder holding orchestrator.sqlite and logs/ (default: $ORCHESTRATOR_STATE or ./state).", valueName: "dir"))
    var state: String?

    var directory: StateDirectory { StateDirectory.resolve(option: state) }

    /// Opens the store; a folder that cannot be written or a newer schema is a clear error.
    func openStore() async throws -> SQLiteRunStore {
        try await userInput { try SQLiteRunStore(state: directory) }
    }
}

/// `--json`: machine-readable output on stdout.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print JSON on stdout instead of a table.")
    var json = false
}

extension TaskRegistry {
    /// Every task type this build of orchestrator knows.
    static var all: TaskRegistry { TaskRegistry.withRetailTypes }
}
