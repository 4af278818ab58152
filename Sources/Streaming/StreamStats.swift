/// A stream's position: what was appended, what the micro-batches committed, and the lag.
public struct StreamStats: Sendable, Equatable {
    public var stream: String
    public var lastSeq: Int64
    public var checkpoint: Int64
    public var lagRecords: Int64
    /// Age of the oldest record after the checkpoint; 0 without lag.
    public var lagSeconds: Double
    /// Records appended during the last 60 s, per second.
    public var recordsPerSecond: Double
    /// When the checkpoint last moved, epoch milliseconds.
    public var checkpointAt: Int64?
    /// The range of the micro-batch in progress (fixed, not yet committed), if any.
    public var pendingBatch: (first: Int64, last: Int64)?

    public static func == (lhs: StreamStats, rhs: StreamStats) -> Bool {
        lhs.stream == rhs.stream && lhs.lastSeq == rhs.lastSeq && lhs.checkpoint == rhs.checkpoint && lhs.lagRecords == rhs.lagRecords
            && lhs.lagSeconds == rhs.lagSeconds && lhs.recordsPerSecond == rhs.recordsPerSecond && lhs.checkpointAt == rhs.checkpointAt
            && lhs.pendingBatch?.first == rhs.pendingBatch?.first && lhs.pendingBatch?.last == rhs.pendingBatch?.last
    }
}
