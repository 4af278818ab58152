import OrchestratorStore
import Synchronization

/// The claims a worker holds, with when each lease ends as far as the worker knows and whether
/// the attempt must stop. Shared by the claiming loop, the attempts and the lease keeper.
final class ClaimBook: Sendable {
    /// Why a held attempt must stop.
    enum Stop: Sendable {
        /// The claim is no longer ours (expired, or not renewed in time): drop the result.
        case lost
        /// Someone asked to cancel the run: the attempt ends `cancelled`.
        case runCancelled
    }

    struct Held: Sendable {
        var claim: TaskClaim
        var leaseEnd: EpochMillis
        var stop: Stop?
    }

    let held = Mutex<[FencingToken: Held]>([:])
    /// Signalled when a claim is released: its slot is free.
    let released = Wakeup()

    func hold(_ claim: TaskClaim) {
        held.withLock { $0[claim.token] = Held(claim: claim, leaseEnd: claim.leaseExpiresAt) }
    }

    func release(_ token: FencingToken) {
        release([token])
    }

    /// Frees the slots of `tokens` together (one wake-up of the claiming loop for all of them).
    func release(_ tokens: [FencingToken]) {
        guard !tokens.isEmpty else { return }
        held.withLock { held in
            for token in tokens { held.removeValue(forKey: token) }
        }
        released.signal()
    }

    var count: Int { held.withLock { $0.count } }

    var claims: [Held] { held.withLock { Array($0.values) } }

    func stop(_ token: FencingToken, _ why: Stop) {
        held.withLock { held in
            if held[token]?.stop == nil { held[token]?.stop = why }
        }
    }

    func stopReason(_ token: FencingToken) -> Stop? {
        held.withLock { $0[token]?.stop }
    }

    func renewed(_ tokens: some Sequence<FencingToken>, until leaseEnd: EpochMillis) {
        held.withLock { held in
            for token in tokens { held[token]?.leaseEnd = leaseEnd }
        }
    }

    /// Returns when the attempt of `token` must stop, or when the calling task is cancelled.
    func waitForStop(_ token: FencingToken, checkEvery interval: Duration = .milliseconds(50)) async {
        while !Task.isCancelled, stopReason(token) == nil {
            try? await Task.sleep(for: interval)
        }
    }
}
