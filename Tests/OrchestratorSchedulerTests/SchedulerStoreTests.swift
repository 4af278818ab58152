import Foundation
import Testing
@testable import OrchestratorCore
@testable import OrchestratorEngine
@testable import OrchestratorScheduler
@testable import OrchestratorStore
@testable import SQLiteStore

/// Slots, the lease and cleanup in the SQLite store.
@Suite struct SchedulerStoreTests {
    @Test func aSlotNeverProducesTwoRunsEvenFromTwoConnections() async throws {
        let fixture = try SchedulerFixture()
        let other = try SQLiteRunStore(path: fixture.state.databasePath)
        let loaded = try fixture.load("name: w\nschedule: {every: 10s}\ntasks:\n  - id: t\n    type: noop\n")
        let slot = try #require(loaded.workflow.schedule?.schedule.slot(firingAt: SchedulerFixture.start.addingTimeInterval(10)))
        let created = try await withThrowingTaskGroup(of: Bool.self) { group in
            for store in [fixture.store, other, fixture.store, other] {
                group.addTask {
                    try await RunLauncher(store: store, registry: fixture.registry)
                        .createSlotRun(loaded.workflow, record: loaded.record, slot: slot, trigger: .schedule) != nil
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(created.filter { $0 }.count == 1)
        let slots = try await fixture.slots("w")
        #expect(slots == [10])
        let cursor = try await fixture.store.scheduleCursor(workflow: "w")
        #expect(cursor == Scheduler.millis(SchedulerFixture.start) + 10_000)
    }

    @Test func backfillSlotsDoNotMoveTheSchedulerCursor() async throws {
        let fixture = try SchedulerFixture()
        let loaded = try fixture.load("name: w\nschedule: {every: 10s}\ntasks:\n  - id: t\n    type: noop\n")
        let slot = try #require(loaded.workflow.schedule?.schedule.slot(firingAt: SchedulerFixture.start.addingTimeInterval(10)))
        _ = try await RunLauncher(store: fixture.store, registry: fixture.registry).createSlotRun(loaded.workflow, record: loaded.record, slot: slot, trigger: .backfill)
        let cursor = try await fixture.store.scheduleCursor(workflow: "w")
        #expect(cursor == nil)
    }

    @Test func leaseIsExclusiveAndTakenOverWhenStaleOrHolderGone() async throws {
        let fixture = try SchedulerFixture()
        let store = fixture.store
        let first = RunOwner(pid: 1, host: "a"), second = RunOwner(pid: 2, host: "b")
        let alive: @Sendable (RunOwner) -> Bool = { _ in true }
        guard case .acquired = try await store.acquireLease(owner: first, token: "one", now: 0, staleAfter: .seconds(10), isHolderAlive: alive) else {
            Issue.record("the free lease was not acquired")
            return
        }
        let blocked = try await store.acquireLease(owner: second, token: "two", now: 5_000, staleAfter: .seconds(10), isHolderAlive: alive)
        #expect(blocked == .heldBy(SchedulerLease(token: "one", owner: first, acquiredAt: 0, heartbeatAt: 0)))
        let renewed = try await store.renewLease(token: "one", now: 9_000)
        #expect(renewed)
        if case .acquired = try await store.acquireLease(owner: second, token: "two", now: 18_000, staleAfter: .seconds(10), isHolderAlive: alive) {
            Issue.record("a lease renewed 9 s ago was taken over")
        }
        // No heartbeat for more than 10 s: the standby takes over and the old holder learns it lost.
        guard case .acquired = try await store.acquireLease(owner: second, token: "two", now: 19_001, staleAfter: .seconds(10), isHolderAlive: alive) else {
            Issue.record("a stale lease was not taken over")
            return
        }
        let oldHolderRenewed = try await store.renewLease(token: "one", now: 19_002)
        #expect(oldHolderRenewed == false)
        // A holder whose process is gone loses the lease at once.
        guard case .acquired = try await store.acquireLease(owner: first, token: "three", now: 19_003, staleAfter: .seconds(10), isHolderAlive: { _ in false }) else {
            Issue.record("the lease of a dead holder was not taken over")
            return
        }
        try await store.releaseLease(token: "three")
        let lease = try await store.currentLease()
        #expect(lease == nil)
    }

    @Test func cleanupDeletesOldFinishedRunsWithTheirRowsAndKeepsActiveOnes() async throws {
        let fixture = try SchedulerFixture()
        let loaded = try fixture.load("name: w\nschedule: {every: 10s}\ntasks:\n  - id: a\n    type: noop\n  - id: b\n    type: noop\n")
        let launcher = RunLauncher(store: fixture.store, registry: fixture.registry)
        var plans: [RunPlan] = []
        for seconds in [10, 20, 30] {
            let slot = try #require(loaded.workflow.schedule?.schedule.slot(firingAt: SchedulerFixture.start.addingTimeInterval(TimeInterval(seconds))))
            plans.append(try #require(try await launcher.createSlotRun(loaded.workflow, record: loaded.record, slot: slot, trigger: .schedule)))
        }
        for plan in plans.prefix(2) { try await fixture.store.finishRun(plan.runID, status: .succeeded, error: nil, now: 1) }
        let future = Timestamps.now() + 60_000
        let dry = try await fixture.store.cleanup(queuedBefore: future, keepNewest: nil, workflow: nil, dryRun: true)
        #expect(dry.runs.count == 2 && dry.taskInstances == 4)
        let remaining = try await fixture.slots("w").count
        #expect(remaining == 3)
        let done = try await fixture.store.cleanup(queuedBefore: future, keepNewest: nil, workflow: "w", dryRun: false)
        #expect(Set(done.runs) == Set(plans.prefix(2).map(\.runID)))
        let kept = try await fixture.slots("w")
        #expect(kept == [30])
        let deleted = try await fixture.store.runDetail(plans[0].runID)
        #expect(deleted == nil)
    }
}
