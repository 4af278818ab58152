import Foundation

/// Runs CPU-heavy synchronous work on its own thread, so it does not hold one of the few
/// threads of Swift's cooperative pool that the executor needs to make progress.
enum BlockingWork {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
