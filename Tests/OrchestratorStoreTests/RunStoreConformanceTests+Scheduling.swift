import Foundation
import OrchestratorCore
import OrchestratorStore
import Synchronization
import Testing

/// Slots, cursors, active and interrupted runs, the scheduler lease, pauses and cleanup.
extension RunStoreConformanceTests {
    static func slot(_ id: String, workflow: String = "w", fire: EpochMillis, trigger: RunTrigger = .schedule, at now: EpochMillis? = nil) -> SlotRun {
        SlotRun(run: Sample.run(id, workflow: workflow, trigger: trigger, at: now ?? fire + 1_000), logicalDate: fire)
    }

    @Test(arguments: StoreKind.allCases)
    func aSlotGetsOneRunAndMovesTheCursorForward(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            #expect(try await store.scheduleCursor(workflow: "w") == nil)
            #expect(try await store.createSlotRun(Self.slot("w-10", fire: 10_000)))
            #expect(try await store.slotRun(workflow: "w", logicalDate: 10_000)?.id.rawValue == "w-10")
            #expect(try await store.scheduleCursor(workflow: "w") == 10_000)
            #expect(try await store.runDetail(RunID(rawValue: "w-10"))?.tasks.map(\.state) == [.pending, .pending, .pending])

            // The slot is taken: another run for it changes nothing.
            #expect(try await store.createSlotRun(Self.slot("w-10-again", fire: 10_000, at: 12_000)) == false)
            #expect(try await store.runDetail(RunID(rawValue: "w-10-again")) == nil)
            #expect(try await store.slotRun(workflow: "w", logicalDate: 10_000)?.id.rawValue == "w-10")
            #expect(Sample.ids(try await store.listRuns(RunFilter())) == ["w-10"])

            // An earlier slot never moves the cursor back; backfilled slots leave it alone.
            #expect(try await store.createSlotRun(Self.slot("w-5", fire: 5_000)))
            #expect(try await store.createSlotRun(Self.slot("w-20", fire: 20_000, trigger: .backfill)))
            #expect(try await store.scheduleCursor(workflow: "w") == 10_000)
            #expect(try await store.slotRun(workflow: "w", logicalDate: 20_000)?.trigger == .backfill)
            #expect(try await store.slotRun(workflow: "w", logicalDate: 15_000) == nil)
            #expect(try await store.slotRun(workflow: "other", logicalDate: 10_000) == nil)

            try await store.advanceScheduleCursor(workflow: "w", to: 8_000, lease: nil)
            #expect(try await store.scheduleCursor(workflow: "w") == 10_000)
            try await store.advanceScheduleCursor(workflow: "w", to: 30_000, lease: nil)
            #expect(try await store.scheduleCursor(workflow: "w") == 30_000)
            try await store.advanceScheduleCursor(workflow: "other", to: 7_000, lease: nil)
            #expect(try await store.scheduleCursor(workflow: "other") == 7_000)
        }
    }

    /// A scheduler's slot runs and cursor moves carry its lease token: once another scheduler took
    /// the lease, the first one's writes are refused and change nothing.
    @Test(arguments: StoreKind.allCases)
    func aSchedulerThatLostTheLeaseWritesNoSlotRunAndNoCursor(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let first = RunOwner(pid: 10, host: "one")
            let second = RunOwner(pid: 20, host: "two")
            _ = try await store.acquireLease(owner: first, token: "one", now: 0, staleAfter: .seconds(10), isHolderAlive: { _ in true })
            var held = Self.slot("w-10", fire: 10_000)
            held.lease = "one"
            #expect(try await store.createSlotRun(held))
            try await store.advanceScheduleCursor(workflow: "w", to: 15_000, lease: "one")
            #expect(try await store.scheduleCursor(workflow: "w") == 15_000)

            // The first scheduler stalls; the second takes the stale lease.
            #expect(try await store.acquireLease(owner: second, token: "two", now: 60_000, staleAfter: .seconds(10),
                                                 isHolderAlive: { _ in true }) == .acquired(SchedulerLease(token: "two", owner: second,
                                                                                                           acquiredAt: 60_000, heartbeatAt: 60_000)))
            var late = Self.slot("w-20", fire: 20_000)
            late.lease = "one"
            await #expect(throws: StoreError.self) { _ = try await store.createSlotRun(late) }
            await #expect(throws: StoreError.self) { try await store.advanceScheduleCursor(workflow: "w", to: 40_000, lease: "one") }
            #expect(try await store.runDetail(RunID(rawValue: "w-20")) == nil)
            #expect(try await store.slotRun(workflow: "w", logicalDate: 20_000) == nil)
            #expect(try await store.scheduleCursor(workflow: "w") == 15_000)

            // The holder's writes go through.
            late.lease = "two"
            #expect(try await store.createSlotRun(late))
            try await store.advanceScheduleCursor(workflow: "w", to: 40_000, lease: "two")
            #expect(try await store.scheduleCursor(workflow: "w") == 40_000)
        }
    }

    /// As the scheduler does, every contender names the slot's run by the same derived id.
    @Test(arguments: StoreKind.allCases)
    func aSlotNeverGetsTwoRunsFromTwoStoresAtOnce(kind: StoreKind) async throws {
        try await kind.withStore { first, database in
            let second = try await database.open()
            for fire in stride(from: EpochMillis(10_000), through: 50_000, by: 10_000) {
                let created = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for store in [first, second, first, second, first, second, first, second] {
                        group.addTask { try await store.createSlotRun(Self.slot("w-\(fire)", fire: fire)) }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(created.filter { $0 }.count == 1, "slot \(fire)")
            }
            #expect(Sample.ids(try await second.listRuns(RunFilter())) == ["w-50000", "w-40000", "w-30000", "w-20000", "w-10000"])
            #expect(try await first.scheduleCursor(workflow: "w") == 50_000)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func activeInterruptedAndLastRunsOfAWorkflow(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let runs: [(String, String, EpochMillis, RunState, RunTrigger)] = [
                ("a1", "w", 1_000, .running, .manual), ("a2", "w", 2_000, .queued, .schedule), ("a3", "w", 3_000, .interrupted, .schedule),
                ("a4", "w", 4_000, .interrupted, .manual), ("a5", "w", 5_000, .interrupted, .backfill), ("a6", "other", 6_000, .running, .manual),
                ("a7", "w", 2_500, .interrupted, .schedule), ("a8", "other", 7_000, .interrupted, .schedule),
            ]
            for (id, workflow, queued, status, trigger) in runs {
                try await Sample.create(store, id, workflow: workflow, at: queued, status: status, trigger: trigger)
            }
            #expect(try await store.activeRunCount(workflow: "w") == 2)
            #expect(try await store.activeRunCount(workflow: "other") == 1)
            #expect(try await store.activeRunCount(workflow: "nobody") == 0)
            #expect(Sample.ids(try await store.activeRuns()) == ["a6", "a2", "a1"])
            #expect(try await store.lastRun(workflow: "w")?.id.rawValue == "a5")
            #expect(try await store.lastRun(workflow: "other")?.id.rawValue == "a8")
            #expect(try await store.lastRun(workflow: "nobody") == nil)
            let interrupted = { (triggers: [RunTrigger]) in try await store.interruptedRuns(workflow: "w", triggers: triggers).map(\.rawValue) }
            #expect(try await interrupted([.schedule, .backfill]) == ["a7", "a3", "a5"])
            #expect(try await interrupted([.manual]) == ["a4"])
            #expect(try await interrupted([.retry]) == [])
            #expect(try await interrupted([]) == [])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func leaseIsExclusiveAndTakenOverWhenStaleOrHolderGone(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let first = RunOwner(pid: 1, host: "a"), second = RunOwner(pid: 2, host: "b")
            let judged = Mutex<[RunOwner]>([])
            let alive: @Sendable (RunOwner) -> Bool = { owner in
                judged.withLock { $0.append(owner) }
                return true
            }
            #expect(try await store.currentLease() == nil)
            let held = SchedulerLease(token: "one", owner: first, acquiredAt: 0, heartbeatAt: 0)
            #expect(try await store.acquireLease(owner: first, token: "one", now: 0, staleAfter: .seconds(10), isHolderAlive: alive) == .acquired(held))
            #expect(try await store.currentLease() == held)
            #expect(try await store.acquireLease(owner: second, token: "two", now: 5_000, staleAfter: .seconds(10), isHolderAlive: alive) == .heldBy(held))
            #expect(judged.withLock { $0 }.last == first, "the holder's liveness is asked about the holder")

            #expect(try await store.renewLease(token: "one", now: 9_000))
            #expect(try await store.renewLease(token: "nope", now: 9_000) == false)
            #expect(try await store.currentLease()?.heartbeatAt == 9_000)
            let renewed = SchedulerLease(token: "one", owner: first, acquiredAt: 0, heartbeatAt: 9_000)
            #expect(try await store.acquireLease(owner: second, token: "two", now: 19_000, staleAfter: .seconds(10), isHolderAlive: alive) == .heldBy(renewed))

            // No heartbeat for more than 10 s: the standby takes over and the old holder learns it lost.
            let taken = SchedulerLease(token: "two", owner: second, acquiredAt: 19_001, heartbeatAt: 19_001)
            #expect(try await store.acquireLease(owner: second, token: "two", now: 19_001, staleAfter: .seconds(10), isHolderAlive: alive) == .acquired(taken))
            #expect(try await store.renewLease(token: "one", now: 19_002) == false)
            try await store.releaseLease(token: "one")
            #expect(try await store.currentLease() == taken, "only the holder's token releases the lease")

            // The holder asking again takes it anew.
            let again = SchedulerLease(token: "two", owner: second, acquiredAt: 19_500, heartbeatAt: 19_500)
            #expect(try await store.acquireLease(owner: second, token: "two", now: 19_500, staleAfter: .seconds(10), isHolderAlive: alive) == .acquired(again))

            // A holder whose process is gone loses the lease at once.
            let dead = SchedulerLease(token: "three", owner: first, acquiredAt: 19_600, heartbeatAt: 19_600)
            #expect(try await store.acquireLease(owner: first, token: "three", now: 19_600, staleAfter: .seconds(10), isHolderAlive: { _ in false }) == .acquired(dead))
            try await store.releaseLease(token: "three")
            #expect(try await store.currentLease() == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aFreeLeaseGoesToExactlyOneOfSeveralSchedulers(kind: StoreKind) async throws {
        try await kind.withStore { first, database in
            let second = try await database.open()
            for round in 0..<3 {
                let attempts = try await withThrowingTaskGroup(of: LeaseAttempt.self) { group in
                    for (index, store) in [first, second, first, second, first, second].enumerated() {
                        group.addTask {
                            try await store.acquireLease(owner: RunOwner(pid: Int32(index), host: "h"), token: "t\(round)-\(index)", now: 0,
                                                         staleAfter: .seconds(10), isHolderAlive: { _ in true })
                        }
                    }
                    return try await group.reduce(into: [LeaseAttempt]()) { $0.append($1) }
                }
                let winners = attempts.compactMap { attempt -> SchedulerLease? in
                    if case .acquired(let lease) = attempt { lease } else { nil }
                }
                #expect(winners.count == 1, "round \(round)")
                let holder = try #require(try await first.currentLease())
                #expect(holder == winners.first)
                #expect(attempts.allSatisfy { $0 == .acquired(holder) || $0 == .heldBy(holder) })
                try await second.releaseLease(token: holder.token)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func pausingAndUnpausingReportWhetherAnythingChanged(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            try await store.setPaused(workflow: "never-paused", paused: false, now: 0)
            #expect(try await store.pausedWorkflows() == [])
            #expect(try await store.setPaused(workflow: "w", paused: true, now: 1))
            #expect(try await store.setPaused(workflow: "w", paused: true, now: 2) == false)
            #expect(try await store.setPaused(workflow: "x", paused: true, now: 3))
            #expect(try await store.pausedWorkflows() == ["w", "x"])
            #expect(try await store.setPaused(workflow: "w", paused: false, now: 4))
            #expect(try await store.setPaused(workflow: "w", paused: false, now: 5) == false)
            #expect(try await store.pausedWorkflows() == ["x"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func cleanupPicksFinishedRunsByAgeOrRankAndDeletesThemWithTheirRows(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            // c1 is a scheduled slot with attempts and outputs; c3 is still running.
            #expect(try await store.createSlotRun(SlotRun(run: Sample.run("c1", tasks: ["a", "b"], trigger: .schedule, at: 1_000), logicalDate: 500)))
            let c1 = RunID(rawValue: "c1")
            try await store.startAttempt(run: c1, task: "a", attempt: 1, logPath: "/a", now: 1_100)
            try await store.finishAttempt(run: c1, task: "a", attempt: 1, status: .succeeded, taskState: .succeeded, exitCode: 0,
                                          error: nil, outputs: [("k", "v")], now: 1_200)
            try await store.finishRun(c1, status: .succeeded, error: nil, now: 1_300)
            try await Sample.create(store, "c2", at: 2_000, status: .failed, tasks: ["a", "b"])
            try await Sample.create(store, "c3", at: 3_000, tasks: ["a", "b"])
            try await Sample.create(store, "c4", workflow: "other", at: 4_000, status: .succeeded, tasks: ["a"])
            try await Sample.create(store, "c5", at: 5_000, status: .succeeded, tasks: ["a", "b"])

            let dry = { (cutoff: EpochMillis?, keep: Int?, workflow: String?) in
                try await store.cleanup(queuedBefore: cutoff, keepNewest: keep, workflow: workflow, dryRun: true)
            }
            let ids = { (report: CleanupReport) in report.runs.map(\.rawValue) }
            let old = try await dry(4_500, nil, nil)
            #expect(ids(old) == ["c1", "c2", "c4"] && old.taskInstances == 5)
            #expect(ids(try await dry(nil, 2, "w")) == ["c1", "c2"], "w's newest two are c5 and the running c3")
            #expect(ids(try await dry(nil, 1, nil)) == ["c1", "c2", "c4"])
            #expect(ids(try await dry(nil, 10, nil)) == [])
            #expect(ids(try await dry(1_500, 10, "w")) == ["c1"])
            #expect(ids(try await dry(nil, nil, "other")) == ["c4"])
            #expect(ids(try await dry(nil, nil, nil)) == ["c1", "c2", "c4", "c5"])
            #expect(try await store.listRuns(RunFilter()).count == 5, "a dry run deletes nothing")

            let done = try await store.cleanup(queuedBefore: 4_500, keepNewest: nil, workflow: "w", dryRun: false)
            #expect(ids(done) == ["c1", "c2"] && done.taskInstances == 4)
            #expect(Sample.ids(try await store.listRuns(RunFilter())) == ["c5", "c4", "c3"])
            #expect(try await store.runDetail(c1) == nil)
            #expect(try await store.outputs(of: c1) == [:])
            #expect(try await store.slotRun(workflow: "w", logicalDate: 500) == nil)
            #expect(try await store.workflow(hash: "hash-w") != nil, "workflow definitions stay")

            // Nothing of the deleted runs is left behind: the slot and the id can be used again.
            #expect(try await store.createSlotRun(SlotRun(run: Sample.run("c1", tasks: ["a", "b"], trigger: .schedule, at: 9_000), logicalDate: 500)))
            let reborn = try #require(try await store.runDetail(c1))
            #expect(reborn.tasks.allSatisfy { $0.state == .pending && $0.attemptHistory.isEmpty && $0.outputs.isEmpty })
        }
    }
}
