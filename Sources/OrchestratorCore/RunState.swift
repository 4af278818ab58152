/// The life cycle of a run.
public enum RunState: String, Sendable, Codable, CaseIterable {
    case queued
    case running
    case succeeded
    case failed
    case cancelled
    /// The owning process died while the run was active; `orchestrator retry RUN` resumes it.
    case interrupted

    public var isFinished: Bool {
        switch self {
        case .succeeded, .failed, .cancelled, .interrupted: true
        case .queued, .running: false
        }
    }
}

/// Why a run exists.
public enum RunTrigger: String, Sendable, Codable, CaseIterable {
    case manual
    case schedule
    case backfill
    case retry
}
