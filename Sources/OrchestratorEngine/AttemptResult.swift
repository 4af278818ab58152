import OrchestratorCore
import OrchestratorStore

/// How one attempt of a task ended, wherever it ran: in the executor's process, or on a worker
/// that took it from the queue. The executor decides what follows (retry, fail, release the
/// downstream) from this alone, so the decisions are the same for both.
struct AttemptResult: Sendable {
    enum Ending: Sendable, Equatable {
        case succeeded
        /// Succeeded and found nothing to do: the task ends `skipped`.
        case skipped
        case failed
        /// Stopped from outside (cancel, shutdown, a lost claim).
        case cancelled
        /// Its worker stopped renewing the claim; the store recorded the attempt `interrupted`.
        case interrupted
    }

    var ending: Ending
    var exitCode: Int32?
    var error: String?
    var outputs: [(key: String, value: String)] = []
    var at: EpochMillis

    /// The attempt's recorded status.
    var status: AttemptRecord.Status {
        switch ending {
        case .succeeded, .skipped: .succeeded
        case .failed: .failed
        case .cancelled: .cancelled
        case .interrupted: .interrupted
        }
    }

    /// The task's state that this attempt alone implies (a failure may still become
    /// `up_for_retry`: the executor decides that).
    var taskState: TaskState {
        switch ending {
        case .succeeded: .succeeded
        case .skipped: .skipped
        case .failed: .failed
        case .cancelled: .cancelled
        case .interrupted: .interrupted
        }
    }

    /// The transition that records this end, with `taskState` for the task.
    func end(task: String, attempt: Int, taskState: TaskState) -> AttemptEnd {
        AttemptEnd(task: task, attempt: attempt, status: status, taskState: taskState, exitCode: exitCode, error: error,
                   outputs: outputs, at: at)
    }

    /// Runs one attempt in this process: builds its context (a template error fails the attempt),
    /// executes the task type under `timeout`, and says how it ended. When the calling task is
    /// cancelled the ending is `cancelled`; the caller tells a shutdown from a cancel.
    static func perform(_ type: any TaskType, timeout: Duration?, context: () throws -> TaskContext) async -> AttemptResult {
        let failure: (message: String, exitCode: Int32?)
        do {
            let context = try context()
            let result = try await withTimeout(timeout) { try await type.execute(context) }
            return AttemptResult(ending: result.skipped ? .skipped : .succeeded, exitCode: result.exitCode, outputs: result.outputs,
                                 at: Timestamps.now())
        } catch let error as TaskFailure {
            failure = (error.message, error.exitCode)
        } catch is AttemptTimeout {
            failure = ("timeout", nil)
        } catch {
            failure = (Task.isCancelled ? "cancelled" : "\(error.localizedDescription)", nil)
        }
        if Task.isCancelled {
            return AttemptResult(ending: .cancelled, exitCode: failure.exitCode, error: "cancelled", at: Timestamps.now())
        }
        return AttemptResult(ending: .failed, exitCode: failure.exitCode, error: failure.message, at: Timestamps.now())
    }

    /// The outputs as the executor hands them downstream.
    var outputMap: [String: String] {
        Dictionary(outputs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }
}
