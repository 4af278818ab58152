import Foundation
import Testing
@testable import OrchestratorCore
@testable import OrchestratorEngine
@testable import OrchestratorStore
@testable import SQLiteStore

/// A run on workers outlives its coordinator: a coordinator that shuts down, or that was taken for
/// dead, leaves the run to the one that adopts it, which follows the attempts where they are; every
/// task runs once, and the first coordinator writes nothing after the adoption.
@Suite struct CoordinatorHandoverTests {
    /// The adopting coordinator, as if on another host (one test process plays both).
    static let adopter = RunOwner(pid: 1, host: "adopter.test")

    static func workflow(_ folder: String) -> String {
        """
        name: handover
        tasks:
          - id: first
            run: echo $$ > \(folder)/first.pid; while [ ! -e \(folder)/go ]; do sleep 0.02; done; echo rows=7 >> "$ORCHESTRATOR_OUTPUT"
          - id: second
            depends_on: [first]
            run: test "${tasks.first.outputs.rows}" = 7 && echo "$ORCHESTRATOR_WORKER" >> \(folder)/second.ran
          - id: side
            run: "true"
        """
    }

    func coordinator(_ fixture: EngineFixture, _ signal: CancelSignal = CancelSignal(), owner: RunOwner = .current) -> RunExecutor {
        var executor = fixture.executor(signal)
        executor.dispatch = .queue(fixture.store)
        executor.queuePollInterval = .milliseconds(20)
        executor.claimExpiryInterval = .milliseconds(100)
        executor.owner = owner
        return executor
    }

    @Test(arguments: [true, false])
    func anAdoptedRunEndsWithEveryTaskRunOnce(shutdown: Bool) async throws {
        let fixture = try EngineFixture()
        let plan = try await fixture.plan(Self.workflow(fixture.folder))
        let worker = QueueDispatchTests.worker(fixture, "w", queues: ["default"])
        async let workerEnded: Void = worker.run()
        let signal = CancelSignal()
        let first = coordinator(fixture, signal)
        async let firstOutcome = first.execute(plan)
        #expect(await waitUntil { FileManager.default.fileExists(atPath: fixture.folder + "/first.pid") })
        #expect(await eventually { (try? await fixture.store.runDetail(plan.runID))?.tasks.first { $0.id == "side" }?.state == .succeeded })

        if shutdown {
            // A shutdown leaves the run running, its attempt on the worker, and no cancel request.
            signal.cancel(.shutdown)
            let outcome = await firstOutcome
            #expect(outcome.status == .running)
            let detail = try #require(try await fixture.store.runDetail(plan.runID))
            #expect(detail.summary.status == .running)
            #expect(!detail.cancelRequested)
            #expect(worker.slotsInUse == 1)
        }
        let adopted = try await fixture.store.adoptOrphanedRuns(workflows: ["handover"], triggers: [.manual], owner: Self.adopter,
                                                                now: Timestamps.now(), staleAfter: .seconds(15), liveness: { _ in .dead })
        #expect(adopted == [plan.runID])
        if !shutdown {
            // The first coordinator learns of the adoption at its next write (the end of `first`)
            // and leaves without recording it or starting `second`.
            #expect(FileManager.default.createFile(atPath: fixture.folder + "/go", contents: nil))
            let outcome = await firstOutcome
            #expect(outcome.status == .running)
            #expect(outcome.error == CancelReason.takenOver.description)
            #expect(try await fixture.store.queueEntries(run: plan.runID).count == 2)
        }

        let resumed = try await RunLauncher(store: fixture.store, registry: fixture.registry).adoptedPlan(plan.runID, queue: fixture.store)
        // Followed while on the worker (always after a shutdown); otherwise its worker recorded
        // its end, unless the first coordinator was fenced out by an earlier write.
        let recorded = try #require(try await fixture.store.runDetail(plan.runID)?.tasks.first { $0.id == "first" })
        #expect(resumed.inFlight == (recorded.state.isFinished ? [] : [0]))
        if shutdown { #expect(resumed.inFlight == [0]) }
        #expect(resumed.states[2] == .succeeded)
        #expect(FileManager.default.createFile(atPath: fixture.folder + "/go", contents: nil))
        let outcome = await coordinator(fixture, owner: Self.adopter).execute(resumed)
        worker.drain()
        try await workerEnded

        #expect(outcome.status == .succeeded)
        let detail = try #require(try await fixture.store.runDetail(plan.runID))
        #expect(detail.summary.status == .succeeded)
        #expect(detail.owner == Self.adopter)
        for task in detail.tasks {
            #expect(task.state == .succeeded, "\(task.id)")
            #expect(task.attemptHistory.map(\.status) == [.succeeded], "\(task.id)")
        }
        #expect(try String(contentsOfFile: fixture.folder + "/second.ran", encoding: .utf8) == "w\n")
        let entries = try await fixture.store.queueEntries(run: plan.runID)
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0.state == .done })
    }

    /// A worker's failed attempt leaves its task running until the coordinator decides between a
    /// retry and failure: a coordinator that died before deciding leaves the decision, and the
    /// retry, to the one that adopts the run.
    @Test func aFailedAttemptWhoseCoordinatorDiedIsRetriedByTheAdopter() async throws {
        let fixture = try EngineFixture()
        let folder = fixture.folder
        let plan = try await fixture.plan("""
            name: handover
            tasks:
              - id: flaky
                retries: 1
                retry_delay: 10ms
                run: if [ -e \(folder)/failed-once ]; then exit 0; fi; touch \(folder)/failed-once; exit 3
            """)
        // The coordinator queued the first attempt, then died.
        try await fixture.store.enqueue([QueuedAttempt(run: plan.runID, task: "flaky", attempt: 1, queue: "default", enqueuedAt: Timestamps.now())])
        try await fixture.store.record(run: plan.runID, [.state(task: "flaky", .queued, error: nil, at: Timestamps.now())])
        let worker = QueueDispatchTests.worker(fixture, "w", queues: ["default"])
        async let workerEnded: Void = worker.run()
        #expect(await eventually { (try? await fixture.store.queueEntries(run: plan.runID))?.first?.state == .done })
        let waiting = try #require(try await fixture.store.runDetail(plan.runID)?.tasks.first)
        #expect(waiting.state == .running)
        #expect(waiting.attemptHistory.map(\.status) == [.failed])

        let adopted = try await fixture.store.adoptOrphanedRuns(workflows: ["handover"], triggers: [.manual], owner: Self.adopter,
                                                                now: Timestamps.now(), staleAfter: .seconds(15), liveness: { _ in .dead })
        #expect(adopted == [plan.runID])
        let resumed = try await RunLauncher(store: fixture.store, registry: fixture.registry).adoptedPlan(plan.runID, queue: fixture.store)
        #expect(resumed.inFlight == [0])
        let outcome = await coordinator(fixture, owner: Self.adopter).execute(resumed)
        worker.drain()
        try await workerEnded

        #expect(outcome.status == .succeeded)
        let task = try #require(try await fixture.store.runDetail(plan.runID)?.tasks.first)
        #expect(task.state == .succeeded)
        #expect(task.attemptHistory.map(\.status) == [.failed, .succeeded])
    }
}
