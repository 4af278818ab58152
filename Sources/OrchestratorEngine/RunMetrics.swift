import CoreMetrics
import OrchestratorCore
import OrchestratorStore

/// The engine's metrics, through swift-metrics: whichever backend the process bootstrapped
/// (Prometheus for `serve` and `scheduler`) receives them; without one they cost a no-op.
///
/// Names follow Prometheus conventions, since that is the backend we ship:
/// `orchestrator_runs_total{workflow,status}`, `orchestrator_task_attempts_total{workflow,task,state}`,
/// `orchestrator_task_duration_seconds{workflow}` and `orchestrator_active_runs{workflow}`.
public struct RunMetrics: Sendable {
    public let workflow: String

    public init(workflow: String) {
        self.workflow = workflow
    }

    public static let runsTotal = "orchestrator_runs_total"
    public static let attemptsTotal = "orchestrator_task_attempts_total"
    public static let taskDuration = "orchestrator_task_duration_seconds"
    public static let activeRuns = "orchestrator_active_runs"

    func runStarted() {
        Meter(label: Self.activeRuns, dimensions: [("workflow", workflow)]).increment()
    }

    /// The run was left, still running, to another coordinator: no longer active here, not ended.
    func runLeft() {
        Meter(label: Self.activeRuns, dimensions: [("workflow", workflow)]).decrement()
    }

    func runEnded(_ status: RunState) {
        Meter(label: Self.activeRuns, dimensions: [("workflow", workflow)]).decrement()
        Counter(label: Self.runsTotal, dimensions: [("workflow", workflow), ("status", status.rawValue)]).increment()
    }

    /// Counts an ended attempt under the status the store records for it, and times it.
    func record(_ event: ExecutionEvent) {
        guard case .taskFinished(let task, _, let state, let duration, _) = event else { return }
        let status: AttemptRecord.Status = switch state {
        case .succeeded, .skipped: .succeeded
        case .cancelled: .cancelled
        case .interrupted: .interrupted
        default: .failed
        }
        Counter(label: Self.attemptsTotal, dimensions: [("workflow", workflow), ("task", task), ("state", status.rawValue)]).increment()
        Timer(label: Self.taskDuration, dimensions: [("workflow", workflow)]).recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Whole nanoseconds of a non-negative duration, saturating at `Int64.max`.
    public static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (total, carry) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return carry ? .max : total
    }
}
