import OrchestratorCore

/// Run history and run state. Each method is one transaction, named after its intent.
///
/// SQLite (`SQLiteRunStore`) is the implementation today; a PostgreSQL store for workers on
/// several hosts would implement the same protocol.
public protocol RunStore: Sendable {
    /// Creates the run, registers its workflow definition and creates one pending task
    /// instance per task, owned by `run.owner` and already `running`.
    func createRun(_ run: NewRun) async throws

    /// Takes over an existing finished run for `retry`: new owner, status `running`, the listed
    /// tasks reset to `pending`, their outputs removed.
    func reopenRun(_ id: RunID, owner: RunOwner, resetting tasks: [String], now: EpochMillis) async throws

    /// Records a task state that involves no attempt (queued, skipped, upstream_failed, cancelled, up_for_retry).
    func setTaskState(run: RunID, task: String, state: TaskState, error: String?, now: EpochMillis) async throws

    /// Starts attempt `attempt` of a task: the task becomes `running`.
    func startAttempt(run: RunID, task: String, attempt: Int, logPath: String, now: EpochMillis) async throws

    /// Ends an attempt and sets the task's state, storing its outputs, in one transaction.
    func finishAttempt(run: RunID, task: String, attempt: Int, status: AttemptRecord.Status, taskState: TaskState,
                       exitCode: Int32?, error: String?, outputs: [(key: String, value: String)], now: EpochMillis) async throws

    /// Ends the run.
    func finishRun(_ id: RunID, status: RunState, error: String?, now: EpochMillis) async throws

    /// Refreshes the owner's heartbeat and returns whether someone asked to cancel the run.
    func heartbeat(_ id: RunID, now: EpochMillis) async throws -> Bool

    /// Whether someone asked to cancel the run; a read that never waits for the writer.
    func isCancelRequested(_ id: RunID) async throws -> Bool

    /// Asks the owner of an active run to cancel it. Returns the run's status at the time.
    func requestCancel(_ id: RunID, now: EpochMillis) async throws -> RunState?

    /// Marks runs whose owner is gone as `interrupted`, with their running attempts and
    /// unfinished tasks. `isOwnerAlive` is asked for each active run. Returns the reaped runs.
    @discardableResult
    func reapOrphans(now: EpochMillis, staleAfter: Duration, isOwnerAlive: @Sendable (RunOwner) -> Bool) async throws -> [RunID]

    func listRuns(_ filter: RunFilter) async throws -> [RunSummary]
    func runDetail(_ id: RunID) async throws -> RunDetail?
    func workflow(hash: String) async throws -> WorkflowRecord?
    /// Outputs of every task of the run: task id -> key -> value.
    func outputs(of run: RunID) async throws -> [String: [String: String]]
}
