import OrchestratorCore

/// Does nothing and succeeds: a join point in a DAG (like Airflow's EmptyOperator), and a way to
/// measure the engine's own cost per task without starting a process.
public struct NoopTask: TaskType {
    public init() {}

    public var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "noop", summary: "does nothing; groups or joins tasks", keys: [])
    }

    public func execute(_ context: TaskContext) async throws -> TaskResult {
        TaskResult()
    }
}
