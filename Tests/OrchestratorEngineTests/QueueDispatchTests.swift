import Foundation
import Logging
import Testing
@testable import OrchestratorCore
@testable import OrchestratorEngine
@testable import OrchestratorStore
@testable import SQLiteStore

/// Queue dispatch: the executor enqueues its ready attempts and in-process `TaskWorker`s (the
/// type `orchestrator worker` runs) take them from a real SQLite store.
@Suite struct QueueDispatchTests {
    /// 20 tasks in layers over two queues: outputs passed downstream, a task that fails twice
    /// then succeeds, a task that fails for good, and trigger rules settling what depends on it.
    /// Each task writes the worker that ran it into `ran/TASK`.
    static func dag(_ folder: String) -> String {
        var tasks = """
            name: dag
            params: {dir: \(folder)}
            tasks:
              - id: source
                queue: other
                run: mkdir -p ${params.dir}/ran; echo "$ORCHESTRATOR_WORKER" > ${params.dir}/ran/source; echo rows=42 >> "$ORCHESTRATOR_OUTPUT"
              - id: flaky
                depends_on: [source]
                retries: 2
                retry_delay: 10ms
                run: echo "$ORCHESTRATOR_WORKER" > ${params.dir}/ran/flaky; n=$(cat ${params.dir}/count 2>/dev/null || echo 0); echo $((n+1)) > ${params.dir}/count; test $n -ge 2
              - id: broken
                depends_on: [source]
                run: echo "$ORCHESTRATOR_WORKER" > ${params.dir}/ran/broken; exit 3
              - id: after_broken
                depends_on: [broken]
                run: echo never
              - id: cleanup
                depends_on: [broken]
                trigger_rule: all_done
                queue: other
                run: echo "$ORCHESTRATOR_WORKER" > ${params.dir}/ran/cleanup

            """
        for index in 0..<15 {
            let upstream = index < 5 ? "source" : "t\(index - 5)"
            tasks += """
                  - id: t\(index)
                    depends_on: [\(upstream), flaky]
                    queue: \(index % 2 == 0 ? "default" : "other")
                    run: echo "$ORCHESTRATOR_WORKER" > ${params.dir}/ran/t\(index); test "${tasks.source.outputs.rows}" = 42 && echo n=\(index) >> "$ORCHESTRATOR_OUTPUT"

                """
        }
        return tasks
    }

    /// What a run came to, task by task, without times.
    struct Shape: Equatable {
        var status: RunState
        var tasks: [String]
    }

    static func shape(_ detail: RunDetail) -> Shape {
        Shape(status: detail.summary.status, tasks: detail.tasks.map { task in
            "\(task.id) \(task.state.rawValue) attempts=\(task.attempts) [\(task.attemptHistory.map(\.status.rawValue).joined(separator: ","))] \(task.exitCode.map(String.init) ?? "-") \(task.outputs.sorted { $0.key < $1.key })"
        })
    }

    static let quiet = Logger(label: "test.worker") { _ in SwiftLogNoOpLogHandler() }

    static func worker(_ fixture: EngineFixture, _ name: WorkerName, queues: [String], slots: Int = 3,
                       lease: Duration = .seconds(10)) -> TaskWorker {
        var settings = WorkerSettings(name: name, queues: queues, slots: slots, lease: lease)
        settings.pollInterval = .milliseconds(20)
        return TaskWorker(store: fixture.store, registry: fixture.registry, state: fixture.state, settings: settings, logger: quiet)
    }

    func queueExecutor(_ fixture: EngineFixture) -> RunExecutor {
        var executor = fixture.executor()
        executor.dispatch = .queue(fixture.store)
        executor.queuePollInterval = .milliseconds(20)
        executor.claimExpiryInterval = .milliseconds(100)
        return executor
    }

    @Test func aDAGOnTwoQueuesEndsAsItDoesLocally() async throws {
        let local = try EngineFixture()
        let localPlan = try await local.plan(Self.dag(local.folder))
        let localOutcome = await local.executor().execute(localPlan)
        #expect(localOutcome.status == .failed)

        let fixture = try EngineFixture()
        let plan = try await fixture.plan(Self.dag(fixture.folder))
        let first = Self.worker(fixture, "w-default", queues: ["default"])
        let second = Self.worker(fixture, "w-other", queues: ["other"])
        async let firstEnded: Void = first.run()
        async let secondEnded: Void = second.run()
        #expect(await eventually { (try? await fixture.store.workers().count) == 2 })
        let outcome = await queueExecutor(fixture).execute(plan)
        first.drain()
        second.drain()
        try await firstEnded
        try await secondEnded

        #expect(outcome.status == localOutcome.status)
        #expect(outcome.error == localOutcome.error)
        let queued = try #require(try await fixture.store.runDetail(plan.runID))
        let reference = try #require(try await local.store.runDetail(localPlan.runID))
        #expect(Self.shape(queued) == Self.shape(reference))
        #expect(queued.tasks.first { $0.id == "flaky" }?.attemptHistory.map(\.status) == [.failed, .failed, .succeeded])
        #expect(queued.tasks.first { $0.id == "after_broken" }?.state == .upstreamFailed)

        // Each task ran on the worker of its queue, and logs went where the executor puts them.
        for task in plan.workflow.tasks where task.id != "after_broken" {
            let ran = try String(contentsOfFile: fixture.folder + "/ran/" + task.id, encoding: .utf8)
            #expect(ran == (task.queue == "other" ? "w-other\n" : "w-default\n"), "\(task.id)")
        }
        let logPath = try #require(queued.tasks.first { $0.id == "flaky" }?.attemptHistory.last?.logPath)
        #expect(logPath == fixture.state.logPath(run: plan.runID.rawValue, task: "flaky", attempt: 3))
        // Nothing is left waiting or held, and the workers unregistered.
        let entries = try await fixture.store.queueEntries(run: plan.runID)
        #expect(entries.count == queued.tasks.map(\.attempts).reduce(0, +))
        #expect(entries.allSatisfy { $0.state == .done })
        #expect(try await fixture.store.workers().isEmpty)
    }

