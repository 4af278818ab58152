import Foundation

/// Runs blocking database and file work on a thread of its own, off the cooperative pool. A
/// dedicated thread, not a dispatch queue: on 2 cores the shared dispatch pool has two workers,
/// and a micro-batch's sinks block in SQLite and fsync side by side.
enum StreamWork {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = "orchestrator.stream-work"
            thread.start()
        }
    }
}
