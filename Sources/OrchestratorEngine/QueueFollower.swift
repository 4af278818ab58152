import OrchestratorCore
import OrchestratorStore
import Synchronization

/// The coordinator's side of queue dispatch for one run: puts attempts in their queues and learns
/// their ends from the store, for every waiting attempt at once: the attempts that became ready
/// together are enqueued in one statement, and one read per pass asks which of the waited-for
/// attempts ended (`endedAttempts`). A pass runs when an attempt is to be enqueued, when the store
/// notifies that attempts ended (PostgreSQL), or at the poll interval. It also takes back expired
/// claims, whoever they belong to, so that a run whose worker died moves on.
///
/// `follow()` runs as a child of the executor's task group and ends when that group is cancelled.
final class QueueFollower: Sendable {
    let queue: any TaskQueue
    let run: RunID
    let pollInterval: Duration
    let expiryInterval: Duration

    struct Key: Hashable {
        var task: String
        var attempt: Int
    }

    enum Waiter {
        case waiting(CheckedContinuation<AttemptResult, Never>)
        /// Cancelled before it started waiting.
        case cancelled
    }

    let waiters = Mutex<[Key: Waiter]>([:])
    /// Attempts to enqueue at the next pass.
    let unqueued = Mutex<[QueuedAttempt]>([])
    /// Wakes `follow()` for a pass.
    let wakeup = Wakeup()

    init(queue: any TaskQueue, run: RunID, pollInterval: Duration, expiryInterval: Duration) {
        self.queue = queue
        self.run = run
        self.pollInterval = pollInterval
        self.expiryInterval = expiryInterval
    }

    /// Enqueues the attempt (at the next pass; again if the store refused it) and waits until a
    /// worker completed it or its claim expired. When the calling task is cancelled the wait ends
    /// at once with `cancelled` (the worker learns of it from the run's cancel request).
    func attempt(_ item: QueuedAttempt) async -> AttemptResult {
        let key = Key(task: item.task, attempt: item.attempt)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let cancelled = waiters.withLock { waiters in
                    if case .cancelled = waiters[key] {
                        waiters[key] = nil
                        return true
                    }
                    waiters[key] = .waiting(continuation)
                    return false
                }
                if cancelled {
                    continuation.resume(returning: Self.cancelled)
                } else {
                    unqueued.withLock { $0.append(item) }
                    wakeup.signal()
                }
            }
        } onCancel: {
            let continuation = waiters.withLock { waiters -> CheckedContinuation<AttemptResult, Never>? in
                if case .waiting(let continuation) = waiters[key] {
                    waiters[key] = nil
                    return continuation
                }
                waiters[key] = .cancelled
                return nil
            }
            continuation?.resume(returning: Self.cancelled)
        }
    }

    static var cancelled: AttemptResult { AttemptResult(ending: .cancelled, error: "cancelled", at: Timestamps.now()) }

    /// Passes until cancelled: enqueues what waits to be, resumes the attempts that ended.
    func follow() async {
        let notified = await queue.notify(wakeup, of: .ended)
        let clock = ContinuousClock()
        var nextExpiry = clock.now
        var lastEnding = clock.now
        while !Task.isCancelled {
            let items = unqueued.withLock { items in
                defer { items.removeAll() }
                return items
            }
            if !items.isEmpty {
                do {
                    try await queue.enqueue(items)
                } catch {
                    // Kept for the next pass; the run's own writes report store trouble.
                    unqueued.withLock { $0.insert(contentsOf: items, at: 0) }
                }
            }
            if clock.now >= nextExpiry {
                nextExpiry = clock.now + expiryInterval
                // A failure here is retried at the next interval; the run's own writes report store trouble.
                _ = try? await queue.expireClaims(now: Timestamps.now())
            }
            let waiting = waiters.withLock { waiters in
                Set(waiters.compactMap { entry -> Key? in
                    if case .waiting = entry.value { entry.key } else { nil }
                })
            }
            if !waiting.isEmpty, let ended = try? await endedAttempts(among: waiting) {
                if !ended.isEmpty { lastEnding = clock.now }
                for (key, result) in ended {
                    let continuation = waiters.withLock { waiters -> CheckedContinuation<AttemptResult, Never>? in
                        guard case .waiting(let continuation) = waiters[key] else { return nil }
                        waiters[key] = nil
                        return continuation
                    }
                    continuation?.resume(returning: result)
                }
            }
            if notified {
                // Each ended attempt anywhere notifies: with many attempts waiting (a costlier read),
                // let a few ends gather first.
                if let gather = Self.gather(waiting: waiting.count) { try? await Task.sleep(for: gather) }
                await wakeup.wait(upTo: min(Self.notifiedPollInterval, expiryInterval))
            } else {
                // While attempts keep ending (a chain of short tasks), look again soon.
                await wakeup.wait(upTo: clock.now - lastEnding < Self.busyWindow ? Self.busyPollInterval : pollInterval)
            }
        }
        await queue.stopNotifying(wakeup)
    }

    /// With a store that notifies, how long a pass waits for a notification before it looks anyway.
    static let notifiedPollInterval: Duration = .milliseconds(250)

    static let busyPollInterval: Duration = .milliseconds(10)
    /// How many waiting attempts make a pass gather notifications for `busyPollInterval`.
    static let gatherAbove = 16
    /// How many make it gather for `longGather`: the read grows with them, and so many attempts in
    /// flight keep the workers busy while their ends are gathered.
    static let gatherLongAbove = 256
    static let longGather: Duration = .milliseconds(30)

    /// How long a pass lets notifications gather with `waiting` attempts; nil: not at all.
    static func gather(waiting: Int) -> Duration? {
        if waiting > gatherLongAbove { return longGather }
        return waiting > gatherAbove ? busyPollInterval : nil
    }
    static let busyWindow: Duration = .seconds(1)

    /// The waiting attempts whose queue entry is final, with how they ended (a read of those
    /// attempts only, however large the run).
    func endedAttempts(among waiting: Set<Key>) async throws -> [(Key, AttemptResult)] {
        try await queue.endedAttempts(run: run, among: waiting.map { AttemptKey(task: $0.task, attempt: $0.attempt) }).map { ended in
            (Key(task: ended.entry.item.task, attempt: ended.entry.item.attempt), Self.result(of: ended))
        }
    }

    /// How a final queue entry's attempt ended, as its worker (or `expireClaims`) recorded it.
    static func result(of ended: EndedAttempt) -> AttemptResult {
        let entry = ended.entry
        let worker = entry.worker.map { "'\($0)'" } ?? "?"
        guard let record = ended.record, record.status != .running else {
            // The worker never recorded a start: it dropped the claim (the run had ended or was
            // cancelled), or died right after claiming.
            return entry.state == .expired
                ? AttemptResult(ending: .interrupted, error: "worker \(worker) stopped renewing its claim", at: entry.endedAt ?? Timestamps.now())
                : AttemptResult(ending: .cancelled, error: "worker \(worker) dropped the attempt", at: entry.endedAt ?? Timestamps.now())
        }
        let ending: AttemptResult.Ending = switch record.status {
        case .succeeded: ended.taskState == .skipped ? .skipped : .succeeded
        case .failed: .failed
        case .cancelled: .cancelled
        case .interrupted, .running: .interrupted
        }
        let outputs = (ending == .succeeded || ending == .skipped) ? ended.outputs.sorted { $0.key < $1.key } : []
        return AttemptResult(ending: ending, exitCode: record.exitCode, error: record.error,
                             outputs: outputs.map { (key: $0.key, value: $0.value) }, at: record.endedAt ?? entry.endedAt ?? Timestamps.now())
    }
}
