import OrchestratorCore

/// A kind of task the engine can run, registered by name in a `TaskRegistry`.
///
/// `execute` runs one attempt. It returns the attempt's outputs on success and throws
/// `TaskFailure` (or any error) on failure. It must stop promptly when its Swift task is
/// cancelled: that is how timeouts and `orchestrator cancel` reach it.
public protocol TaskType: Sendable {
    var descriptor: TaskTypeDescriptor { get }
    func execute(_ context: TaskContext) async throws -> TaskResult
}

/// What a successful attempt produced.
public struct TaskResult: Sendable {
    public var outputs: [(key: String, value: String)]
    public var exitCode: Int32?
    /// The attempt found nothing to do: the task ends `skipped`, and so does every downstream
    /// task whose trigger rule needs it to succeed. A run whose tasks all skip ends `skipped`.
    public var skipped: Bool

    public init(outputs: [(key: String, value: String)] = [], exitCode: Int32? = nil, skipped: Bool = false) {
        self.outputs = outputs
        self.exitCode = exitCode
        self.skipped = skipped
    }
}

/// A failed attempt, with the exit code when a process ran.
public struct TaskFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32?

    public init(_ message: String, exitCode: Int32? = nil) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}
