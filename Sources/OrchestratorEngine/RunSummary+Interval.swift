import OrchestratorStore

extension RunSummary {
    /// The data interval of a scheduled or backfilled run, when it has one.
    var interval: (start: String, end: String)? {
        guard let intervalStart, let intervalEnd else { return nil }
        return (intervalStart, intervalEnd)
    }
}
