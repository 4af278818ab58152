import Foundation
import Synchronization

/// Runs CPU-heavy synchronous work on its own thread, so it does not hold one of the few
/// threads of Swift's cooperative pool that the executor needs to make progress.
///
/// Cancellation (a timeout, `orchestrator cancel`, Ctrl-C) returns `CancellationError` at once;
/// the thread finishes its current job in the background and its result is dropped. Jobs only
/// ever swap complete outputs into place, so a late finish never leaves half-written files.
enum BlockingWork {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let pending = Mutex<CheckedContinuation<T, any Error>?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                pending.withLock { $0 = continuation }
                let thread = Thread {
                    let result = Result { try work() }
                    pending.withLock { waiting in
                        waiting?.resume(with: result)
                        waiting = nil
                    }
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
        } onCancel: {
            pending.withLock { waiting in
                waiting?.resume(throwing: CancellationError())
                waiting = nil
            }
        }
    }
}
