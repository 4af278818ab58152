/// The life cycle of a run.
public enum RunState: String, Sendable, Codable, CaseIterable {
    case queued
    case running
    case succeeded
    case failed
    case cancelled
    /// Every task skipped: the run found nothing to do (a micro-batch with no new records).
    case skipped
    /// The owning process died while the run was active; `orchestrator retry RUN` resumes it.
    case interrupted

    public var isFinished: Bool {
        switch self {
        case .succeeded, .failed, .cancelled, .skipped, .interrupted: true
        case .queued, .running: false
        }
    }

    /// True for the endings that count as success: `succeeded`, and `skipped` (nothing to do).
    public var isSuccessful: Bool { self == .succeeded || self == .skipped }
}

/// Why a run exists.
public enum RunTrigger: String, Sendable, Codable, CaseIterable {
    case manual
    case schedule
    case backfill
    case retry
}
