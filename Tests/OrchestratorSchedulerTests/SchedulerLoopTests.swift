import Foundation
import Testing
@testable import OrchestratorCore
@testable import OrchestratorEngine
@testable import OrchestratorScheduler
@testable import OrchestratorStore
@testable import SQLiteStore

/// The scheduling loop on a manual clock: no test waits for real schedule time.
@Suite struct SchedulerLoopTests {
    static func every10s(_ name: String, task: String = "noop", extra: String = "") -> String {
        "name: \(name)\nschedule: {every: 10s}\n\(extra)tasks:\n  - id: t\n    type: \(task)\n"
    }

    @Test func firstSightSchedulesFromNowAndRunsWhenDue() async throws {
        let fixture = try SchedulerFixture()
        fixture.clock.advance(to: SchedulerFixture.start.addingTimeInterval(5))
        await fixture.scheduler.setWorkflows(["w": try fixture.load(Self.every10s("w"))])
        try await fixture.running {
            #expect(await fixture.eventually { try await fixture.store.scheduleCursor(workflow: "w") != nil })
            let noRunsYet = try await fixture.slots("w").isEmpty
            #expect(noRunsYet)
            fixture.advance(to: 10)
            #expect(await fixture.eventually { try await fixture.slots("w", status: .succeeded) == [10] })
            let run = try #require(try await fixture.store.slotRun(workflow: "w", logicalDate: Scheduler.millis(SchedulerFixture.start) + 10_000))
            #expect(run.id.rawValue == "w-20260101T000010Z")
            #expect(run.trigger == .schedule)
            #expect(run.intervalStart == "2026-01-01T00:00:00Z")
            #expect(run.intervalEnd == "2026-01-01T00:00:10Z")
        }
    }

    @Test func withoutCatchupOnlyTheLatestMissedSlotRuns() async throws {
        let fixture = try SchedulerFixture()
        try await fixture.schedule([Self.every10s("w")])
        fixture.advance(to: 45)
        try await fixture.running {
            #expect(await fixture.eventually { try await fixture.slots("w", status: .succeeded) == [40] })
        }
    }

    @Test(arguments: [
        // window, expected slots: everything missed since the cursor, or only what the window reaches
        ("7d", [10, 20, 30, 40]),
        ("25s", [30, 40]),
    ])
    func catchupRunsMissedSlotsInOrder(window: String, expected: [Int]) async throws {
        let fixture = try SchedulerFixture()
        try await fixture.schedule([Self.every10s("w", extra: "catchup: true\ncatchup_window: \(window)\noverlap_policy: all\nmax_active_runs: 3\n")])
        fixture.advance(to: 45)
        try await fixture.running {
            #expect(await fixture.eventually { try await fixture.slots("w", status: .succeeded) == expected })
        }
    }

