import OrchestratorCore

/// The queue of ready task attempts that workers on several hosts claim, and the registry of
/// those workers. Each method is one transaction.
///
/// A claim is held under a lease that its worker renews; every write the worker makes about the
/// attempt presents the claim's `FencingToken` and changes nothing once the claim is done or
/// expired. So a worker that was paused (SIGSTOP) past its lease, while the attempt was taken back
/// and run again elsewhere, can never overwrite what its successor wrote.
///
/// Times are given by the caller (`now`), so that tests and coordinators decide the clock.
public protocol TaskQueue: Sendable {
    /// Adds ready attempts to their queues. An attempt already queued (same run, task and attempt
    /// number, whatever its state) is left as it is. The tasks must exist in their runs.
    func enqueue(_ items: [QueuedAttempt]) async throws

    /// Claims up to `limit` of the oldest queued attempts of `queues` for `worker`, each with a new
    /// fencing token and a lease ending at `now + lease`. Claimers at the same moment never get the
    /// same attempt. Returned in queue order.
    ///
    /// With `logs`, the claim also records the start of each attempt whose run is active and not
    /// being cancelled (`TaskClaim.started`), at `now` and with its log where `logs` puts it, in
    /// the same transaction: as a worker's first fenced write would, one commit fewer per attempt.
    func claim(worker: WorkerName, queues: [String], limit: Int, now: EpochMillis, lease: Duration, startingIn logs: LogLayout?) async throws -> [TaskClaim]

    /// Extends to `now + lease` the leases of `tokens` that `worker` still holds, and returns the
    /// tokens it no longer holds (expired, completed, or never its own): their attempts must stop.
    func renew(worker: WorkerName, tokens: [FencingToken], now: EpochMillis, lease: Duration) async throws -> Set<FencingToken>

    /// Workers' fenced writes: each `ClaimWrite` records its transitions (as `RunStore.record(run:_:)`
    /// does) only while its claim is held, and ends the claim (done) when it completes, atomically.
    /// Returns the tokens whose writes were made; a claim no longer held (expired, done, or never
    /// claimed) writes nothing and is left out. The writes are on distinct claims, and are
    /// committed together where the store can (one statement on PostgreSQL, so that a worker pays
    /// one commit for attempts that start or end at about the same time).
    func write(_ writes: [ClaimWrite]) async throws -> Set<FencingToken>

    /// Takes back every claim whose lease ended before `now`: the claim becomes `expired` (its token
    /// dead from then on) and its attempt is recorded `interrupted` (`ExpiredClaim.interruption`),
    /// in one transaction. Returns them, so that the next attempt can be enqueued as the task's
    /// retries allow.
    func expireClaims(now: EpochMillis) async throws -> [ExpiredClaim]

    /// The queue entries of a run, in queue order.
    func queueEntries(run: RunID) async throws -> [QueueEntry]

    /// What a worker reads before each attempt of a run it has seen: the run's status, whether a
    /// cancel was asked, and the outputs of the `upstream` tasks; nil when the run is gone. One
    /// small read, whatever the size of the run.
    func attemptInputs(run: RunID, upstream: [String]) async throws -> AttemptInputs?

    /// Of the attempts `among` of a run, those whose queue entry is final (done or expired), with
    /// how each ended as recorded: what a coordinator polls, reading only the attempts it waits for.
    func endedAttempts(run: RunID, among attempts: [AttemptKey]) async throws -> [EndedAttempt]

    // MARK: Notifications

    /// Signals `wakeup` each time any process may have queued attempts (`.queued`) or ended one
    /// (`.ended`), until `stopNotifying(_:)`; false when this store cannot tell (callers poll).
    /// Notifications only shorten waits: whoever is woken reads the queue as a poll would.
    func notify(_ wakeup: Wakeup, of event: QueueEvent) async -> Bool

    /// Stops signalling `wakeup`.
    func stopNotifying(_ wakeup: Wakeup) async

