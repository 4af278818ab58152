import OrchestratorCore

/// The lease that makes one scheduler the active one for a state database.
public struct SchedulerLease: Sendable, Equatable, Encodable {
    /// A random value naming one holding; renewals and releases must present it.
    public var token: String
    public var owner: RunOwner
    public var acquiredAt: EpochMillis
    public var heartbeatAt: EpochMillis

    public init(token: String, owner: RunOwner, acquiredAt: EpochMillis, heartbeatAt: EpochMillis) {
        self.token = token
        self.owner = owner
        self.acquiredAt = acquiredAt
        self.heartbeatAt = heartbeatAt
    }

    enum CodingKeys: String, CodingKey {
        case pid, host, since = "since", heartbeat = "last_heartbeat"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(owner.pid, forKey: .pid)
        try container.encode(owner.host, forKey: .host)
        try container.encode(Timestamps.iso8601(acquiredAt), forKey: .since)
        try container.encode(Timestamps.iso8601(heartbeatAt), forKey: .heartbeat)
    }
}

/// What came of asking for the scheduler lease.
public enum LeaseAttempt: Sendable, Equatable {
    case acquired(SchedulerLease)
    /// Another live scheduler holds it.
    case heldBy(SchedulerLease)
}

/// A slot of a schedule that gets a run: the run is created in the same transaction as the slot
/// row, whose primary key (workflow, logical date) keeps a slot from ever producing two runs.
public struct SlotRun: Sendable {
    public var run: NewRun
    /// The slot's fire time.
    public var logicalDate: EpochMillis
    /// The scheduler lease token of the scheduler that creates the run: the run is created only
    /// while that token holds the lease (`StoreError.leaseLost` otherwise). Nil for runs made by
    /// hand (`backfill`).
    public var lease: String?

    public init(run: NewRun, logicalDate: EpochMillis, lease: String? = nil) {
        self.run = run
        self.logicalDate = logicalDate
        self.lease = lease
    }
}

/// Runs and log folders removed (or that would be, on a dry run) by `cleanup`.
public struct CleanupReport: Sendable, Equatable, Encodable {
    public var runs: [RunID]
    public var taskInstances: Int

    public init(runs: [RunID], taskInstances: Int) {
        self.runs = runs
        self.taskInstances = taskInstances
    }
}
