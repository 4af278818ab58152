import Foundation

/// Runs independent jobs on the calling thread and one helper thread: each thread takes the next
/// job in order when it is done with its last, so the two finish close together even when the
/// jobs differ in size (put the largest first). With one processor, or one job, everything runs on
/// the calling thread.
///
/// The first error stops both threads taking new jobs (jobs already started finish) and is
/// rethrown after the helper has stopped.
public final class TwoThreadLoop: @unchecked Sendable {
    private let jobs: [Int]
    private let body: @Sendable (Int) throws -> Void
    private let lock = NSLock()
    // Guarded by `lock`.
    private var next = 0
    private var failure: (any Error)?

    private init(jobs: [Int], body: @escaping @Sendable (Int) throws -> Void) {
        self.jobs = jobs
        self.body = body
    }

    /// Calls `body(job)` once for each of `jobs`, on two threads, taking them in the order given.
    public static func run(_ jobs: [Int], _ body: @escaping @Sendable (Int) throws -> Void) throws {
        let loop = TwoThreadLoop(jobs: jobs, body: body)
        if jobs.count > 1 && ProcessInfo.processInfo.activeProcessorCount >= 2 {
            let helper = BackgroundResult { loop.work() }
            loop.work()
            try helper.wait()
        } else {
            loop.work()
        }
        if let failure = loop.lock.withLock({ loop.failure }) { throw failure }
    }

    private func work() {
        while let job = claim() {
            do {
                try body(job)
            } catch {
                lock.withLock { if failure == nil { failure = error } }
            }
        }
    }

    /// The next job, or nil when none is left or one has failed.
    private func claim() -> Int? {
        lock.withLock {
            guard failure == nil, next < jobs.count else { return nil }
            defer { next += 1 }
            return jobs[next]
        }
    }
}