    // MARK: Coordinators

    /// A coordinator's fenced `RunStore.record(run:_:)`: records `transitions` of `run` while `owner`
    /// still owns the run and it is active, and returns false, writing nothing, once another
    /// coordinator adopted it (`adoptOrphanedRuns`) or it ended.
    func record(owner: RunOwner, run: RunID, _ transitions: [TaskTransition]) async throws -> Bool

    /// A coordinator's fenced `RunStore.finishRun`: false, writing nothing, when `owner` no longer owns
    /// the active run.
    func finishRun(_ id: RunID, owner: RunOwner, status: RunState, error: String?, now: EpochMillis) async throws -> Bool

    /// Active runs of `workflows` started by `triggers` that have attempts on the queue and whose
    /// owner is gone (`OwnerLiveness.isOrphaned`): each becomes `owner`'s, with a fresh heartbeat,
    /// its tasks, attempts and claims untouched, so that a new coordinator follows what workers
    /// still run. An owner is replaced only if it is still the one judged. Returns the adopted runs.
    func adoptOrphanedRuns(workflows: [String], triggers: [RunTrigger], owner: RunOwner, now: EpochMillis, staleAfter: Duration,
                           liveness: @Sendable (RunOwner) -> OwnerLiveness) async throws -> [RunID]

    // MARK: Workers

    /// Registers a worker, replacing an earlier registration under the same name.
    func registerWorker(_ worker: WorkerInfo) async throws

    /// Records a worker's heartbeat and how many of its slots are busy. Returns false when no worker
    /// is registered under `name` (it was unregistered, and should register again).
    @discardableResult
    func workerHeartbeat(name: WorkerName, slotsInUse: Int, now: EpochMillis) async throws -> Bool

    /// Removes a worker from the registry (its claims stay until they complete or expire).
    func unregisterWorker(name: WorkerName) async throws

    /// The registered workers, by name.
    func workers() async throws -> [WorkerInfo]
}

/// What a queue's users wait for.
public enum QueueEvent: String, Sendable {
    /// Attempts were queued: workers claim.
    case queued
    /// Attempts ended (completed or expired): coordinators read which.
    case ended
}

extension TaskQueue {
    /// Claims without starting the attempts (`claim(...startingIn: nil)`).
    public func claim(worker: WorkerName, queues: [String], limit: Int, now: EpochMillis, lease: Duration) async throws -> [TaskClaim] {
        try await claim(worker: worker, queues: queues, limit: limit, now: now, lease: lease, startingIn: nil)
    }

    /// A fenced `RunStore.record(run:_:)`: records `transitions` of `run` when the claim of `token`
    /// is still held, and returns false, writing nothing, when it is not. The claim stays held
    /// (a worker records the start of its attempt this way).
    public func record(token: FencingToken, run: RunID, _ transitions: [TaskTransition]) async throws -> Bool {
        try await write([ClaimWrite(token: token, run: run, transitions)]).contains(token)
    }

    /// Ends a claim: when the claim of `token` is still held, records `transitions` of `run` and
    /// marks the claim done, in one transaction. Returns false, writing nothing, when the claim is
    /// no longer held (expired, or already done).
    public func complete(token: FencingToken, run: RunID, _ transitions: [TaskTransition], now: EpochMillis) async throws -> Bool {
        try await write([ClaimWrite(token: token, run: run, transitions, completingAt: now)]).contains(token)
    }
}

extension ExpiredClaim {
    /// What `expireClaims` records for the claim's attempt: the attempt and its task `interrupted`.
    /// The task leaves that state when its next attempt is enqueued and started.
    public func interruption(at now: EpochMillis) -> TaskTransition {
        .finish(AttemptEnd(task: item.task, attempt: item.attempt, status: .interrupted, taskState: .interrupted,
                           error: "worker '\(worker)' stopped renewing its claim", at: now))
    }
}
