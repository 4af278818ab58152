import Foundation
import Logging
import Synchronization
import Testing
@testable import OrchestratorCore
@testable import OrchestratorEngine
@testable import OrchestratorScheduler
@testable import OrchestratorStore
@testable import SQLiteStore

/// A task type that blocks until its gate opens: keeps runs active for overlap tests.
struct GateTask: TaskType {
    let gate: Gate

    var descriptor: TaskTypeDescriptor { TaskTypeDescriptor(name: "gate", summary: "waits for the test", keys: []) }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        while !gate.isOpen {
            try await Task.sleep(for: .milliseconds(5))
        }
        return TaskResult()
    }
}

final class Gate: Sendable {
    let open = Mutex(false)
    var isOpen: Bool { open.withLock { $0 } }
    func release() { open.withLock { $0 = true } }
}

/// A scheduler on a temp SQLite store, a manual clock starting at `start`, and a gate task type.
struct SchedulerFixture {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    let folder: String
    let store: SQLiteRunStore
    let state: StateDirectory
    let clock: ManualClock
    let gate = Gate()
    let registry: TaskRegistry
    let scheduler: Scheduler

    init() throws {
        folder = NSTemporaryDirectory() + "scheduler-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        state = StateDirectory(root: folder + "/state")
        store = try SQLiteRunStore(state: state)
        clock = ManualClock(Self.start)
        var registry = TaskRegistry.builtIn
        registry.register(GateTask(gate: gate))
        self.registry = registry
        scheduler = Scheduler(store: store, registry: registry, state: state, clock: clock, grace: .seconds(5),
                              logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    func load(_ yaml: String) throws -> LoadedWorkflow {
        let workflow = try WorkflowLoader.load(text: yaml, file: "test.yaml", catalog: registry.catalog).get()
        return LoadedWorkflow(workflow: workflow, record: WorkflowRecord(name: workflow.name, hash: WorkflowFile.hash(yaml), file: "test.yaml", yaml: yaml),
                              file: "test.yaml")
    }

    /// Schedules the workflows, starting from a cursor at `start` (as if the scheduler had run then).
    func schedule(_ yamls: [String], cursorAt cursor: Date = SchedulerFixture.start) async throws {
        var loaded: [String: LoadedWorkflow] = [:]
        for yaml in yamls {
            let workflow = try load(yaml)
            loaded[workflow.name] = workflow
            try await store.advanceScheduleCursor(workflow: workflow.name, to: Scheduler.millis(cursor), lease: nil)
        }
        await scheduler.setWorkflows(loaded)
    }

    /// Moves the clock `seconds` past the start and wakes the scheduler.
    func advance(to seconds: Int) {
        clock.advance(to: Self.start.addingTimeInterval(TimeInterval(seconds)))
        scheduler.poke()
    }

    /// Logical dates of the runs of `workflow`, as seconds after the start, in order.
    func slots(_ workflow: String, status: RunState? = nil) async throws -> [Int] {
        try await store.listRuns(RunFilter(workflow: workflow, status: status, limit: 10_000))
            .compactMap { Timestamps.parse($0.logicalDate) }
            .map { Int(($0 - Scheduler.millis(Self.start)) / 1000) }
            .sorted()
    }

    /// Waits until `condition` holds, polling; false after `timeout` (a throwing check counts as false).
    func eventually(_ timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return (try? await condition()) == true
    }

    /// Runs the scheduler for the duration of `body`, then shuts it down.
    func running(_ body: () async throws -> Void) async throws {
        let loop = Task { await scheduler.run() }
        do {
            try await body()
        } catch {
            gate.release()
            scheduler.beginShutdown(immediately: true)
            await loop.value
            throw error
        }
        gate.release()
        scheduler.beginShutdown()
        await loop.value
    }
}
