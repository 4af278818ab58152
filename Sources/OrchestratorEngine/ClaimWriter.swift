import OrchestratorStore
import Synchronization

/// Gathers the fenced writes of a worker's attempts (mostly their ends) into few `TaskQueue.write`
/// calls: a group commit. Writes made while one call is in flight wait for it and then go
/// together, in one call. Before a call, the writes of the other running attempts are awaited for
/// at most `gather` (1 ms): attempts claimed together often end together. So attempts that end at
/// about the same time share one round trip and one commit, and a lone write waits for nothing.
final class ClaimWriter: Sendable {
    /// The store's call (`TaskQueue.write`).
    let commit: @Sendable ([ClaimWrite]) async throws -> Set<FencingToken>
    /// Told the tokens of the claims that a call ended (completions, made or refused), before their
    /// writers resume: the worker frees their slots at once, so that its next claim takes them all.
    let ended: @Sendable ([FencingToken]) -> Void
    /// How many attempts the worker runs now: each will make a write. While fewer writes wait,
    /// a call waits up to `gather` for the others (attempts claimed together end together).
    let running: @Sendable () -> Int
    let gather: Duration
    /// Signalled when a write is added while a call is being gathered.
    let arrived = Wakeup()

    /// A write waiting for its call, and how its caller learns the result.
    struct Waiting: Sendable {
        var write: ClaimWrite
        var reply: CheckedContinuation<Result<Bool, any Error>, Never>
    }

    struct State {
        var waiting: [Waiting] = []
        /// Whether a caller is writing the waiting writes (it goes on until none are left).
        var leading = false
    }

    let state = Mutex(State())

    convenience init(queue: any TaskQueue, gather: Duration = .milliseconds(1), running: @escaping @Sendable () -> Int = { 0 },
                     ended: @escaping @Sendable ([FencingToken]) -> Void = { _ in }) {
        self.init(commit: { try await queue.write($0) }, gather: gather, running: running, ended: ended)
    }

    init(commit: @escaping @Sendable ([ClaimWrite]) async throws -> Set<FencingToken>, gather: Duration = .milliseconds(1),
         running: @escaping @Sendable () -> Int = { 0 }, ended: @escaping @Sendable ([FencingToken]) -> Void = { _ in }) {
        self.commit = commit
        self.gather = gather
        self.running = running
        self.ended = ended
    }

    /// Makes `write` with the writes made at about the same time; true when its claim was held
    /// (the write was made), false when it was not (nothing written). Throws what the store threw.
    func write(_ write: ClaimWrite) async throws -> Bool {
        try await withCheckedContinuation { (reply: CheckedContinuation<Result<Bool, any Error>, Never>) in
            let leads = state.withLock { state in
                state.waiting.append(Waiting(write: write, reply: reply))
                defer { state.leading = true }
                return !state.leading
            }
            // The first writer leads: it writes what waits until nothing does, then hands over.
            if leads {
                Task { await self.lead() }
            } else {
                arrived.signal()
            }
        }.get()
    }

    /// Writes the waiting writes, one call at a time, until none are left.
    func lead() async {
        while true {
            // Let the attempts that end at this moment (a claim's batch of short tasks) add their
            // writes first: one call for all of them, not one for the first and one for the rest.
            let clock = ContinuousClock()
            let deadline = clock.now + gather
            while state.withLock({ $0.waiting.count }) < running(), clock.now < deadline {
                await arrived.wait(upTo: deadline - clock.now)
            }
            let batch = state.withLock { state -> [Waiting] in
                defer { state.waiting.removeAll() }
                if state.waiting.isEmpty { state.leading = false }
                return state.waiting
            }
            if batch.isEmpty { return }
            do {
                let written = try await commit(batch.map(\.write))
                ended(batch.filter { $0.write.completingAt != nil }.map(\.write.token))
                for waiting in batch { waiting.reply.resume(returning: .success(written.contains(waiting.write.token))) }
            } catch {
                for waiting in batch { waiting.reply.resume(returning: .failure(error)) }
            }
        }
    }
}
