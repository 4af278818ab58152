/// A worker process as registered in the database: who it is, what it takes, and how busy it was
/// at its last heartbeat (`orchestrator status` lists these).
public struct WorkerInfo: Sendable, Equatable, Encodable {
    public var name: WorkerName
    public var host: String
    public var pid: Int32
    /// The queues it claims from.
    public var queues: [String]
    /// How many attempts it runs at once.
    public var slots: Int
    /// Slots busy at the last heartbeat.
    public var slotsInUse: Int
    public var startedAt: EpochMillis
    public var heartbeatAt: EpochMillis

    public init(name: WorkerName, host: String, pid: Int32, queues: [String], slots: Int, slotsInUse: Int = 0,
                startedAt: EpochMillis, heartbeatAt: EpochMillis) {
        self.name = name
        self.host = host
        self.pid = pid
        self.queues = queues
        self.slots = slots
        self.slotsInUse = slotsInUse
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }

    enum CodingKeys: String, CodingKey {
        case name, host, pid, queues, slots
        case slotsInUse = "slots_in_use", startedAt = "started_at", heartbeatAt = "last_heartbeat"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(host, forKey: .host)
        try container.encode(pid, forKey: .pid)
        try container.encode(queues, forKey: .queues)
        try container.encode(slots, forKey: .slots)
        try container.encode(slotsInUse, forKey: .slotsInUse)
        try container.encode(Timestamps.iso8601(startedAt), forKey: .startedAt)
        try container.encode(Timestamps.iso8601(heartbeatAt), forKey: .heartbeatAt)
    }
}
