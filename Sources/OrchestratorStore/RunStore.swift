import OrchestratorCore

/// What can be known about a run owner's process from here.
public enum OwnerLiveness: Sendable {
    /// The process exists (same host).
    case alive
    /// The process is gone (same host).
    case dead
    /// Another host: only its heartbeat tells.
    case unknown

    /// Whether a run whose owner is judged so, last heartbeating at `heartbeat`, has lost its
    /// owner: a dead pid; another host's owner silent for `staleAfter`; or a live pid silent ten
    /// times as long (a reused pid).
    public func isOrphaned(heartbeat: EpochMillis, now: EpochMillis, staleAfter: Duration) -> Bool {
        switch self {
        case .alive: heartbeat < now - 10 * staleAfter.milliseconds
        case .unknown: heartbeat < now - staleAfter.milliseconds
        case .dead: true
        }
    }
}

/// Run history and run state. Each method is one transaction, named after its intent.
///
/// `SQLiteRunStore` (target `SQLiteStore`) is the implementation today; a PostgreSQL store for
/// workers on several hosts would implement the same protocol in a target of its own.
public protocol RunStore: Sendable {
    /// Creates the run, registers its workflow definition and creates one pending task
    /// instance per task, owned by `run.owner` and already `running`.
    func createRun(_ run: NewRun) async throws

    /// Takes over an existing finished run for `retry`: new owner, status `running`, the listed
    /// tasks reset to `pending`, their outputs and their ended queue entries removed (a retry on
    /// workers queues its attempts afresh).
    func reopenRun(_ id: RunID, owner: RunOwner, resetting tasks: [String], now: EpochMillis) async throws

    /// Records task transitions of one run, in order, in one transaction (see `TaskTransition`;
    /// `setTaskState`, `startAttempt` and `finishAttempt` record one each).
    func record(run: RunID, _ transitions: [TaskTransition]) async throws

    /// Ends the run.
    func finishRun(_ id: RunID, status: RunState, error: String?, now: EpochMillis) async throws

    /// Refreshes the owner's heartbeat and returns whether someone asked to cancel the run.
    func heartbeat(_ id: RunID, now: EpochMillis) async throws -> Bool

    /// Whether someone asked to cancel the run; a read that never waits for the writer.
    func isCancelRequested(_ id: RunID) async throws -> Bool

    /// Asks the owner of an active run to cancel it. Returns the run's status at the time.
    func requestCancel(_ id: RunID, now: EpochMillis) async throws -> RunState?

    /// Marks runs whose owner is gone (`OwnerLiveness.isOrphaned`) as `interrupted`, with their
    /// running attempts and unfinished tasks. A store that is also a `TaskQueue` first expires
    /// stale claims, leaves alone a run while workers hold claims of it (its coordinator died, but
    /// its attempts run on; a scheduler may adopt it), and deletes the queued attempts of the runs it
    /// reaps (never claimed, so never recorded: a later retry queues them afresh). Returns the reaped runs.
    @discardableResult
    func reapOrphans(now: EpochMillis, staleAfter: Duration, liveness: @Sendable (RunOwner) -> OwnerLiveness) async throws -> [RunID]

    func listRuns(_ filter: RunFilter) async throws -> [RunSummary]
    func runDetail(_ id: RunID) async throws -> RunDetail?
    func workflow(hash: String) async throws -> WorkflowRecord?
    /// Outputs of every task of the run: task id -> key -> value.
    func outputs(of run: RunID) async throws -> [String: [String: String]]

    // MARK: Scheduling

    /// Creates the run of a schedule slot and records the slot, in one transaction, and moves the
    /// workflow's schedule cursor to the slot when it is later. Returns false, changing nothing,
    /// when the slot already has a run. With `SlotRun.lease`, throws `StoreError.leaseLost`,
    /// changing nothing, when that token does not hold the scheduler lease (fenced).
    func createSlotRun(_ slot: SlotRun) async throws -> Bool

    /// The run of a slot, when it has one.
    func slotRun(workflow: String, logicalDate: EpochMillis) async throws -> RunSummary?

    /// The last slot the scheduler dealt with for `workflow`, nil before the first.
    func scheduleCursor(workflow: String) async throws -> EpochMillis?

    /// Moves the cursor to `fire` when that is later (slots skipped, or first sight). With `lease`,
    /// only while that token holds the scheduler lease (`StoreError.leaseLost` otherwise).
    func advanceScheduleCursor(workflow: String, to fire: EpochMillis, lease: String?) async throws

    /// Active (queued or running) runs of `workflow`, whatever their trigger.
    func activeRunCount(workflow: String) async throws -> Int

    /// Runs of `workflow` left `interrupted` with one of `triggers`, oldest first.
    func interruptedRuns(workflow: String, triggers: [RunTrigger]) async throws -> [RunID]

    /// Every queued or running run, newest first (read through the partial index on active runs).
    func activeRuns() async throws -> [RunSummary]

    /// The most recent run of `workflow`.
    func lastRun(workflow: String) async throws -> RunSummary?

    /// Takes the scheduler lease when it is free, stale (no heartbeat for `staleAfter`), or its
    /// holder is gone (`isHolderAlive` false); otherwise reports the holder.
    func acquireLease(owner: RunOwner, token: String, now: EpochMillis, staleAfter: Duration,
                      isHolderAlive: @Sendable (RunOwner) -> Bool) async throws -> LeaseAttempt

    /// Refreshes the lease's heartbeat; false when the token no longer holds it.
    func renewLease(token: String, now: EpochMillis) async throws -> Bool

    /// Gives the lease up, when `token` holds it.
    func releaseLease(token: String) async throws

    /// The lease as it is, held or stale.
    func currentLease() async throws -> SchedulerLease?

    /// Pauses (or unpauses) scheduling of a workflow; returns whether that changed anything.
    @discardableResult
    func setPaused(workflow: String, paused: Bool, now: EpochMillis) async throws -> Bool

    func pausedWorkflows() async throws -> Set<String>

    /// Finished runs (of `workflow` when given) queued before `cutoff` or older than the newest
    /// `keepNewest` runs, with their task instance count; deletes them with their rows unless `dryRun`.
    /// With neither limit, every finished run matches.
    func cleanup(queuedBefore cutoff: EpochMillis?, keepNewest: Int?, workflow: String?, dryRun: Bool) async throws -> CleanupReport
}
