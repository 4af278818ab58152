import OrchestratorEngine
import ServiceLifecycle

/// `orchestrator worker` as a service: runs the `TaskWorker` until a graceful shutdown
/// (SIGTERM/SIGINT via the `ServiceGroup`), which drains it: no new claims, the running attempts
/// finish and are recorded, the worker unregisters, and `run()` returns.
public struct WorkerService: Service {
    public let worker: TaskWorker

    public init(worker: TaskWorker) {
        self.worker = worker
    }

    public func run() async throws {
        let worker = worker
        try await withGracefulShutdownHandler {
            try await worker.run()
        } onGracefulShutdown: {
            worker.drain()
        }
    }
}
