import OrchestratorEngine
import OrchestratorScheduler
import OrchestratorStore

/// What the runs API works on: the run store, the workflow folder, and, when `serve` runs one,
/// the scheduler that executes triggered and retried runs.
public struct RunsBackend: Sendable {
    public let store: any RunStore
    /// Where attempt logs are read.
    public let logs: any LogStore
    public let registry: TaskRegistry
    public let state: StateDirectory
    public let catalog: WorkflowCatalog
    /// Nil when no scheduler runs in this process: trigger and retry then answer 409.
    public let scheduler: Scheduler?

    public init(store: any RunStore, logs: any LogStore, registry: TaskRegistry, state: StateDirectory, catalog: WorkflowCatalog,
                scheduler: Scheduler?) {
        self.store = store
        self.logs = logs
        self.registry = registry
        self.state = state
        self.catalog = catalog
        self.scheduler = scheduler
    }

    var launcher: RunLauncher { RunLauncher(store: store, registry: registry) }
}
