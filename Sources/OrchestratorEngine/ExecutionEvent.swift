import OrchestratorCore

/// What the executor reports while a run goes on, for progress output.
public enum ExecutionEvent: Sendable {
    case taskStarted(task: String, attempt: Int)
    case taskFinished(task: String, attempt: Int, state: TaskState, duration: Duration, error: String?)
    case taskRetrying(task: String, attempt: Int, delay: Duration, error: String)
    case taskSettled(task: String, state: TaskState)
    /// A message a task wants the person running it to see.
    case taskNotice(task: String, message: String)
    case cancelling(reason: CancelReason)
}

/// Why a run is being stopped before its tasks are done.
public enum CancelReason: Sendable, Equatable, CustomStringConvertible {
    /// `orchestrator cancel RUN` from another process.
    case requested
    /// SIGINT or SIGTERM to the process running it.
    case signal(Int32)
    /// The workflow's `timeout` passed.
    case runTimeout(Duration)
    /// The scheduler is shutting down and its grace period ended: running tasks are killed and
    /// the run is left `interrupted`, to be resumed by the next scheduler.
    case shutdown
    /// With queue dispatch: another coordinator adopted the run (this one was taken for dead), so
    /// this one leaves it without another write.
    case takenOver

    public var description: String {
        switch self {
        case .requested: "cancel requested"
        case .signal(let number): number == 2 ? "interrupted (SIGINT)" : "terminated (signal \(number))"
        case .runTimeout(let limit): "run timeout after \(DurationText.format(limit))"
        case .shutdown: "scheduler shut down"
        case .takenOver: "another coordinator adopted the run"
        }
    }
}
