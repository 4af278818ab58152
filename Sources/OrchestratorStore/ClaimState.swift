/// Where a queued attempt is in its life: `queued` → `claimed` → `done`, or `claimed` → `expired`
/// when its worker stopped renewing the lease. `done` and `expired` are final: the claim's token is
/// dead from then on, and a retry is a new attempt with a queue entry of its own.
public enum ClaimState: String, Sendable, Codable, CaseIterable {
    /// Ready, waiting for a worker.
    case queued
    /// A worker holds it under a lease, with a fencing token.
    case claimed
    /// Its worker completed it.
    case done
    /// Its lease passed and `expireClaims` took it back; the attempt was recorded `interrupted`.
    case expired

    /// Whether the entry never changes again.
    public var isFinal: Bool { self == .done || self == .expired }
}
