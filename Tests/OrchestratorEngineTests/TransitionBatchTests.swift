import Foundation
import Testing
@testable import OrchestratorCore
@testable import OrchestratorEngine
@testable import OrchestratorStore
@testable import SQLiteStore

/// The executor commits the transitions that happen together in one transaction.
@Suite struct TransitionBatchTests {
    static func describe(_ transition: TaskTransition) -> String {
        switch transition {
        case .state(let task, let state, _, _): "\(task):\(state.rawValue)"
        case .start(let task, let attempt, _, _): "\(task):start\(attempt)"
        case .finish(let end): "\(end.task):\(end.taskState.rawValue)"
        }
    }

    @Test func aTaskEndsInTheTransactionThatStartsWhatItReleasedAndWaitingTasksAreQueued() async throws {
        let fixture = try EngineFixture()
        let plan = try await fixture.plan("""
            name: t
            max_parallel_tasks: 1
            tasks:
              - id: a
                type: noop
              - id: b
                type: noop
              - id: c
                type: noop
                depends_on: [a]
            """)
        let spy = TransitionSpyStore(fixture.store)
        let outcome = await fixture.executor(store: spy).execute(plan)
        #expect(outcome.status == .succeeded)
        let batches = spy.batches.withLock { $0.map { $0.map(Self.describe) } }
        #expect(batches == [["a:start1", "b:queued"], ["a:succeeded", "b:start1", "c:queued"], ["b:succeeded", "c:start1"], ["c:succeeded"]])
        let detail = try #require(try await fixture.store.runDetail(plan.runID))
        #expect(detail.tasks.map(\.state) == [.succeeded, .succeeded, .succeeded])
    }

    @Test func aFailedCommitStartsNothingMoreAndItsTransitionsAreRecordedByTheNextTry() async throws {
        let fixture = try EngineFixture()
        let plan = try await fixture.plan("""
            name: t
            max_parallel_tasks: 1
            tasks:
              - id: a
                type: noop
              - id: b
                run: touch \(fixture.folder)/b-ran
            """)
        // The second batch (a's end and b's start) fails once.
        let spy = TransitionSpyStore(fixture.store, failing: [2])
        let outcome = await fixture.executor(store: spy).execute(plan)
        #expect(outcome.status == .failed)
        #expect(outcome.error?.contains("state store failure") == true, "\(outcome.error ?? "")")
        #expect(!FileManager.default.fileExists(atPath: fixture.folder + "/b-ran"), "b started although its start was not recorded")
        let batches = spy.batches.withLock { $0.map { $0.map(Self.describe) } }
        #expect(batches.count >= 3)
        #expect(batches[1] == ["a:succeeded", "b:start1"])
        #expect(batches[2].starts(with: ["a:succeeded", "b:start1"]), "the failed batch is tried again: \(batches)")
        let detail = try #require(try await fixture.store.runDetail(plan.runID))
        #expect(detail.summary.status == .failed)
        #expect(detail.tasks.first?.state == .succeeded, "a's end was recorded by the second try")
        #expect(detail.tasks.last?.state == .cancelled)
        #expect(!detail.tasks.contains { $0.state == .running || $0.state == .queued })
    }
}
