import Foundation
import OrchestratorCore
import OrchestratorStore
import Testing

/// What every `TaskQueue` must do: claim order and routing, no double claim, leases, fencing and
/// the worker registry; written once and run on each store kind. Times are injected, so nothing
/// here waits on a clock.
@Suite struct TaskQueueConformanceTests {
    static let lease = Duration.seconds(30)
    static let run = RunID(rawValue: "r1")

    static func item(_ task: String, attempt: Int = 1, queue: String = QueuedAttempt.defaultQueue, at time: EpochMillis = 2_000,
                     run: RunID = run) -> QueuedAttempt {
        QueuedAttempt(run: run, task: task, attempt: attempt, queue: queue, enqueuedAt: time)
    }

    /// A fresh database with run `r1` of `tasks`, created at 1 000 ms; more stores open on `database`.
    static func withRun(_ kind: StoreKind, tasks: [String],
                        _ body: (any RunStore & TaskQueue, StoreDatabase, RunID) async throws -> Void) async throws {
        try await kind.withStore { store, database in
            try await store.createRun(Sample.run(run.rawValue, tasks: tasks, at: 1_000))
            try await body(store, database, run)
        }
    }

    static func start(_ task: String, attempt: Int, at time: EpochMillis) -> TaskTransition {
        .start(task: task, attempt: attempt, logPath: "/logs/\(task)/\(attempt)", at: time)
    }

    static func finish(_ task: String, attempt: Int, _ status: AttemptRecord.Status, rows: String, at time: EpochMillis) -> TaskTransition {
        let state: TaskState = status == .succeeded ? .succeeded : .failed
        return .finish(AttemptEnd(task: task, attempt: attempt, status: status, taskState: state, exitCode: status == .succeeded ? 0 : 1,
                                  outputs: [("rows", rows)], at: time))
    }