    @Test(arguments: [
        // policy, slots run while slot 10 holds the only active place through fires 20 and 30, then 40
        (OverlapPolicy.skip, [10], [10, 40]),
        (OverlapPolicy.all, [10, 20, 30], [10, 20, 30, 40]),
        (OverlapPolicy.latest, [10, 30], [10, 30, 40]),
    ])
    func overlapPolicy(_ policy: OverlapPolicy, afterRelease: [Int], final: [Int]) async throws {
        let fixture = try SchedulerFixture()
        let yaml = Self.every10s("w", task: "gate", extra: "catchup: true\noverlap_policy: \(policy.rawValue)\nmax_active_runs: 1\n")
        try await fixture.schedule([yaml])
        try await fixture.running {
            fixture.advance(to: 10)
            #expect(await fixture.eventually { try await fixture.slots("w", status: .running) == [10] })
            fixture.advance(to: 20)
            #expect(await fixture.eventually {
                // skip moves the cursor past the slot; all and latest leave it waiting
                policy == .skip ? try await fixture.store.scheduleCursor(workflow: "w") == Scheduler.millis(SchedulerFixture.start) + 20_000 : true
            })
            fixture.advance(to: 30)
            #expect(await fixture.eventually {
                policy == .skip ? try await fixture.store.scheduleCursor(workflow: "w") == Scheduler.millis(SchedulerFixture.start) + 30_000 : true
            })
            let created = try await fixture.slots("w")
            #expect(created == [10])
            fixture.gate.release()
            #expect(await fixture.eventually { try await fixture.slots("w", status: .succeeded) == afterRelease })
            fixture.advance(to: 40)
            #expect(await fixture.eventually { try await fixture.slots("w", status: .succeeded) == final })
        }
    }

    @Test func maxActiveRunsBoundsConcurrentRuns() async throws {
        let fixture = try SchedulerFixture()
        try await fixture.schedule([Self.every10s("w", task: "gate", extra: "max_active_runs: 2\n")])
        try await fixture.running {
            fixture.advance(to: 10)
            #expect(await fixture.eventually { try await fixture.slots("w", status: .running) == [10] })
            fixture.advance(to: 20)
            #expect(await fixture.eventually { try await fixture.slots("w", status: .running) == [10, 20] })
            fixture.advance(to: 30)
            #expect(await fixture.eventually { try await fixture.store.scheduleCursor(workflow: "w") == Scheduler.millis(SchedulerFixture.start) + 30_000 })
            let created = try await fixture.slots("w")
            #expect(created == [10, 20])
            let active = try await fixture.store.activeRunCount(workflow: "w")
            #expect(active == 2)
        }
    }

    @Test func pausedWorkflowStartsNoRunUntilUnpaused() async throws {
        let fixture = try SchedulerFixture()
        try await fixture.store.setPaused(workflow: "a-paused", paused: true, now: 0)
        try await fixture.schedule([Self.every10s("a-paused"), Self.every10s("b-live")])
        try await fixture.running {
            fixture.advance(to: 10)
            // Both are looked at in one pass, in name order: once b-live ran, a-paused was passed over.
            #expect(await fixture.eventually { try await fixture.slots("b-live", status: .succeeded) == [10] })
            let pausedNeverRan = try await fixture.slots("a-paused").isEmpty
            #expect(pausedNeverRan)
            try await fixture.store.setPaused(workflow: "a-paused", paused: false, now: 0)
            fixture.scheduler.poke()
            #expect(await fixture.eventually { try await fixture.slots("a-paused", status: .succeeded) == [10] })
        }
    }

    @Test func interruptedScheduledRunIsResumedWithoutRerunningSucceededTasks() async throws {
        let fixture = try SchedulerFixture()
        let yaml = "name: w\nschedule: {every: 10s}\ntasks:\n  - id: a\n    type: noop\n  - id: b\n    type: gate\n    depends_on: [a]\n"
        let loaded = try fixture.load(yaml)
        let launcher = RunLauncher(store: fixture.store, registry: fixture.registry)
        let slot = try #require(loaded.workflow.schedule?.schedule.slot(firingAt: SchedulerFixture.start.addingTimeInterval(10)))
        let plan = try #require(try await launcher.createSlotRun(loaded.workflow, record: loaded.record, slot: slot, trigger: .schedule))
        try await fixture.store.setTaskState(run: plan.runID, task: "a", state: .succeeded, error: nil, now: 1)
        try await fixture.store.startAttempt(run: plan.runID, task: "b", attempt: 1, logPath: "/dev/null", now: 1)
        // The owner died: the next reader marks the run interrupted.
        try await fixture.store.reapOrphans(now: 2, staleAfter: .seconds(60), liveness: { _ in .dead })
        fixture.gate.release()
        try await fixture.schedule([yaml], cursorAt: SchedulerFixture.start.addingTimeInterval(10))
        try await fixture.running {
            #expect(await fixture.eventually { try await fixture.slots("w", status: .succeeded) == [10] })
            let detail = try #require(try await fixture.store.runDetail(plan.runID))
            #expect(detail.tasks.map(\.attempts) == [0, 2])
            #expect(detail.tasks[1].attemptHistory.map(\.status) == [.interrupted, .succeeded])
        }
    }
}
