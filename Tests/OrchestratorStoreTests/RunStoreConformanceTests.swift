import Foundation
import OrchestratorCore
import OrchestratorStore
import Testing

/// What every `RunStore` must do, written once against `any RunStore` and run on each store kind.
/// Scheduling (slots, cursors, the lease, pauses, cleanup) is in `+Scheduling`.
@Suite struct RunStoreConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func createRunStoresTheRunItsTasksInOrderAndItsWorkflow(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let run = Sample.run("r1", tasks: ["extract", "load", "aggregate"], at: 1_000, params: ["day": "2026-01-01", "mode": "full"],
                                 interval: ("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"))
            try await store.createRun(run)
            let detail = try #require(try await store.runDetail(run.id))
            #expect(detail.summary == RunSummary(id: run.id, workflow: "w", status: .running, trigger: .manual, logicalDate: run.logicalDate,
                                                 queuedAt: 1_000, startedAt: 1_000, intervalStart: "2026-01-01T00:00:00Z",
                                                 intervalEnd: "2026-01-02T00:00:00Z"))
            #expect(detail.workflowHash == "hash-w")
            #expect(detail.params == ["day": "2026-01-01", "mode": "full"])
            #expect(detail.owner == Sample.owner)
            #expect(detail.heartbeatAt == 1_000)
            #expect(detail.cancelRequested == false)
            #expect(detail.tasks == ["extract", "load", "aggregate"].map {
                TaskRecord(id: $0, state: .pending, attempts: 0, startedAt: nil, endedAt: nil, exitCode: nil, error: nil, outputs: [:], attemptHistory: [])
            })
            #expect(try await store.workflow(hash: "hash-w") == Sample.workflow("w"))

            // A second run of the same definition shares the stored workflow; an id is never reused.
            try await store.createRun(Sample.run("r2", at: 2_000))
            #expect(Sample.ids(try await store.listRuns(RunFilter())) == ["r2", "r1"])
            await #expect(throws: (any Error).self) { try await store.createRun(Sample.run("r1", at: 3_000)) }
            #expect(try await store.workflow(hash: "hash-unknown") == nil)
            #expect(try await store.runDetail(RunID(rawValue: "missing")) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func transitionsRecordStatesAttemptsAndOutputs(kind: StoreKind) async throws {
        try await kind.withRun { store, id in
            try await store.startAttempt(run: id, task: "a", attempt: 1, logPath: "/logs/a/1", now: 2_000)
            var a = try #require(try await Sample.task(store, id, "a"))
            #expect(a.state == .running && a.attempts == 1 && a.startedAt == 2_000 && a.endedAt == nil)
            #expect(a.attemptHistory == [AttemptRecord(attempt: 1, status: .running, startedAt: 2_000, logPath: "/logs/a/1")])

            try await store.finishAttempt(run: id, task: "a", attempt: 1, status: .failed, taskState: .upForRetry, exitCode: 3,
                                          error: "exit 3", outputs: [], now: 3_000)
            a = try #require(try await Sample.task(store, id, "a"))
            #expect(a.state == .upForRetry && a.endedAt == nil && a.exitCode == 3 && a.error == "exit 3")

            // Queued again (the error stays until the next attempt starts), then attempt 2, in one call.
            try await store.record(run: id, [.state(task: "a", .queued, error: nil, at: 3_500),
                                             .start(task: "a", attempt: 2, logPath: "/logs/a/2", at: 4_000)])
            a = try #require(try await Sample.task(store, id, "a"))
            #expect(a.state == .running && a.attempts == 2 && a.startedAt == 2_000 && a.exitCode == nil && a.error == nil)

            // A key given twice keeps its last value.
            try await store.finishAttempt(run: id, task: "a", attempt: 2, status: .succeeded, taskState: .succeeded, exitCode: 0, error: nil,
                                          outputs: [("rows", "10"), ("file", "x.csv"), ("rows", "12")], now: 5_000)
            a = try #require(try await Sample.task(store, id, "a"))
            #expect(a.state == .succeeded && a.endedAt == 5_000 && a.exitCode == 0 && a.error == nil && a.durationMs == 3_000)
            #expect(a.outputs == ["rows": "12", "file": "x.csv"])
            #expect(a.attemptHistory == [
                AttemptRecord(attempt: 1, status: .failed, startedAt: 2_000, endedAt: 3_000, exitCode: 3, error: "exit 3", logPath: "/logs/a/1"),
                AttemptRecord(attempt: 2, status: .succeeded, startedAt: 4_000, endedAt: 5_000, exitCode: 0, logPath: "/logs/a/2"),
            ])

            // States without attempts: a finished one gets its end time and error.
            try await store.record(run: id, [.state(task: "b", .upstreamFailed, error: "upstream a failed", at: 6_000),
                                             .state(task: "c", .skipped, error: nil, at: 6_001)])
            let b = try #require(try await Sample.task(store, id, "b"))
            #expect(b.state == .upstreamFailed && b.error == "upstream a failed" && b.endedAt == 6_000 && b.startedAt == nil && b.attempts == 0)
            let c = try #require(try await Sample.task(store, id, "c"))
            #expect(c.state == .skipped && c.error == nil && c.endedAt == 6_001)

            // Outputs of a second finish of the same task are merged in, later values winning.
            try await store.finishAttempt(run: id, task: "a", attempt: 2, status: .succeeded, taskState: .succeeded, exitCode: 0, error: nil,
                                          outputs: [("rows", "13")], now: 5_000)
            #expect(try await store.outputs(of: id) == ["a": ["rows": "13", "file": "x.csv"]])
            try await store.record(run: id, [])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func restartingAnAttemptNumberReplacesThatAttempt(kind: StoreKind) async throws {
        try await kind.withRun { store, id in
            try await store.startAttempt(run: id, task: "a", attempt: 1, logPath: "/old", now: 2_000)
            try await store.finishAttempt(run: id, task: "a", attempt: 1, status: .interrupted, taskState: .interrupted, exitCode: 137,
                                          error: "killed", outputs: [], now: 3_000)
            try await store.startAttempt(run: id, task: "a", attempt: 1, logPath: "/new", now: 4_000)
            let a = try #require(try await Sample.task(store, id, "a"))
            #expect(a.attemptHistory == [AttemptRecord(attempt: 1, status: .running, startedAt: 4_000, logPath: "/new")])
            #expect(a.state == .running && a.startedAt == 2_000 && a.endedAt == nil && a.exitCode == nil && a.error == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aFailingBatchOfTransitionsChangesNothing(kind: StoreKind) async throws {
        try await kind.withRun { store, id in
            await #expect(throws: (any Error).self) {
                try await store.record(run: id, [.start(task: "a", attempt: 1, logPath: "/a", at: 2_000),
                                                 .start(task: "no-such-task", attempt: 1, logPath: "/x", at: 2_000)])
            }
            let a = try #require(try await Sample.task(store, id, "a"))
            #expect(a.state == .pending && a.attempts == 0 && a.attemptHistory.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func finishRunEndsTheRun(kind: StoreKind) async throws {
        try await kind.withRun { store, id in
            try await store.finishRun(id, status: .failed, error: "task b failed", now: 9_000)
            let detail = try #require(try await store.runDetail(id))
            #expect(detail.summary.status == .failed && detail.summary.endedAt == 9_000 && detail.summary.error == "task b failed")
            #expect(detail.summary.durationMs == 8_000)
            #expect(detail.heartbeatAt == 9_000)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func heartbeatsCarryCancelRequestsOfActiveRunsOnly(kind: StoreKind) async throws {
        try await kind.withRun { store, id in
            let missing = RunID(rawValue: "missing")
            #expect(try await store.heartbeat(id, now: 2_000) == false)
            #expect(try await store.runDetail(id)?.heartbeatAt == 2_000)
            #expect(try await store.isCancelRequested(id) == false)

            #expect(try await store.requestCancel(id, now: 2_500) == .running)
            #expect(try await store.isCancelRequested(id))
            #expect(try await store.heartbeat(id, now: 3_000))
            #expect(try await store.runDetail(id)?.cancelRequested == true)

            try await Sample.create(store, "done", at: 1_000, status: .succeeded)
            #expect(try await store.requestCancel(RunID(rawValue: "done"), now: 4_000) == .succeeded)
            #expect(try await store.isCancelRequested(RunID(rawValue: "done")) == false)

            #expect(try await store.requestCancel(missing, now: 4_000) == nil)
            #expect(try await store.heartbeat(missing, now: 4_000) == false)
            #expect(try await store.isCancelRequested(missing) == false)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func reapOrphansInterruptsRunsOfDeadOrSilentOwners(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let now: EpochMillis = 100_000_000
            let here = "here", elsewhere = "elsewhere"
            // (id, owner, last heartbeat): staleAfter is 60 s.
            let runs: [(String, RunOwner, EpochMillis)] = [
                ("dead", RunOwner(pid: 1, host: here), now - 1_000),
                ("silent", RunOwner(pid: 2, host: elsewhere), now - 61_000),
                ("fresh", RunOwner(pid: 3, host: elsewhere), now - 59_000),
                ("alive", RunOwner(pid: 4, host: here), now - 300_000),
                ("reused-pid", RunOwner(pid: 5, host: here), now - 601_000),
            ]
            for (id, owner, heartbeat) in runs {
                try await store.createRun(Sample.run(id, tasks: ["a", "b", "c", "d"], at: heartbeat, owner: owner))
            }
            let dead = RunID(rawValue: "dead")
            try await store.startAttempt(run: dead, task: "a", attempt: 1, logPath: "/a", now: now - 5_000)
            try await store.startAttempt(run: dead, task: "b", attempt: 1, logPath: "/b", now: now - 5_000)
            try await store.finishAttempt(run: dead, task: "b", attempt: 1, status: .failed, taskState: .upForRetry, exitCode: 1,
                                          error: "exit 1", outputs: [], now: now - 4_000)
            try await store.startAttempt(run: dead, task: "d", attempt: 1, logPath: "/d", now: now - 5_000)
            try await store.finishAttempt(run: dead, task: "d", attempt: 1, status: .succeeded, taskState: .succeeded, exitCode: 0,
                                          error: nil, outputs: [], now: now - 4_000)
            try await store.createRun(Sample.run("finished", at: now - 900_000, owner: RunOwner(pid: 1, host: here)))
            try await store.finishRun(RunID(rawValue: "finished"), status: .succeeded, error: nil, now: now - 800_000)

            let liveness: @Sendable (RunOwner) -> OwnerLiveness = { owner in
                owner.host == elsewhere ? .unknown : owner.pid == 1 ? .dead : .alive
            }
            let reaped = try await store.reapOrphans(now: now, staleAfter: .seconds(60), liveness: liveness)
            #expect(Set(reaped.map(\.rawValue)) == ["dead", "silent", "reused-pid"])
            for id in ["dead", "silent", "reused-pid"] {
                let summary = try #require(try await store.runDetail(RunID(rawValue: id))?.summary)
                #expect(summary.status == .interrupted && summary.endedAt == now && summary.error == "owner process died", "\(id)")
            }
            for (id, status) in [("fresh", RunState.running), ("alive", .running), ("finished", .succeeded)] {
                #expect(try await store.runDetail(RunID(rawValue: id))?.summary.status == status, "\(id)")
            }
            let tasks = try #require(try await store.runDetail(dead)?.tasks)
            #expect(tasks.map(\.state) == [.interrupted, .interrupted, .pending, .succeeded])
            #expect(tasks[0].endedAt == now && tasks[0].error == "owner process died")
            #expect(tasks[0].attemptHistory == [AttemptRecord(attempt: 1, status: .interrupted, startedAt: now - 5_000, endedAt: now,
                                                              error: "owner process died", logPath: "/a")])
            #expect(tasks[1].attemptHistory.map(\.status) == [.failed])
            #expect(tasks[2].endedAt == nil && tasks[2].error == nil)
            #expect(try await store.reapOrphans(now: now, staleAfter: .seconds(60), liveness: liveness).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func reopenRunTakesOverOnlyFinishedRuns(kind: StoreKind) async throws {
        try await kind.withRun(tasks: ["a", "b"]) { store, id in
            try await store.startAttempt(run: id, task: "a", attempt: 1, logPath: "/a", now: 2_000)
            try await store.finishAttempt(run: id, task: "a", attempt: 1, status: .succeeded, taskState: .succeeded, exitCode: 0,
                                          error: nil, outputs: [("k", "1")], now: 3_000)
            try await store.startAttempt(run: id, task: "b", attempt: 1, logPath: "/b", now: 2_000)
            try await store.finishAttempt(run: id, task: "b", attempt: 1, status: .failed, taskState: .failed, exitCode: 1,
                                          error: "boom", outputs: [("partial", "x")], now: 3_000)
            _ = try await store.requestCancel(id, now: 3_500)

            // Still active: refused.
            let active = await #expect(throws: StoreError.self) {
                try await store.reopenRun(id, owner: Sample.owner, resetting: ["b"], now: 4_000)
            }
            #expect(active?.errorDescription == StoreError.runIsActive("r1", owner: "another process").errorDescription)
            let unknown = await #expect(throws: StoreError.self) {
                try await store.reopenRun(RunID(rawValue: "missing"), owner: Sample.owner, resetting: [], now: 4_000)
            }
            #expect(unknown?.errorDescription == StoreError.unknownRun("missing").errorDescription)

            try await store.finishRun(id, status: .failed, error: "b failed", now: 4_000)
            let newOwner = RunOwner(pid: 77, host: "host-b")
            try await store.reopenRun(id, owner: newOwner, resetting: ["b"], now: 50_000)
            let detail = try #require(try await store.runDetail(id))
            #expect(detail.summary.status == .running && detail.summary.endedAt == nil && detail.summary.error == nil)
            #expect(detail.summary.trigger == .manual && detail.summary.startedAt == 1_000)
            #expect(detail.owner == newOwner && detail.heartbeatAt == 50_000 && detail.cancelRequested == false)
            let b = detail.tasks[1]
            #expect(b.state == .pending && b.startedAt == nil && b.endedAt == nil && b.exitCode == nil && b.error == nil && b.outputs.isEmpty)
            #expect(b.attempts == 1 && b.attemptHistory.map(\.status) == [.failed])
            #expect(detail.tasks[0].state == .succeeded && detail.tasks[0].outputs == ["k": "1"])
            #expect(try await store.outputs(of: id) == ["a": ["k": "1"]])

            // Once reopened it is active: a second taker is refused.
            await #expect(throws: StoreError.self) { try await store.reopenRun(id, owner: Sample.owner, resetting: [], now: 51_000) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func everyFinishedStatusCanBeReopenedAndNoActiveOne(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            for status in RunState.allCases {
                try await Sample.create(store, status.rawValue, at: 1_000, status: status)
                let reopen = { try await store.reopenRun(RunID(rawValue: status.rawValue), owner: Sample.owner, resetting: [], now: 2_000) }
                if status.isFinished {
                    try await reopen()
                    #expect(try await store.runDetail(RunID(rawValue: status.rawValue))?.summary.status == .running, "\(status)")
                } else {
                    await #expect(throws: StoreError.self, "\(status)") { try await reopen() }
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func listRunsHonoursEveryFilterNewestFirst(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            // r03 and r04 share a queue time: the id breaks the tie.
            let runs: [(String, String, EpochMillis, RunState)] = [
                ("r01", "w1", 1_000, .succeeded), ("r02", "w2", 2_000, .failed), ("r03", "w1", 3_000, .running),
                ("r04", "w1", 3_000, .failed), ("r05", "w2", 4_000, .succeeded), ("r06", "w1", 5_000, .succeeded),
            ]
            for (id, workflow, queued, status) in runs { try await Sample.create(store, id, workflow: workflow, at: queued, status: status) }
            try await store.createRun(Sample.run("r07", workflow: "w1", trigger: .backfill, at: 6_000, interval: ("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")))
            try await store.finishRun(RunID(rawValue: "r07"), status: .failed, error: "boom", now: 6_500)

            let list = { (filter: RunFilter) in Sample.ids(try await store.listRuns(filter)) }
            #expect(try await list(RunFilter()) == ["r07", "r06", "r05", "r04", "r03", "r02", "r01"])
            #expect(try await list(RunFilter(limit: 3)) == ["r07", "r06", "r05"])
            #expect(try await list(RunFilter(workflow: "w1")) == ["r07", "r06", "r04", "r03", "r01"])
            #expect(try await list(RunFilter(status: .failed)) == ["r07", "r04", "r02"])
            #expect(try await list(RunFilter(since: 3_000)) == ["r07", "r06", "r05", "r04", "r03"])
            #expect(try await list(RunFilter(workflow: "w1", status: .failed, since: 2_000)) == ["r07", "r04"])
            #expect(try await list(RunFilter(workflow: "nobody")) == [])
            #expect(try await list(RunFilter(after: RunPosition(queuedAt: 3_000, id: RunID(rawValue: "r04")))) == ["r03", "r02", "r01"])

            let newest = try #require(try await store.listRuns(RunFilter(limit: 1)).first)
            let start = Timestamps.iso8601Seconds(6_000)
            #expect(newest == RunSummary(id: RunID(rawValue: "r07"), workflow: "w1", status: .failed, trigger: .backfill, logicalDate: start,
                                         queuedAt: 6_000, startedAt: 6_000, endedAt: 6_500, error: "boom",
                                         intervalStart: "2026-01-01T00:00:00Z", intervalEnd: "2026-01-02T00:00:00Z"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func keysetPagesWalkTheWholeListingOnce(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            for (index, queued) in [1_000, 2_000, 2_000, 2_000, 3_000, 4_000, 4_000].enumerated() {
                try await Sample.create(store, "p\(index)", workflow: index.isMultiple(of: 2) ? "even" : "odd", at: EpochMillis(queued),
                                        status: index == 3 ? .failed : .succeeded)
            }
            for filter in [RunFilter(limit: 2), RunFilter(limit: 3), RunFilter(workflow: "even", limit: 2), RunFilter(status: .succeeded, limit: 2),
                           RunFilter(since: 2_000, limit: 2)] {
                var pages: [[String]] = []
                var page = filter
                while true {
                    let runs = try await store.listRuns(page)
                    guard !runs.isEmpty, pages.count < 10 else { break }
                    pages.append(Sample.ids(runs))
                    page.after = runs.last?.position
                }
                var whole = filter
                whole.limit = 100
                #expect(pages.flatMap { $0 } == Sample.ids(try await store.listRuns(whole)))
                #expect(pages.dropLast().allSatisfy { $0.count == filter.limit })
            }
            #expect(Sample.ids(try await store.listRuns(RunFilter(limit: 100))) == ["p6", "p5", "p4", "p3", "p2", "p1", "p0"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aWriteFromACancelledTaskStillCommits(kind: StoreKind) async throws {
        try await kind.withRun { store, id in
            await withTaskGroup(of: Void.self) { group in
                group.cancelAll()
                group.addTask {
                    #expect(Task.isCancelled)
                    do {
                        try await store.record(run: id, [.state(task: "a", .cancelled, error: "cancelled", at: 2_000)])
                        try await store.finishRun(id, status: .cancelled, error: nil, now: 2_000)
                    } catch {
                        Issue.record("a cancelled caller could not write: \(error)")
                    }
                }
            }
            let detail = try #require(try await store.runDetail(id))
            #expect(detail.summary.status == .cancelled && detail.tasks[0].state == .cancelled)
        }
    }
}
