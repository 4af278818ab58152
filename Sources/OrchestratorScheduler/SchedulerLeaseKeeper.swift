import Foundation
import Logging
import OrchestratorEngine
import OrchestratorStore

/// Holds the one-scheduler-per-state-database lease: waits as a standby while another live
/// scheduler holds it, then renews it with a heartbeat.
///
/// A holder whose heartbeat is older than `staleAfter`, or whose pid is gone on this host, has
/// lost it, so a standby polling every `pollInterval` takes over within `staleAfter + pollInterval`
/// (about a second when the holder died on the same host).
public struct SchedulerLeaseKeeper: Sendable {
    public let store: any RunStore
    public let token: String
    public var heartbeatInterval: Duration = .seconds(2)
    public var staleAfter: Duration = SchedulerLeaseKeeper.defaultStaleAfter
    /// How old a heartbeat may be before the lease counts as abandoned.
    public static let defaultStaleAfter: Duration = .seconds(10)
    public var pollInterval: Duration = .seconds(1)
    let logger: Logger

    public init(store: any RunStore, logger: Logger, token: String = UUID().uuidString) {
        self.store = store
        self.logger = logger
        self.token = token
    }

    /// Returns once the lease is ours; `onStandby` is called when a new holder is found in the way.
    /// Throws `CancellationError` when cancelled while waiting.
    public func acquire(onStandby: @Sendable (SchedulerLease) -> Void) async throws -> SchedulerLease {
        var reported: String?
        while true {
            try Task.checkCancellation()
            do {
                switch try await store.acquireLease(owner: .current, token: token, now: Timestamps.now(), staleAfter: staleAfter,
                                                    isHolderAlive: RunOwner.isAlive) {
                case .acquired(let lease):
                    return lease
                case .heldBy(let holder):
                    if reported != holder.token {
                        reported = holder.token
                        onStandby(holder)
                    }
                }
            } catch {
                logger.warning("cannot read the scheduler lease", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    /// Renews the lease until cancelled; returns when it is lost (another scheduler took it over,
    /// or no renewal succeeded for `staleAfter`).
    public func keep() async {
        var lastRenewal = ContinuousClock.now
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: heartbeatInterval)
            } catch {
                return
            }
            do {
                if try await store.renewLease(token: token, now: Timestamps.now()) {
                    lastRenewal = ContinuousClock.now
                } else {
                    logger.error("scheduler lease taken over by another scheduler")
                    return
                }
            } catch {
                logger.warning("cannot renew the scheduler lease", metadata: ["error": "\(error)"])
                if ContinuousClock.now - lastRenewal > staleAfter {
                    logger.error("scheduler lease lost: no renewal in time")
                    return
                }
            }
        }
    }

    /// Gives the lease up so a standby takes over at once.
    public func release() async {
        try? await store.releaseLease(token: token)
    }
}
