import ArgumentParser
import Foundation
import OrchestratorScheduler
import OrchestratorEngine
import OrchestratorStore
import SQLiteStore
import PlatformTasks
import RetailTasks
import SparkTasks
import StreamTasks

/// `--state DIR`, shared by every command that reads or writes run history.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("State folder holding orchestrator.sqlite and logs/ (default: $ORCHESTRATOR_STATE or ./state).", valueName: "dir"))
    var state: String?

    var directory: StateDirectory { StateDirectory.resolve(option: state) }

    /// Opens the store; a folder that cannot be written or a newer schema is a clear error.
    /// The only place the CLI names a concrete store: everything else takes `any RunStore`.
    func openStore() async throws -> any RunStore {
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
    static var all: TaskRegistry {
        var registry = TaskRegistry.withStreamTypes
        registry.register(SparkSubmitTask())
        registry.register(WarehouseLoadTask())
        registry.register(S3SyncTask())
        return registry
    }
}

/// `--workflows DIR`: the folder of workflow files the scheduler runs.
struct WorkflowsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder of workflow files (*.yaml, *.yml).", valueName: "dir"))
    var workflows: String = "workflows"

    /// The folder, checked to exist.
    func folder(registry: TaskRegistry) throws -> WorkflowFolder {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workflows, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("error: workflow folder '\(workflows)' does not exist")
        }
        return WorkflowFolder(path: workflows, registry: registry)
    }

    /// Every valid workflow of the folder by name; invalid files are reported on stderr.
    func load(registry: TaskRegistry) throws -> [String: LoadedWorkflow] {
        var folder = try folder(registry: registry)
        for change in folder.reload() {
            if case .invalid(_, let problems, _) = change { Console.error(problems) }
        }
        return folder.workflows
    }
}
