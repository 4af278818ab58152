import OrchestratorCore

/// One change to a task instance. The engine records the changes that happen together (a task
/// ending, the tasks it releases, the attempts that start next) in one transaction.
public enum TaskTransition: Sendable {
    /// A state that involves no attempt: queued, skipped, upstream_failed, cancelled, up_for_retry.
    case state(task: String, TaskState, error: String?, at: EpochMillis)
    /// Attempt `attempt` starts: the task becomes `running`.
    case start(task: String, attempt: Int, logPath: String, at: EpochMillis)
    /// An attempt ends: the attempt takes its status, the task its state, and the outputs are stored.
    case finish(AttemptEnd)

    /// The task the transition is about.
    public var task: String {
        switch self {
        case .state(let task, _, _, _), .start(let task, _, _, _): task
        case .finish(let end): end.task
        }
    }
}

/// How an attempt ended, as recorded by `TaskTransition.finish`.
public struct AttemptEnd: Sendable {
    public var task: String
    public var attempt: Int
    public var status: AttemptRecord.Status
    /// The task's state after this attempt (`up_for_retry` when another attempt follows).
    public var taskState: TaskState
    public var exitCode: Int32?
    public var error: String?
    public var outputs: [(key: String, value: String)]
    public var at: EpochMillis

    public init(task: String, attempt: Int, status: AttemptRecord.Status, taskState: TaskState, exitCode: Int32? = nil,
                error: String? = nil, outputs: [(key: String, value: String)] = [], at: EpochMillis) {
        self.task = task
        self.attempt = attempt
        self.status = status
        self.taskState = taskState
        self.exitCode = exitCode
        self.error = error
        self.outputs = outputs
        self.at = at
    }
}

extension RunStore {
    /// Records a task state that involves no attempt.
    public func setTaskState(run: RunID, task: String, state: TaskState, error: String?, now: EpochMillis) async throws {
        try await record(run: run, [.state(task: task, state, error: error, at: now)])
    }

    /// Starts attempt `attempt` of a task.
    public func startAttempt(run: RunID, task: String, attempt: Int, logPath: String, now: EpochMillis) async throws {
        try await record(run: run, [.start(task: task, attempt: attempt, logPath: logPath, at: now)])
    }

    /// Ends an attempt and sets the task's state, storing its outputs.
    public func finishAttempt(run: RunID, task: String, attempt: Int, status: AttemptRecord.Status, taskState: TaskState,
                              exitCode: Int32?, error: String?, outputs: [(key: String, value: String)], now: EpochMillis) async throws {
        try await record(run: run, [.finish(AttemptEnd(task: task, attempt: attempt, status: status, taskState: taskState,
                                                        exitCode: exitCode, error: error, outputs: outputs, at: now))])
    }
}
