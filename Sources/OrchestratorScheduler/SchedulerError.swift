/// Why the scheduler refused a request.
public enum SchedulerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// It is standing by (another scheduler holds the lease), not started, or shutting down.
    case notScheduling

    public var description: String {
        switch self {
        case .notScheduling: "the scheduler in this process is not scheduling (standing by for the lease, or shutting down)"
        }
    }
}
