/// How often and how long an S3 request is retried: exponential backoff with full jitter
/// (a random wait between zero and `min(cap, base × 2^(attempt-1))`), on transient errors only.
public struct S3RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var base: Duration
    public var cap: Duration

    public init(maxAttempts: Int = 5, base: Duration = .milliseconds(100), cap: Duration = .seconds(10)) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = base
        self.cap = cap
    }

    public static let `default` = S3RetryPolicy()

    /// Whether to try again after `attempt` (1-based) failed with `error`.
    public func shouldRetry(attempt: Int, error: S3Error) -> Bool {
        attempt < maxAttempts && error.isTransient
    }

    /// The longest wait after `attempt` failed.
    public func ceiling(attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let grown = base * (1 << exponent)
        return grown < cap ? grown : cap
    }

    /// A random wait in `0...ceiling(attempt:)`.
    public func backoff(attempt: Int) -> Duration {
        let ceiling = ceiling(attempt: attempt)
        let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: 0...max(0, nanoseconds)))
    }
}
