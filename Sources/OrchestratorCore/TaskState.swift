/// The life cycle of one task instance within a run.
///
/// ```
/// pending -> queued -> running -> succeeded
///                        |-> up_for_retry -> queued ...
///                        |-> failed | cancelled | interrupted
/// pending -> skipped | upstream_failed | cancelled
/// ```
public enum TaskState: String, Sendable, Codable, CaseIterable {
    case pending
    case queued
    case running
    case upForRetry = "up_for_retry"
    case succeeded
    case failed
    case upstreamFailed = "upstream_failed"
    case skipped
    case cancelled
    /// The process that ran the task died (SIGKILL, crash, power loss); `retry` resumes it.
    case interrupted

    /// True when the task will not change state again in this execution.
    public var isFinished: Bool {
        switch self {
        case .succeeded, .failed, .upstreamFailed, .skipped, .cancelled, .interrupted: true
        case .pending, .queued, .running, .upForRetry: false
        }
    }

    /// True for the states that `orchestrator retry` runs again.
    public var isRetryable: Bool {
        switch self {
        case .failed, .upstreamFailed, .cancelled, .interrupted: true
        default: false
        }
    }
}
