import Foundation

/// Decides, without I/O, which slots of a workflow start now: a pure function of the workflow's
/// schedule and policies, the scheduler's cursor (the last slot it dealt with), the time, and the
/// number of active runs.
///
/// - The first time a workflow is seen (no cursor) nothing from the past runs: the cursor is set
///   to now and the next fire time is the first slot.
/// - `catchup: false`: of the slots due since the cursor only the latest counts; older ones are
///   skipped.
/// - `catchup: true`: every slot since the cursor, but not older than `catchup_window`.
/// - Slots that find `max_active_runs` runs active follow `overlap_policy`: `skip` drops them,
///   `all` keeps them waiting in order, `latest` keeps only the newest one waiting.
public enum SlotPlanner {
    /// What to do now.
    public struct Decision: Sendable, Equatable {
        /// Slots to create runs for, oldest first.
        public var start: [ScheduleSlot]
        /// The new cursor, when it moves: every slot at or before it has been dealt with.
        public var cursor: Date?
        /// True when due slots wait for an active run to end.
        public var waiting: Bool

        public init(start: [ScheduleSlot] = [], cursor: Date? = nil, waiting: Bool = false) {
            self.start = start
            self.cursor = cursor
            self.waiting = waiting
        }
    }

    public static func decide(_ config: WorkflowSchedule, cursor: Date?, now: Date, activeRuns: Int) -> Decision {
        guard let cursor else { return Decision(cursor: now) }
        let schedule = config.schedule
        var lower = cursor
        if config.catchup { lower = max(cursor, now.addingTimeInterval(-config.catchupWindow.seconds)) }
        guard let latest = schedule.latestSlot(atOrBefore: now), Int64(latest.fireDate.timeIntervalSince1970) > Int64(lower.timeIntervalSince1970.rounded(.down)) else {
            return Decision()
        }
        let capacity = max(0, config.maxActiveRuns - activeRuns)
        if !config.catchup || config.overlapPolicy == .latest {
            if capacity > 0 { return Decision(start: [latest], cursor: latest.fireDate) }
            return config.overlapPolicy == .skip ? Decision(cursor: latest.fireDate) : Decision(waiting: true)
        }
        let startable = Array(schedule.slots(after: lower, through: now).prefix(capacity))
        switch config.overlapPolicy {
        case .skip:
            return Decision(start: startable, cursor: latest.fireDate)
        case .all, .latest:
            let waiting = startable.last.map { $0.fireDate < latest.fireDate } ?? true
            return Decision(start: startable, cursor: startable.last?.fireDate, waiting: waiting)
        }
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: TimeInterval {
        let (whole, fraction) = components
        return TimeInterval(whole) + TimeInterval(fraction) / 1e18
    }
}
