import OrchestratorStore

/// Where the executor's attempts run. Only starting an attempt and learning its end differ; the
/// executor's decisions (downstream readiness, retries, trigger rules, the run's end) are the same.
public enum AttemptDispatch: Sendable {
    /// In the executor's own process (the default).
    case local
    /// On workers (`orchestrator worker`): each ready attempt goes into its task's queue, and the
    /// executor, as the run's coordinator, follows the store until a worker completed it or its
    /// claim expired; an expired claim counts as a failed attempt, retried as the task allows.
    case queue(any TaskQueue)

    public var isLocal: Bool {
        if case .local = self { true } else { false }
    }
}
