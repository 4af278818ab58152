/// When a task with upstream tasks may run, judged once every upstream task has finished.
public enum TriggerRule: String, Sendable, Codable, CaseIterable {
    case allSuccess = "all_success"
    case allDone = "all_done"
    case allFailed = "all_failed"
    case oneSuccess = "one_success"
    case oneFailed = "one_failed"
    case noneFailed = "none_failed"

    /// What becomes of a task whose upstream tasks are all finished.
    public enum Decision: Sendable, Equatable {
        case run
        case skip
        case upstreamFailed
    }

    /// Decides from the final states of the upstream tasks (an empty list always runs).
    public func decide(upstream states: [TaskState]) -> Decision {
        if states.isEmpty { return .run }
        let failed = states.filter { $0 == .failed || $0 == .upstreamFailed || $0 == .cancelled || $0 == .interrupted }.count
        let succeeded = states.filter { $0 == .succeeded }.count
        switch self {
        case .allSuccess:
            if succeeded == states.count { return .run }
            return failed > 0 ? .upstreamFailed : .skip
        case .allDone:
            return .run
        case .allFailed:
            return failed == states.count ? .run : .skip
        case .oneSuccess:
            return succeeded > 0 ? .run : (failed > 0 ? .upstreamFailed : .skip)
        case .oneFailed:
            return failed > 0 ? .run : .skip
        case .noneFailed:
            return failed == 0 ? .run : .upstreamFailed
        }
    }
}
