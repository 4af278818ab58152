/// When and how the scheduler runs a workflow: its schedule and the policies for missed and
/// overlapping slots.
public struct WorkflowSchedule: Sendable, Hashable {
    public var schedule: Schedule
    /// Create runs for slots missed while the scheduler was down (within ``catchupWindow``);
    /// when false, only the latest missed slot runs.
    public var catchup: Bool
    /// How far back catch-up looks.
    public var catchupWindow: Duration
    /// What happens to a slot that is due while ``maxActiveRuns`` runs are active.
    public var overlapPolicy: OverlapPolicy
    /// Active runs of the workflow at once, whatever triggered them.
    public var maxActiveRuns: Int

    public static let defaultCatchupWindow: Duration = .seconds(7 * 86_400)

    public init(schedule: Schedule, catchup: Bool = false, catchupWindow: Duration = defaultCatchupWindow,
                overlapPolicy: OverlapPolicy = .skip, maxActiveRuns: Int = 1) {
        self.schedule = schedule
        self.catchup = catchup
        self.catchupWindow = catchupWindow
        self.overlapPolicy = overlapPolicy
        self.maxActiveRuns = maxActiveRuns
    }
}

/// What the scheduler does with a slot that is due while the workflow already has
/// `max_active_runs` active runs.
public enum OverlapPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// The slot does not run.
    case skip
    /// The slot waits and runs, in order, when a run ends.
    case all
    /// Only the newest waiting slot runs when a run ends; older waiting slots are skipped.
    case latest
}
