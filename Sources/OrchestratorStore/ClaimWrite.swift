import OrchestratorCore

/// One fenced write of a worker about its claimed attempt (`TaskQueue.write(_:)`): transitions of
/// the attempt's run, made only while the claim of `token` is held, and, when `completingAt` is
/// given, the end of the claim (`done`), which tells coordinators that the attempt ended.
public struct ClaimWrite: Sendable {
    public var token: FencingToken
    public var run: RunID
    public var transitions: [TaskTransition]
    /// When the claim ends with this write; nil keeps it held (the start of an attempt).
    public var completingAt: EpochMillis?

    public init(token: FencingToken, run: RunID, _ transitions: [TaskTransition], completingAt: EpochMillis? = nil) {
        self.token = token
        self.run = run
        self.transitions = transitions
        self.completingAt = completingAt
    }
}
