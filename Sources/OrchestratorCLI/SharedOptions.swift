import ArgumentParser
import Foundation
import OrchestratorScheduler
import OrchestratorEngine
import OrchestratorStore
import StoreBackends
import PlatformTasks
import RetailTasks
import SparkTasks
import StreamTasks

/// `--state DIR` and `--database URL`, shared by every command that reads or writes run history.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("State folder holding orchestrator.sqlite and logs/ (default: $ORCHESTRATOR_STATE or ./state).", valueName: "dir"))
    var state: String?

    @Option(name: .long, help: ArgumentHelp("""
        Keep run history in PostgreSQL instead of the state folder's SQLite file, e.g. \
        postgres://user:password@db.example:5432/orchestrator (default: $ORCHESTRATOR_DATABASE_URL). \
        Attempt logs are then kept in it too (workers also keep their files in their state folder), \
        so 'logs' works from any host.
        """, valueName: "url"))
    var database: String?

    var directory: StateDirectory { StateDirectory.resolve(option: state) }

    /// Opens the store; a folder that cannot be written, a bad URL, an unreachable database or a
    /// newer schema is a clear error. The store is the task queue too (workers, queue dispatch, `status`).
    func openStore() async throws -> any RunStore & TaskQueue {
        try await openStores().runs
    }

    /// Opens the store and its log store (the state folder's files, or PostgreSQL's chunk table).
    func openStores() async throws -> StateStores {
        try await userInput { try await StateLocation.resolve(state: state, database: database).openStores() }
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