    /// A worker that claimed an attempt and went silent: the coordinator takes the claim back when
    /// its lease ends, the attempt is `interrupted`, and the next attempt runs on a live worker
    /// (when retries remain) or the task fails. The silent worker's late writes change nothing.
    @Test(arguments: [1, 0])
    func anExpiredClaimIsAnInterruptedAttempt(retries: Int) async throws {
        let fixture = try EngineFixture()
        let plan = try await fixture.plan("""
            name: expiry
            tasks:
              - id: only
                retries: \(retries)
                retry_delay: 10ms
                run: echo "$ORCHESTRATOR_WORKER" > \(fixture.folder)/ran
            """)
        async let outcome = queueExecutor(fixture).execute(plan)
        var ghost: TaskClaim?
        #expect(await eventually {
            ghost = try? await fixture.store.claim(worker: "ghost", queues: ["default"], limit: 1, now: Timestamps.now(),
                                                   lease: .milliseconds(300)).first
            return ghost != nil
        })
        let claim = try #require(ghost)
        #expect(try await fixture.store.record(token: claim.token, run: plan.runID,
                                               [.start(task: "only", attempt: 1, logPath: "ghost.log", at: Timestamps.now())]))
        let live = Self.worker(fixture, "live", queues: ["default"])
        async let liveEnded: Void = live.run()
        let ended = await outcome
        live.drain()
        try await liveEnded

        let detail = try #require(try await fixture.store.runDetail(plan.runID))
        let task = try #require(detail.tasks.first)
        #expect(task.attemptHistory.first?.status == .interrupted)
        #expect(task.attemptHistory.first?.error?.contains("ghost") == true)
        if retries == 1 {
            #expect(ended.status == .succeeded)
            #expect(task.attemptHistory.map(\.status) == [.interrupted, .succeeded])
            #expect(try String(contentsOfFile: fixture.folder + "/ran", encoding: .utf8) == "live\n")
        } else {
            #expect(ended.status == .failed)
            #expect(task.state == .failed)
            #expect(task.attemptHistory.map(\.status) == [.interrupted])
        }
        let late = AttemptEnd(task: "only", attempt: 1, status: .succeeded, taskState: .succeeded, at: Timestamps.now())
        #expect(try await !fixture.store.complete(token: claim.token, run: plan.runID, [.finish(late)], now: Timestamps.now()))
        #expect(try await fixture.store.runDetail(plan.runID) == detail)
    }

    /// Cancelling a run whose attempt runs on a worker stops the attempt there.
    @Test func cancellingTheRunStopsTheWorkersAttempt() async throws {
        let fixture = try EngineFixture()
        let plan = try await fixture.plan("""
            name: cancel
            tasks:
              - id: long
                run: echo $$ > \(fixture.folder)/pid; exec sleep 60
            """)
        let worker = Self.worker(fixture, "w", queues: ["default"])
        async let workerEnded: Void = worker.run()
        async let outcome = queueExecutor(fixture).execute(plan)
        #expect(await waitUntil { FileManager.default.fileExists(atPath: fixture.folder + "/pid") })
        _ = try await fixture.store.requestCancel(plan.runID, now: Timestamps.now())
        let ended = await outcome
        #expect(ended.status == .cancelled)
        #expect(await waitUntil { worker.slotsInUse == 0 })
        worker.drain()
        try await workerEnded
        let pid = try #require(Int32(try String(contentsOfFile: fixture.folder + "/pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await waitUntil { !processExists(pid) })
        let task = try #require(try await fixture.store.runDetail(plan.runID)?.tasks.first)
        #expect(task.state == .cancelled)
        #expect(task.attemptHistory.map(\.status) == [.cancelled])
    }
}

/// Polls an asynchronous `condition` until it holds or `timeout` passes.
func eventually(_ timeout: Duration = .seconds(10), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
