import Foundation
import Testing
@testable import OrchestratorCore

/// The schedule keys of a workflow file and the slot planner's decisions.
@Suite struct WorkflowScheduleTests {
    static func file(_ keys: String) -> String { "name: x\n\(keys)\ntasks:\n  - id: a\n    run: \"true\"\n" }

    @Test func readsEveryScheduleKey() throws {
        let workflow = try load(Self.file("""
            schedule: ["0 2 * * 1-5", "30 6 * * SAT"]
            timezone: Europe/London
            catchup: true
            catchup_window: 2d
            overlap_policy: latest
            max_active_runs: 3
            """)).get()
        let config = try #require(workflow.schedule)
        #expect(config.schedule == (try Schedule(cron: ["0 2 * * 1-5", "30 6 * * SAT"], timeZone: "Europe/London")))
        #expect(config.catchup && config.catchupWindow == .seconds(172_800))
        #expect(config.overlapPolicy == .latest && config.maxActiveRuns == 3)
        let every = try #require(try load(Self.file("schedule: {every: 10s}")).get().schedule)
        #expect(every == WorkflowSchedule(schedule: try Schedule(every: .seconds(10))))
        #expect(try load(Self.file("")).get().schedule == nil)
    }

    static let invalidCases: [(String, String)] = [
        ("schedule: \"0 25 * * *\"", "wf.yaml:2:14: error: bad hour field '25': must be 0-23"),
        ("schedule: ['0 2 * * *', '61 * * * *']", "wf.yaml:2:26: error: bad minute field '61': must be 0-59"),
        ("schedule: 0 2 * * MON-FRU", "wf.yaml:2:23: error: bad day-of-week field 'FRU': must be 0-7 or SUN-SAT"),
        ("schedule: \"@dayly\"", "wf.yaml:2:12: error: unknown cron macro '@dayly'"),
        ("schedule: {every: 500ms}", "wf.yaml:2:19: error: schedule interval 500ms is too short: the minimum is 1s"),
        ("schedule: {evry: 1s}", "wf.yaml:2:12: error: unknown key 'evry' in schedule (did you mean 'every'?)"),
        ("schedule: \"@daily\"\ntimezone: Europe/Londn", "wf.yaml:3:11: error: unknown time zone 'Europe/Londn' (did you mean 'Europe/London'?)"),
        ("schedule: \"@daily\"\noverlap_policy: skp", "wf.yaml:3:17: error: unknown overlap_policy 'skp' (did you mean 'skip'?)"),
        ("schedule: \"@daily\"\nmax_active_runs: 0", "wf.yaml:3:18: error: 'max_active_runs' must be a whole number > 0"),
        ("timezone: UTC", "wf.yaml:2:1: error: 'timezone' needs a 'schedule'"),
    ]

    @Test(arguments: invalidCases)
    func rejectsABadScheduleAtItsPlace(keys: String, expected: String) {
        let found = errors(Self.file(keys))
        #expect(found.contains { $0.hasPrefix(expected) }, "got \(found)")
    }

    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static func at(_ seconds: Int) -> Date { start.addingTimeInterval(TimeInterval(seconds)) }

    static let plannerCases: [(catchup: Bool, policy: OverlapPolicy, maxActive: Int, active: Int, now: Int, start: [Int], cursor: Int?, waiting: Bool)] = [
        (false, .skip, 1, 0, 9, [], nil, false),          // nothing due yet
        (false, .skip, 1, 0, 45, [40], 40, false),        // only the latest missed slot
        (false, .skip, 1, 1, 45, [], 40, false),          // busy: skipped
        (false, .all, 1, 1, 45, [], nil, true),           // busy: waits
        (true, .all, 2, 0, 45, [10, 20], 20, true),       // catch-up, two at a time, the rest wait
        (true, .skip, 2, 0, 45, [10, 20], 40, false),     // catch-up, what does not fit is skipped
        (true, .latest, 2, 0, 45, [40], 40, false),       // catch-up to the newest only
        (true, .all, 1, 1, 45, [], nil, true),
    ]

    @Test(arguments: plannerCases)
    func slotPlanner(_ item: (catchup: Bool, policy: OverlapPolicy, maxActive: Int, active: Int, now: Int, start: [Int], cursor: Int?, waiting: Bool)) throws {
        let config = WorkflowSchedule(schedule: try Schedule(every: .seconds(10)), catchup: item.catchup, overlapPolicy: item.policy,
                                      maxActiveRuns: item.maxActive)
        let decision = SlotPlanner.decide(config, cursor: Self.start, now: Self.at(item.now), activeRuns: item.active)
        #expect(decision.start.map(\.fireDate) == item.start.map(Self.at))
        #expect(decision.start.map(\.dataIntervalStart) == item.start.map { Self.at($0 - 10) })
        #expect(decision.cursor == item.cursor.map(Self.at))
        #expect(decision.waiting == item.waiting)
    }

    @Test func firstSightSetsTheCursorToNowAndStartsNothing() throws {
        let config = WorkflowSchedule(schedule: try Schedule(every: .seconds(10)), catchup: true)
        #expect(SlotPlanner.decide(config, cursor: nil, now: Self.at(45), activeRuns: 0) == SlotPlanner.Decision(cursor: Self.at(45)))
    }
}
