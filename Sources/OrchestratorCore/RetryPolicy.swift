/// How a failed task attempt is retried: how many times, and how long to wait between attempts.
public struct RetryPolicy: Sendable, Equatable, Codable {
    public enum Backoff: String, Sendable, Codable, CaseIterable {
        case fixed
        case exponential
    }

    /// Retries after the first attempt: `retries: 2` allows 3 attempts in all.
    public var retries: Int
    public var delay: Duration
    public var backoff: Backoff
    public var maxDelay: Duration
    /// Fraction of the delay added at random (0.1 = up to +10%), so retries of many tasks spread out.
    public var jitter: Double

    public init(retries: Int = 0, delay: Duration = .seconds(5), backoff: Backoff = .fixed,
                maxDelay: Duration = .seconds(300), jitter: Double = 0.1) {
        self.retries = retries
        self.delay = delay
        self.backoff = backoff
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// Whether attempt number `attempt` (1-based) that just failed may be followed by another.
    public func shouldRetry(attempt: Int) -> Bool {
        attempt <= retries
    }

    /// The wait before the attempt after `attempt` (1-based), without jitter.
    public func baseDelay(after attempt: Int) -> Duration {
        let base = delay.milliseconds
        let capped = maxDelay.milliseconds
        switch backoff {
        case .fixed:
            return .milliseconds(min(base, capped))
        case .exponential:
            let exponent = min(max(attempt - 1, 0), 40)
            let (product, overflow) = base.multipliedReportingOverflow(by: Int64(1) << exponent)
            return .milliseconds(overflow ? capped : min(product, capped))
        }
    }

    /// The wait before the attempt after `attempt`, with up to `jitter` of it added at random,
    /// never more than `maxDelay`. `unit` is a random number in 0..<1 (injectable for tests).
    public func backoff(after attempt: Int, unit: Double = Double.random(in: 0..<1)) -> Duration {
        let base = baseDelay(after: attempt).milliseconds
        let extra = Int64(Double(base) * jitter * unit)
        return .milliseconds(min(base + extra, max(maxDelay.milliseconds, base)))
    }
}