    @Test(arguments: StoreKind.allCases)
    func claimsTakeTheOldestQueuedAttemptsUpToTheLimit(kind: StoreKind) async throws {
        try await Self.withRun(kind, tasks: ["a", "b", "c", "d", "e"]) { store, _, id in
            // Same time: by task. Enqueueing an attempt again changes nothing, not even its time.
            try await store.enqueue([Self.item("c", at: 3_000), Self.item("b", at: 1_000), Self.item("a", at: 1_000), Self.item("d", at: 4_000)])
            try await store.enqueue([Self.item("c", at: 500), Self.item("a", at: 9_000)])
            try await store.enqueue([])

            let first = try await store.claim(worker: "w1", queues: ["default"], limit: 2, now: 10_000, lease: Self.lease)
            #expect(first.map(\.item.task) == ["a", "b"])
            #expect(first.map(\.item) == [Self.item("a", at: 1_000), Self.item("b", at: 1_000)])
            #expect(first.allSatisfy { $0.worker == "w1" && $0.leaseExpiresAt == 40_000 })
            #expect(Set(first.map(\.token)).count == 2)

            let second = try await store.claim(worker: "w2", queues: ["default"], limit: 10, now: 11_000, lease: .seconds(5))
            #expect(second.map(\.item.task) == ["c", "d"])
            #expect(second.map(\.item.enqueuedAt) == [3_000, 4_000])
            #expect(second.allSatisfy { $0.worker == "w2" && $0.leaseExpiresAt == 16_000 })
            // Tokens only grow: every later claim has a higher one.
            let firstHighest = try #require(first.map(\.token).max())
            #expect(second.allSatisfy { $0.token > firstHighest })

            #expect(try await store.claim(worker: "w3", queues: ["default"], limit: 10, now: 12_000, lease: Self.lease).isEmpty)
            try await store.enqueue([Self.item("e", at: 12_000)])
            #expect(try await store.claim(worker: "w3", queues: ["default"], limit: 0, now: 12_000, lease: Self.lease).isEmpty)
            #expect(try await store.claim(worker: "w3", queues: [], limit: 5, now: 12_000, lease: Self.lease).isEmpty)

            let entries = try await store.queueEntries(run: id)
            #expect(entries.map(\.item.task) == ["a", "b", "c", "d", "e"])
            #expect(entries.map(\.state) == [.claimed, .claimed, .claimed, .claimed, .queued])
            #expect(entries.map(\.worker) == ["w1", "w1", "w2", "w2", nil])
            #expect(entries.map(\.token) == (first + second).map { Optional($0.token) } + [nil])
            #expect(entries.last?.leaseExpiresAt == nil && entries.allSatisfy { $0.endedAt == nil })

            // Only tasks of the run can be queued.
            await #expect(throws: (any Error).self) { try await store.enqueue([Self.item("no-such-task")]) }
            #expect(try await store.queueEntries(run: RunID(rawValue: "missing")).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func workersTakeOnlyFromTheQueuesTheyListenOn(kind: StoreKind) async throws {
        try await kind.withRun(tasks: ["a", "b", "c", "d"]) { store, _ in
            try await store.enqueue([Self.item("a", at: 1_000), Self.item("b", queue: "spark", at: 2_000),
                                     Self.item("c", queue: "spark", at: 3_000), Self.item("d", queue: "gpu", at: 500)])
            let spark = try await store.claim(worker: "spark-1", queues: ["spark"], limit: 10, now: 5_000, lease: Self.lease)
            #expect(spark.map(\.item.task) == ["b", "c"])
            #expect(spark.allSatisfy { $0.item.queue == "spark" })
            #expect(try await store.claim(worker: "spark-2", queues: ["spark"], limit: 10, now: 5_000, lease: Self.lease).isEmpty)

            // A worker on two queues takes from both, oldest first.
            let both = try await store.claim(worker: "any-1", queues: ["default", "gpu", "unused"], limit: 10, now: 6_000, lease: Self.lease)
            #expect(both.map(\.item.task) == ["d", "a"])
            #expect(both.map(\.item.queue) == ["gpu", "default"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func fourStoresClaimingAtOnceClaimEveryAttemptExactlyOnce(kind: StoreKind) async throws {
        let tasks = (0..<200).map { "t" + String(format: "%03d", $0) }
        try await Self.withRun(kind, tasks: tasks) { first, database, id in
            try await first.enqueue(tasks.enumerated().map { Self.item($1, at: EpochMillis(1_000 + $0 % 7)) })
            var stores: [any RunStore & TaskQueue] = [first]
            for _ in 0..<3 { stores.append(try await database.open()) }
            let claims = try await withThrowingTaskGroup(of: [TaskClaim].self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask {
                        var mine: [TaskClaim] = []
                        while true {
                            let batch = try await store.claim(worker: WorkerName(rawValue: "w\(index)"), queues: ["default"],
                                                              limit: 1 + mine.count % 7, now: 10_000, lease: Self.lease)
                            if batch.isEmpty { return mine }
                            mine += batch
                        }
                    }
                }
                return try await group.reduce(into: [TaskClaim]()) { $0 += $1 }
            }
            #expect(claims.count == 200)
            #expect(Set(claims.map(\.item.task)) == Set(tasks))
            #expect(Set(claims.map(\.token)).count == 200)
            let entries = try await first.queueEntries(run: id)
            #expect(entries.allSatisfy { $0.state == .claimed })
            let owners = Dictionary(uniqueKeysWithValues: claims.map { ($0.item.task, ($0.worker, $0.token)) })
            #expect(entries.allSatisfy { owners[$0.item.task]?.0 == $0.worker && owners[$0.item.task]?.1 == $0.token })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func renewingKeepsAClaimAndAnExpiredOneInterruptsItsAttempt(kind: StoreKind) async throws {
        try await Self.withRun(kind, tasks: ["a", "b"]) { store, _, id in
            try await store.enqueue([Self.item("a", at: 1_000), Self.item("b", at: 2_000)])
            let claims = try await store.claim(worker: "w1", queues: ["default"], limit: 2, now: 10_000, lease: Self.lease)
            let (a, b) = (claims[0].token, claims[1].token)
            #expect(try await store.record(token: a, run: id, [Self.start("a", attempt: 1, at: 10_100)]))
            #expect(try await store.record(token: b, run: id, [Self.start("b", attempt: 1, at: 10_200)]))

            // Only its own claims are renewed: another worker's renewal changes nothing.
            #expect(try await store.renew(worker: "w1", tokens: [a], now: 35_000, lease: Self.lease) == [])
            #expect(try await store.renew(worker: "w2", tokens: [b], now: 36_000, lease: .seconds(600)) == [b])
            #expect(try await store.expireClaims(now: 40_000) == [])  // b's lease ends at 40 000, not before

            let expired = try await store.expireClaims(now: 50_000)
            #expect(expired == [ExpiredClaim(item: Self.item("b", at: 2_000), worker: "w1", token: b)])
            let taskB = try #require(try await Sample.task(store, id, "b"))
            #expect(taskB.state == .interrupted && taskB.endedAt == 50_000)
            #expect(taskB.attemptHistory.map(\.status) == [.interrupted])
            #expect(taskB.attemptHistory.first?.endedAt == 50_000)
            #expect(taskB.attemptHistory.first?.error?.contains("w1") == true)
            #expect(try await Sample.task(store, id, "a")?.state == .running)

            // b is lost to w1 for good; a is still held, until its renewed lease (65 000) passes.
            #expect(try await store.renew(worker: "w1", tokens: [a, b], now: 51_000, lease: Self.lease) == [b])
            let entries = try await store.queueEntries(run: id)
            #expect(entries.map(\.state) == [.claimed, .expired])
            #expect(entries.map(\.leaseExpiresAt) == [81_000, 40_000])
            #expect(entries.map(\.endedAt) == [nil, 50_000])
            #expect(try await store.record(token: b, run: id, [Self.finish("b", attempt: 1, .succeeded, rows: "1", at: 52_000)]) == false)
            #expect(try await store.expireClaims(now: 81_000) == [])
            #expect(try await store.expireClaims(now: 81_001).map(\.token) == [a])
            #expect(try await store.expireClaims(now: 90_000) == [])
            #expect(try await Sample.task(store, id, "a")?.state == .interrupted)
        }
    }

    /// A stands for a worker paused (SIGSTOP) past its lease: its attempt is taken back and run
    /// again by B; when A wakes up, nothing it writes lands.
    @Test(arguments: StoreKind.allCases)
    func aWorkerThatLostItsClaimCannotOverwriteItsSuccessor(kind: StoreKind) async throws {
        try await Self.withRun(kind, tasks: ["a", "b"]) { workerA, database, id in
            let workerB = try await database.open()
            try await workerA.enqueue([Self.item("a", at: 1_000)])
            let claimA = try #require(try await workerA.claim(worker: "A", queues: ["default"], limit: 1, now: 10_000, lease: Self.lease).first)
            #expect(try await workerA.record(token: claimA.token, run: id, [Self.start("a", attempt: 1, at: 10_000)]))

            // A's lease passes; the coordinator takes the attempt back and queues attempt 2.
            let expired = try await workerB.expireClaims(now: 41_000)
            #expect(expired.map(\.token) == [claimA.token])
            try await workerB.enqueue([Self.item("a", attempt: 2, at: 41_000)])
            try await workerB.record(run: id, [.state(task: "a", .queued, error: nil, at: 41_000)])
            let claimB = try #require(try await workerB.claim(worker: "B", queues: ["default"], limit: 1, now: 42_000, lease: Self.lease).first)
            #expect(claimB.item.attempt == 2 && claimB.token > claimA.token)
            #expect(try await workerB.record(token: claimB.token, run: id, [Self.start("a", attempt: 2, at: 42_000)]))
            #expect(try await workerB.complete(token: claimB.token, run: id, [Self.finish("a", attempt: 2, .succeeded, rows: "42", at: 43_000)],
                                               now: 43_000))
            let settled = try #require(try await workerA.runDetail(id))

            // A wakes up and writes as if it still held the attempt: none of it lands.
            #expect(try await workerA.renew(worker: "A", tokens: [claimA.token], now: 44_000, lease: Self.lease) == [claimA.token])
            #expect(try await workerA.record(token: claimA.token, run: id, [Self.start("a", attempt: 1, at: 44_000)]) == false)
            #expect(try await workerA.complete(token: claimA.token, run: id, [
                Self.finish("a", attempt: 1, .failed, rows: "0", at: 45_000),
                Self.finish("a", attempt: 2, .failed, rows: "0", at: 45_000),
                .state(task: "b", .skipped, error: "from A", at: 45_000),
            ], now: 45_000) == false)
            #expect(try await workerA.runDetail(id) == settled)

            let a = try #require(settled.tasks.first { $0.id == "a" })
            #expect(a.state == .succeeded && a.outputs == ["rows": "42"] && a.attempts == 2)
            #expect(a.attemptHistory.map(\.status) == [.interrupted, .succeeded])
            #expect(try await workerA.queueEntries(run: id).map(\.state) == [.expired, .done])
            #expect(try await workerA.queueEntries(run: id).last?.endedAt == 43_000)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aClaimCompletesOnceAndOnlyForItsRun(kind: StoreKind) async throws {
        try await Self.withRun(kind, tasks: ["a"]) { store, _, id in
            try await store.createRun(Sample.run("r2", tasks: ["a"], at: 1_500))
            try await store.enqueue([Self.item("a", at: 2_000)])
            let claim = try #require(try await store.claim(worker: "w1", queues: ["default"], limit: 1, now: 10_000, lease: Self.lease).first)
            #expect(try await store.record(token: claim.token, run: id, [Self.start("a", attempt: 1, at: 10_000)]))

            // A token fences the writes of its own run only.
            #expect(try await store.complete(token: claim.token, run: RunID(rawValue: "r2"), [Self.start("a", attempt: 1, at: 11_000)],
                                             now: 11_000) == false)
            #expect(try await Sample.task(store, RunID(rawValue: "r2"), "a")?.state == .pending)

            #expect(try await store.complete(token: claim.token, run: id, [Self.finish("a", attempt: 1, .succeeded, rows: "1", at: 12_000)],
                                             now: 12_000))
            #expect(try await store.complete(token: claim.token, run: id, [Self.finish("a", attempt: 1, .failed, rows: "2", at: 13_000)],
                                             now: 13_000) == false)
            let a = try #require(try await Sample.task(store, id, "a"))
            #expect(a.state == .succeeded && a.outputs == ["rows": "1"] && a.endedAt == 12_000)
            #expect(try await store.queueEntries(run: id).map(\.state) == [.done])
            // A done claim never expires, and its worker hears it is gone.
            #expect(try await store.expireClaims(now: 1_000_000) == [])
            #expect(try await store.renew(worker: "w1", tokens: [claim.token], now: 14_000, lease: Self.lease) == [claim.token])
            #expect(try await store.complete(token: FencingToken(rawValue: 999_999), run: id, [], now: 14_000) == false)
        }
    }

    /// A claim that starts its attempts records each start (at the claim's time, with its log where
    /// the layout puts it) in the claim's transaction, except for runs that ended or are cancelling.
    @Test(arguments: StoreKind.allCases)
    func aClaimStartsTheAttemptsOfActiveRunsOnly(kind: StoreKind) async throws {
        try await Self.withRun(kind, tasks: ["a", "b"]) { store, _, id in
            let cancelling = RunID(rawValue: "r2")
            let ended = RunID(rawValue: "r3")
            try await store.createRun(Sample.run(cancelling.rawValue, tasks: ["a"], at: 1_500))
            try await store.createRun(Sample.run(ended.rawValue, tasks: ["a"], at: 1_600))
            try await store.enqueue([Self.item("a", at: 1_000), Self.item("b", attempt: 2, at: 1_001), Self.item("a", at: 1_002, run: cancelling),
                                     Self.item("a", at: 1_003, run: ended)])
            _ = try await store.requestCancel(cancelling, now: 1_700)
            try await store.finishRun(ended, status: .failed, error: nil, now: 1_800)
            let layout = LogLayout(root: "/var/state/logs")
            let claims = try await store.claim(worker: "w", queues: ["default"], limit: 10, now: 9_000, lease: Self.lease, startingIn: layout)
            #expect(claims.map(\.item.run.rawValue) == ["r1", "r1", "r2", "r3"])
            #expect(claims.map(\.started) == [true, true, false, false])

            let detail = try #require(try await store.runDetail(id))
            for (task, attempt) in [("a", 1), ("b", 2)] {
                let record = try #require(detail.tasks.first { $0.id == task })
                #expect(record.state == .running && record.startedAt == 9_000)
                #expect(record.attemptHistory.map(\.attempt) == [attempt])
                #expect(record.attemptHistory.first?.status == .running)
                #expect(record.attemptHistory.first?.logPath == layout.path(run: "r1", task: task, attempt: attempt))
            }
            #expect(layout.path(run: "r1", task: "b", attempt: 2) == "/var/state/logs/r1/b.attempt-2.log")
            for run in [cancelling, ended] {
                let a = try #require(try await Sample.task(store, run, "a"))
                #expect(a.state == .pending && a.attemptHistory.isEmpty)
            }
            // Claims without a layout start nothing.
            try await store.enqueue([Self.item("b", attempt: 3, at: 2_000)])
            let plain = try await store.claim(worker: "w", queues: ["default"], limit: 1, now: 9_500, lease: Self.lease)
            #expect(plain.map(\.started) == [false])
        }
    }

    /// A worker's writes about several claims at once (its group commit): each lands only when its
    /// own claim is held for its own run, and a completion ends only its own claim.
    @Test(arguments: StoreKind.allCases)
    func writesOfSeveralClaimsLandOnlyForTheClaimsStillHeld(kind: StoreKind) async throws {
        try await Self.withRun(kind, tasks: ["a", "b", "c", "d"]) { store, _, id in
            let other = RunID(rawValue: "r2")
            try await store.createRun(Sample.run(other.rawValue, tasks: ["a"], at: 1_500))
            try await store.enqueue([Self.item("a", at: 1_000), Self.item("b", at: 1_001), Self.item("c", at: 1_002),
                                     Self.item("a", at: 1_003, run: other)])
            let stale = try #require(try await store.claim(worker: "w", queues: ["default"], limit: 1, now: 5_000, lease: Self.lease).first)
            #expect(try await store.expireClaims(now: 36_000).map(\.token) == [stale.token])
            let claims = try await store.claim(worker: "w", queues: ["default"], limit: 3, now: 40_000, lease: Self.lease)
            #expect(claims.map(\.item.task) == ["b", "c", "a"])
            let (b, c, otherA) = (claims[0], claims[1], claims[2])
            #expect(otherA.item.run == other)
            #expect(try await store.record(token: c.token, run: id, [Self.start("c", attempt: 1, at: 40_000)]))

            let written = try await store.write([
                ClaimWrite(token: b.token, run: id, [Self.start("b", attempt: 1, at: 41_000)]),
                ClaimWrite(token: c.token, run: id, [Self.finish("c", attempt: 1, .succeeded, rows: "3", at: 41_000)], completingAt: 41_000),
                ClaimWrite(token: otherA.token, run: other, [Self.start("a", attempt: 1, at: 41_000)]),
                // Expired: nothing of it lands.
                ClaimWrite(token: stale.token, run: id, [Self.finish("a", attempt: 1, .succeeded, rows: "9", at: 41_000)], completingAt: 41_000),
            ])
            #expect(written == [b.token, c.token, otherA.token])
            #expect(try await Sample.task(store, id, "b")?.state == .running)
            let cDetail = try #require(try await Sample.task(store, id, "c"))
            #expect(cDetail.state == .succeeded && cDetail.outputs == ["rows": "3"] && cDetail.endedAt == 41_000)
            #expect(try await Sample.task(store, other, "a")?.state == .running)
            let a = try #require(try await Sample.task(store, id, "a"))
            #expect(a.state == .interrupted && a.outputs.isEmpty)
            #expect(try await store.queueEntries(run: id).map(\.state) == [.expired, .claimed, .done])
            #expect(try await store.queueEntries(run: other).map(\.state) == [.claimed])

            // A claim presented for another run writes nothing there, and is not ended by it.
            #expect(try await store.write([ClaimWrite(token: otherA.token, run: id, [.state(task: "d", .skipped, error: nil, at: 42_000)],
                                                      completingAt: 42_000)]) == [])
            #expect(try await Sample.task(store, id, "d")?.state == .pending)
            #expect(try await store.queueEntries(run: other).map(\.state) == [.claimed])
            #expect(try await store.write([]) == [])
        }
    }

    /// Deleting a run deletes its queue entries, but never lets a later claim reuse their tokens: a
    /// worker still holding one must stay fenced.
    @Test(arguments: StoreKind.allCases)
    func tokensOfDeletedRunsAreNeverHandedOutAgain(kind: StoreKind) async throws {
        try await Self.withRun(kind, tasks: ["a", "b"]) { store, _, id in
            try await store.enqueue([Self.item("a", at: 2_000), Self.item("b", at: 2_000)])
            let old = try await store.claim(worker: "w1", queues: ["default"], limit: 2, now: 10_000, lease: Self.lease)
            #expect(old.count == 2)
            try await store.finishRun(id, status: .failed, error: nil, now: 11_000)
            #expect(try await store.cleanup(queuedBefore: nil, keepNewest: nil, workflow: nil, dryRun: false).runs == [id])
            #expect(try await store.queueEntries(run: id).isEmpty)

            try await store.createRun(Sample.run("r2", tasks: ["a"], at: 12_000))
            let next = RunID(rawValue: "r2")
            try await store.enqueue([Self.item("a", at: 12_000, run: next)])
            let fresh = try #require(try await store.claim(worker: "w2", queues: ["default"], limit: 1, now: 13_000, lease: Self.lease).first)
            #expect(old.allSatisfy { $0.token < fresh.token })
            for claim in old {
                #expect(try await store.complete(token: claim.token, run: next, [Self.start("a", attempt: 1, at: 14_000)], now: 14_000) == false)
            }
            #expect(try await store.queueEntries(run: next).map(\.state) == [.claimed])
        }
    }

    /// Completions race `expireClaims` from another store: each claim ends exactly one way, and
    /// the run shows that way only.
    @Test(arguments: StoreKind.allCases)
    func aCompletionRacingExpiryEndsEachClaimOneWay(kind: StoreKind) async throws {
        let tasks = (0..<40).map { "t\($0)" }
        try await Self.withRun(kind, tasks: tasks) { store, database, id in
            let coordinator = try await database.open()
            try await store.enqueue(tasks.map { Self.item($0, at: 1_000) })
            let claims = try await store.claim(worker: "w1", queues: ["default"], limit: 40, now: 10_000, lease: .seconds(1))
            for claim in claims {
                #expect(try await store.record(token: claim.token, run: id, [Self.start(claim.item.task, attempt: 1, at: 10_000)]))
            }
            let (completed, expired) = try await withThrowingTaskGroup(of: ([String], [String]).self) { group in
                for claim in claims {
                    group.addTask {
                        let done = try await store.complete(token: claim.token, run: id,
                                                            [Self.finish(claim.item.task, attempt: 1, .succeeded, rows: "1", at: 20_000)], now: 20_000)
                        return (done ? [claim.item.task] : [], [])
                    }
                    if claim.item.task.hasSuffix("0") {
                        group.addTask { ([], try await coordinator.expireClaims(now: 20_000).map(\.item.task)) }
                    }
                }
                return try await group.reduce(into: ([String](), [String]())) { $0.0 += $1.0; $0.1 += $1.1 }
            }
            #expect(completed.count + expired.count == 40)
            #expect(Set(completed).isDisjoint(with: expired) && Set(completed + expired) == Set(tasks))
            let detail = try #require(try await store.runDetail(id))
            let entries = try await store.queueEntries(run: id)
            for task in detail.tasks {
                let entry = entries.first { $0.item.task == task.id }
                if completed.contains(task.id) {
                    #expect(task.state == .succeeded && task.attemptHistory.map(\.status) == [.succeeded] && entry?.state == .done, "\(task.id)")
                } else {
                    #expect(task.state == .interrupted && task.attemptHistory.map(\.status) == [.interrupted] && entry?.state == .expired,
                            "\(task.id)")
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func attemptInputsReadTheRunsStatusAndOnlyTheUpstreamOutputsAsked(kind: StoreKind) async throws {
        try await kind.withRun { store, run in
            let queue = store
            try await store.startAttempt(run: run, task: "a", attempt: 1, logPath: "a.log", now: 2_000)
            try await store.finishAttempt(run: run, task: "a", attempt: 1, status: .succeeded, taskState: .succeeded, exitCode: 0,
                                          error: nil, outputs: [("rows", "10"), ("file", "x.csv")], now: 3_000)
            try await store.startAttempt(run: run, task: "b", attempt: 1, logPath: "b.log", now: 2_000)
            try await store.finishAttempt(run: run, task: "b", attempt: 1, status: .succeeded, taskState: .succeeded, exitCode: 0,
                                          error: nil, outputs: [("other", "1")], now: 3_000)
            let inputs = try #require(try await queue.attemptInputs(run: run, upstream: ["a", "c"]))
            #expect(inputs == AttemptInputs(status: .running, cancelRequested: false, outputs: ["a": ["rows": "10", "file": "x.csv"]]))
            #expect(try await queue.attemptInputs(run: run, upstream: [])?.outputs == [:])

            _ = try await store.requestCancel(run, now: 4_000)
            #expect(try await queue.attemptInputs(run: run, upstream: ["b"]) ==
                    AttemptInputs(status: .running, cancelRequested: true, outputs: ["b": ["other": "1"]]))
            try await store.finishRun(run, status: .cancelled, error: nil, now: 5_000)
            #expect(try await queue.attemptInputs(run: run, upstream: ["a"])?.status == .cancelled)
            #expect(try await queue.attemptInputs(run: RunID(rawValue: "missing"), upstream: ["a"]) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func endedAttemptsReportOnlyTheFinalEntriesAskedFor(kind: StoreKind) async throws {
        try await Self.withRun(kind, tasks: ["a", "b", "c"]) { store, _, id in
            try await store.enqueue([Self.item("a", at: 1_000), Self.item("b", at: 1_100), Self.item("c", at: 1_200)])
            let claims = try await store.claim(worker: "w1", queues: ["default"], limit: 3, now: 10_000, lease: Self.lease)
            let (a, b) = (claims[0].token, claims[1].token)
            let keys = ["a", "b", "c"].map { AttemptKey(task: $0, attempt: 1) }
            #expect(try await store.endedAttempts(run: id, among: keys).isEmpty)

            #expect(try await store.record(token: a, run: id, [Self.start("a", attempt: 1, at: 10_100)]))
            #expect(try await store.complete(token: a, run: id, [Self.finish("a", attempt: 1, .succeeded, rows: "7", at: 11_000)], now: 11_000))
            #expect(try await store.renew(worker: "w1", tokens: [claims[2].token], now: 30_000, lease: Self.lease) == [])
            #expect(try await store.expireClaims(now: 45_000).map(\.token) == [b])  // b never started; c was renewed

            let ended = try await store.endedAttempts(run: id, among: keys).sorted { $0.entry.item.task < $1.entry.item.task }
            #expect(ended.map(\.entry.item.task) == ["a", "b"])
            #expect(ended.map(\.entry.state) == [.done, .expired])
            #expect(ended[0].taskState == .succeeded && ended[0].outputs == ["rows": "7"])
            #expect(ended[0].record?.status == .succeeded && ended[0].record?.endedAt == 11_000)
            #expect(ended[1].record == nil && ended[1].outputs.isEmpty)
            // Only what is asked: a alone, and nothing for an attempt that does not exist.
            #expect(try await store.endedAttempts(run: id, among: [keys[0]]).map(\.entry.item.task) == ["a"])
            #expect(try await store.endedAttempts(run: id, among: [AttemptKey(task: "a", attempt: 2)]).isEmpty)
            #expect(try await store.endedAttempts(run: id, among: []).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func workersRegisterHeartbeatAndLeave(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            #expect(try await store.workers().isEmpty)
            let spark = WorkerInfo(name: "spark-1", host: "host-b", pid: 77, queues: ["spark"], slots: 2, startedAt: 1_000, heartbeatAt: 1_000)
            let main = WorkerInfo(name: "main-1", host: "host-a", pid: 42, queues: ["default", "spark"], slots: 4, startedAt: 1_500, heartbeatAt: 1_500)
            try await store.registerWorker(spark)
            try await store.registerWorker(main)
            #expect(try await store.workers() == [main, spark])

            #expect(try await store.workerHeartbeat(name: "spark-1", slotsInUse: 2, now: 5_000))
            var beating = spark
            beating.slotsInUse = 2
            beating.heartbeatAt = 5_000
            #expect(try await store.workers() == [main, beating])

            // Registering again under a name (a restarted worker) replaces the registration.
            let restarted = WorkerInfo(name: "main-1", host: "host-c", pid: 43, queues: ["default"], slots: 1, startedAt: 6_000, heartbeatAt: 6_000)
            try await store.registerWorker(restarted)
            #expect(try await store.workers() == [restarted, beating])

            try await store.unregisterWorker(name: "spark-1")
            #expect(try await store.workers() == [restarted])
            #expect(try await store.workerHeartbeat(name: "spark-1", slotsInUse: 0, now: 7_000) == false)
            try await store.unregisterWorker(name: "never-registered")
            #expect(try await store.workers() == [restarted])
        }
    }
}

/// Coordinators: writes fenced by run ownership, adoption of runs whose coordinator died, and
/// reaping that leaves runs with live claims to their adopter.
@Suite struct CoordinatorConformanceTests {
    static let other = RunOwner(pid: 7, host: "host-b")
    static func dead(_ owner: RunOwner) -> OwnerLiveness { owner == Sample.owner ? .dead : .alive }

    @Test(arguments: StoreKind.allCases)
    func onlyTheOwnerOfAnActiveRunWritesToIt(kind: StoreKind) async throws {
        try await TaskQueueConformanceTests.withRun(kind, tasks: ["a", "b"]) { (store: any RunStore & TaskQueue, _: StoreDatabase, id: RunID) async throws -> Void in
            let begin = TaskQueueConformanceTests.start("a", attempt: 1, at: 2_000)
            #expect(try await !store.record(owner: Self.other, run: id, [begin]))
            #expect(try await store.runDetail(id)?.tasks.first?.attempts == 0)
            #expect(try await store.record(owner: Sample.owner, run: id, [begin]))
            #expect(try await store.runDetail(id)?.tasks.first?.attempts == 1)
            #expect(try await !store.finishRun(id, owner: Self.other, status: .failed, error: "no", now: 3_000))
            #expect(try await store.runDetail(id)?.summary.status == .running)
            #expect(try await store.finishRun(id, owner: Sample.owner, status: .succeeded, error: nil, now: 3_000))
            #expect(try await store.runDetail(id)?.summary.status == .succeeded)
            // An ended run takes no more writes, not even from its owner.
            #expect(try await !store.record(owner: Sample.owner, run: id, [TaskQueueConformanceTests.start("b", attempt: 1, at: 4_000)]))
            #expect(try await !store.finishRun(id, owner: Sample.owner, status: .failed, error: nil, now: 4_000))
            #expect(try await store.runDetail(id)?.summary.status == .succeeded)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func runsWithQueuedAttemptsAndADeadCoordinatorAreAdoptedOnce(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            // r1: scheduled, on the queue, owner dead: adopted. r2: no queue entry. r3: manual.
            // r4: another workflow. r5: owner alive with a fresh heartbeat.
            try await store.createRun(Sample.run("r1", tasks: ["a"], trigger: .schedule, at: 1_000))
            try await store.createRun(Sample.run("r2", tasks: ["a"], trigger: .schedule, at: 1_000))
            try await store.createRun(Sample.run("r3", tasks: ["a"], trigger: .manual, at: 1_000))
            try await store.createRun(Sample.run("r4", workflow: "v", tasks: ["a"], trigger: .schedule, at: 1_000))
            try await store.createRun(Sample.run("r5", tasks: ["a"], trigger: .schedule, at: 1_000, owner: RunOwner(pid: 9, host: "host-c")))
            for run in ["r1", "r3", "r4", "r5"] {
                try await store.enqueue([TaskQueueConformanceTests.item("a", run: RunID(rawValue: run))])
            }
            let claimed = try await store.claim(worker: "w", queues: ["default"], limit: 1, now: 2_500, lease: .seconds(30))
            #expect(claimed.map(\.item.run.rawValue) == ["r1"])
            let adopted = try await store.adoptOrphanedRuns(workflows: ["w"], triggers: [.schedule], owner: Self.other, now: 3_000,
                                                            staleAfter: .seconds(15), liveness: Self.dead)
            #expect(adopted.map(\.rawValue) == ["r1"])
            let detail = try #require(try await store.runDetail(RunID(rawValue: "r1")))
            #expect(detail.owner == Self.other)
            #expect(detail.heartbeatAt == 3_000)
            #expect(detail.summary.status == .running)
            // The claim is untouched: its worker goes on and completes it.
            let claim = try #require(claimed.first)
            #expect(try await store.queueEntries(run: claim.item.run).map(\.state) == [.claimed])
            #expect(try await store.complete(token: claim.token, run: claim.item.run,
                                             [TaskQueueConformanceTests.finish("a", attempt: 1, .succeeded, rows: "1", at: 3_500)], now: 3_500))
            // The new owner's writes count; the old owner's do not.
            #expect(try await !store.record(owner: Sample.owner, run: claim.item.run, [.state(task: "a", .failed, error: nil, at: 3_600)]))
            #expect(try await store.record(owner: Self.other, run: claim.item.run, [.state(task: "a", .succeeded, error: nil, at: 3_600)]))
            // Adopted once: a second adopter finds the owner alive.
            #expect(try await store.adoptOrphanedRuns(workflows: ["w"], triggers: [.schedule], owner: RunOwner(pid: 8, host: "host-d"),
                                                      now: 3_700, staleAfter: .seconds(15), liveness: Self.dead).isEmpty)
            // Another host's owner counts as gone once its heartbeat is older than `staleAfter`.
            #expect(try await store.adoptOrphanedRuns(workflows: ["w"], triggers: [.schedule], owner: Self.other, now: 10_000,
                                                      staleAfter: .seconds(15), liveness: { _ in .unknown }).isEmpty)
            let late = try await store.adoptOrphanedRuns(workflows: ["w"], triggers: [.schedule], owner: Self.other, now: 20_000,
                                                         staleAfter: .seconds(15), liveness: { _ in .unknown })
            #expect(late.map(\.rawValue) == ["r5"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func reapingLeavesRunsWithLiveClaimsAndDropsQueuedAttempts(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            try await store.createRun(Sample.run("r1", tasks: ["a", "b"], at: 1_000))
            try await store.createRun(Sample.run("r2", tasks: ["a"], at: 1_000))
            try await store.enqueue([TaskQueueConformanceTests.item("a", run: RunID(rawValue: "r1")),
                                     TaskQueueConformanceTests.item("b", at: 2_100, run: RunID(rawValue: "r1")),
                                     TaskQueueConformanceTests.item("a", at: 2_200, run: RunID(rawValue: "r2"))])
            let claim = try #require(try await store.claim(worker: "w", queues: ["default"], limit: 1, now: 2_500, lease: .seconds(30)).first)
            #expect(claim.item.run.rawValue == "r1")
            let reaped = try await store.reapOrphans(now: 3_000, staleAfter: .seconds(60), liveness: Self.dead)
            #expect(reaped.map(\.rawValue) == ["r2"])
            #expect(try await store.runDetail(RunID(rawValue: "r1"))?.summary.status == .running)
            #expect(try await store.queueEntries(run: RunID(rawValue: "r2")).isEmpty)
            // No worker can take the reaped run's attempt any more.
            #expect(try await store.claim(worker: "w2", queues: ["default"], limit: 5, now: 3_100, lease: .seconds(30)).map(\.item.task) == ["b"])
            // Once the claim expired (its worker died too), the run is reaped like any other.
            let again = try await store.reapOrphans(now: 40_000, staleAfter: .seconds(60), liveness: Self.dead)
            #expect(again.map(\.rawValue) == ["r1"])
            #expect(try await store.runDetail(RunID(rawValue: "r1"))?.summary.status == .interrupted)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func retryingARunClearsTheEndedQueueEntriesOfItsResetTasks(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let id = RunID(rawValue: "r1")
            try await store.createRun(Sample.run("r1", tasks: ["a", "b"], at: 1_000))
            try await store.enqueue([TaskQueueConformanceTests.item("a", run: id), TaskQueueConformanceTests.item("b", run: id)])
            // A worker drops `a` (its run was cancelled meanwhile) and completes `b`.
            let claims = try await store.claim(worker: "w", queues: ["default"], limit: 2, now: 2_500, lease: .seconds(30))
            #expect(claims.map(\.item.task) == ["a", "b"])
            #expect(try await store.complete(token: claims[0].token, run: id, [], now: 2_600))
            #expect(try await store.complete(token: claims[1].token, run: id, [TaskQueueConformanceTests.start("b", attempt: 1, at: 2_600),
                                                                                TaskQueueConformanceTests.finish("b", attempt: 1, .succeeded, rows: "1", at: 2_700)],
                                             now: 2_700))
            try await store.finishRun(id, status: .cancelled, error: nil, now: 3_000)
            try await store.reopenRun(id, owner: Sample.owner, resetting: ["a"], now: 4_000)
            // `a` has no attempt yet: its first attempt can be queued again; `b` keeps its history.
            #expect(try await store.queueEntries(run: id).map(\.item.task) == ["b"])
            try await store.enqueue([TaskQueueConformanceTests.item("a", at: 4_100, run: id)])
            #expect(try await store.queueEntries(run: id).map { "\($0.item.task) \($0.state.rawValue)" } == ["b done", "a queued"])
        }
    }
}
