import Foundation

/// The time source of the scheduler loop; tests inject a clock they move by hand.
public protocol SchedulerClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// Returns at `deadline` or later; throws `CancellationError` when the task is cancelled first.
    func sleep(until deadline: Date) async throws
}

/// The system's wall clock. Sleeps are measured on the monotonic clock and at most `maximumSleep`
/// long, so a wall-clock step (NTP, suspend) is noticed within that time.
public struct SystemSchedulerClock: SchedulerClock {
    public var maximumSleep: Duration = .seconds(30)

    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let seconds = min(deadline.timeIntervalSinceNow, TimeInterval(maximumSleep.components.seconds))
        guard seconds > 0 else { return }
        try await Task.sleep(for: .nanoseconds(Int64(seconds * 1e9)), tolerance: .milliseconds(1))
    }
}
