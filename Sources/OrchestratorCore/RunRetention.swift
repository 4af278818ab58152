/// How much run history of a workflow the scheduler keeps (`keep_runs`, `keep_for`).
///
/// A micro-batch every 2 s makes 43,200 runs a day, so streaming workflows set one of these.
/// Finished runs beyond either limit are deleted with their task instances, attempts, outputs
/// and logs; active runs are never deleted.
public struct RunRetention: Sendable, Hashable {
    /// Keep at most this many of the newest runs.
    public var keepRuns: Int?
    /// Keep runs queued within this long.
    public var keepFor: Duration?

    public init(keepRuns: Int? = nil, keepFor: Duration? = nil) {
        self.keepRuns = keepRuns
        self.keepFor = keepFor
    }

    /// True when neither limit is set.
    public var keepsEverything: Bool { keepRuns == nil && keepFor == nil }
}
