import Synchronization

/// A one-way flag a signal handler or another task sets to stop a run.
public final class CancelSignal: Sendable {
    let reason = Mutex<CancelReason?>(nil)

    public init() {}

    /// Sets the reason, keeping the first one.
    public func cancel(_ why: CancelReason) {
        reason.withLock { current in
            if current == nil { current = why }
        }
    }

    public var current: CancelReason? { reason.withLock { $0 } }
}
