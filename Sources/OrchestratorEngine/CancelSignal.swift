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

    let draining = Mutex(false)

    /// Asks the run to start no new task and no retry; running tasks go on. A run that drains
    /// ends `interrupted` when its running tasks are done, unless every task finished.
    public func drain() {
        draining.withLock { $0 = true }
    }

    public var isDraining: Bool { draining.withLock { $0 } }
}
