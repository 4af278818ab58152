import OrchestratorCore
import OrchestratorStore

/// What a worker takes and how: `orchestrator worker --name --queues --slots --lease`.
public struct WorkerSettings: Sendable {
    public var name: WorkerName
    /// The queues it claims from, in the order given.
    public var queues: [String]
    /// How many attempts it runs at once.
    public var slots: Int
    /// How long a claim holds without renewal; renewed every third of it. A worker that stops
    /// renewing (killed, paused, cut off) loses its claims this long after its last renewal.
    public var lease: Duration
    /// How often it asks for work while it has a free slot and has been idle for `busyWindow`.
    public var pollInterval: Duration = .milliseconds(50)
    /// How often it asks while it had work within the last `busyWindow`: the next task of a chain
    /// usually arrives within milliseconds of the last one's end.
    public var busyPollInterval: Duration = .milliseconds(5)
    public var busyWindow: Duration = .seconds(1)
    /// With a store that notifies (PostgreSQL's `LISTEN`), how long it waits for a notification
    /// before it asks anyway: the polls above are then not needed.
    public var notifiedPollInterval: Duration = .milliseconds(250)
    /// Attempts claimed together often end together: when some of them ended, how long the worker
    /// waits for the others before it claims for the freed slots, and before it commits the ends
    /// (`ClaimWriter`). One claim and one commit then serve them all, instead of drifting into
    /// ever smaller groups.
    public var gather: Duration = .milliseconds(1)
    /// How often it checks whether the runs of its attempts were cancelled.
    public var cancelCheckInterval: Duration = .seconds(1)

    /// The shortest lease accepted: renewals every third of it must fit between database round trips.
    public static let minimumLease: Duration = .seconds(1)

    public init(name: WorkerName = WorkerSettings.defaultName, queues: [String] = [QueueName.default], slots: Int, lease: Duration = .seconds(30)) {
        self.name = name
        self.queues = queues
        self.slots = slots
        self.lease = lease
    }

    /// `HOST-PID`: unique among the workers of a database as long as host names are.
    public static var defaultName: WorkerName {
        let owner = RunOwner.current
        return WorkerName(rawValue: "\(owner.host)-\(owner.pid)")
    }

    /// How often claims are renewed and the heartbeat written.
    var renewInterval: Duration { lease / 3 }
}
