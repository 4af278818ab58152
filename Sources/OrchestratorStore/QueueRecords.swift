import OrchestratorCore

/// An attempt of a task that is ready to run, as it waits in a queue for a worker. One entry per
/// (run, task, attempt): a retry is a new attempt number, so a new entry.
public struct QueuedAttempt: Sendable, Hashable {
    /// The queue of tasks that name none.
    public static let defaultQueue = QueueName.default

    public var run: RunID
    public var task: String
    public var attempt: Int
    /// Workers take only from the queues they listen on (`--queues default,spark`).
    public var queue: String
    public var enqueuedAt: EpochMillis

    public init(run: RunID, task: String, attempt: Int, queue: String = QueuedAttempt.defaultQueue, enqueuedAt: EpochMillis) {
        self.run = run
        self.task = task
        self.attempt = attempt
        self.queue = queue
        self.enqueuedAt = enqueuedAt
    }

    /// Queue order: oldest first, then by run, task and attempt so that ties are decided the same
    /// way by every store.
    public static func inQueueOrder(_ lhs: QueuedAttempt, _ rhs: QueuedAttempt) -> Bool {
        (lhs.enqueuedAt, lhs.run.rawValue, lhs.task, lhs.attempt) < (rhs.enqueuedAt, rhs.run.rawValue, rhs.task, rhs.attempt)
    }
}

/// A queued attempt a worker took: it may run the attempt while it keeps renewing the lease, and
/// presents `token` with every write about it.
public struct TaskClaim: Sendable, Hashable {
    public var item: QueuedAttempt
    public var worker: WorkerName
    public var token: FencingToken
    /// The lease ends here unless renewed; after it, `expireClaims` may take the attempt back.
    public var leaseExpiresAt: EpochMillis
    /// The claim recorded the attempt's start (`TaskQueue.claim(...startingIn:)`): its run was
    /// active and no cancel was asked. False when it did not start it, or was not asked to.
    public var started: Bool

    public init(item: QueuedAttempt, worker: WorkerName, token: FencingToken, leaseExpiresAt: EpochMillis, started: Bool = false) {
        self.item = item
        self.worker = worker
        self.token = token
        self.leaseExpiresAt = leaseExpiresAt
        self.started = started
    }

    /// When a lease of `lease` taken at `now` ends; saturates instead of trapping on absurd leases.
    public static func leaseEnd(from now: EpochMillis, lasting lease: Duration) -> EpochMillis {
        let (end, overflow) = now.addingReportingOverflow(max(lease.milliseconds, 0))
        return overflow ? .max : end
    }
}

/// A claim whose lease passed, taken back by `expireClaims`: its attempt is now `interrupted`, and
/// whoever coordinates the run decides (by the task's retries) whether to enqueue the next attempt.
public struct ExpiredClaim: Sendable, Hashable {
    public var item: QueuedAttempt
    /// The worker that held it and stopped renewing.
    public var worker: WorkerName
    /// The token that is dead from now on.
    public var token: FencingToken

    public init(item: QueuedAttempt, worker: WorkerName, token: FencingToken) {
        self.item = item
        self.worker = worker
        self.token = token
    }
}

/// One entry of the queue as it stands, for `status` and for tests.
public struct QueueEntry: Sendable, Hashable {
    public var item: QueuedAttempt
    public var state: ClaimState
    /// The worker that claimed it; nil while queued.
    public var worker: WorkerName?
    /// The claim's token; nil while queued.
    public var token: FencingToken?
    /// The end of the current (or last) lease; nil while queued.
    public var leaseExpiresAt: EpochMillis?
    /// When it became done or expired.
    public var endedAt: EpochMillis?

    public init(item: QueuedAttempt, state: ClaimState, worker: WorkerName? = nil, token: FencingToken? = nil,
                leaseExpiresAt: EpochMillis? = nil, endedAt: EpochMillis? = nil) {
        self.item = item
        self.state = state
        self.worker = worker
        self.token = token
        self.leaseExpiresAt = leaseExpiresAt
        self.endedAt = endedAt
    }
}

/// The part of a run that changes while its attempts run, as a worker needs it (`attemptInputs`).
public struct AttemptInputs: Sendable, Equatable {
    public var status: RunState
    public var cancelRequested: Bool
    /// Task id -> key -> value, for the tasks asked about that have outputs.
    public var outputs: [String: [String: String]]

    public init(status: RunState, cancelRequested: Bool, outputs: [String: [String: String]]) {
        self.status = status
        self.cancelRequested = cancelRequested
        self.outputs = outputs
    }
}

/// One attempt of a task of a run.
public struct AttemptKey: Sendable, Hashable {
    public var task: String
    public var attempt: Int

    public init(task: String, attempt: Int) {
        self.task = task
        self.attempt = attempt
    }
}

/// A final queue entry with what its worker (or `expireClaims`) recorded (`endedAttempts`).
public struct EndedAttempt: Sendable, Equatable {
    public var entry: QueueEntry
    public var taskState: TaskState
    /// The attempt's row; nil when no worker recorded its start.
    public var record: AttemptRecord?
    /// The task's outputs now.
    public var outputs: [String: String]

    public init(entry: QueueEntry, taskState: TaskState, record: AttemptRecord?, outputs: [String: String]) {
        self.entry = entry
        self.taskState = taskState
        self.record = record
        self.outputs = outputs
    }
}
