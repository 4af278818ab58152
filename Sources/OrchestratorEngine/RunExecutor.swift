import Foundation
import OrchestratorCore
import OrchestratorStore
import Synchronization

/// Executes one run: starts ready tasks up to the parallelism limit, retries failed attempts,
/// enforces task and run timeouts, reacts to cancellation, and commits every transition to the
/// store before acting on it.
public struct RunExecutor: Sendable {
    public let store: any RunStore
    public let registry: TaskRegistry
    public let state: StateDirectory
    public let cancelSignal: CancelSignal
    public var observer: @Sendable (ExecutionEvent) -> Void
    /// How often cancellation requests are read from the store.
    public var pollInterval: Duration = .milliseconds(200)
    /// How often the owner's heartbeat is written.
    public var heartbeatInterval: Duration = .seconds(5)

    public init(store: any RunStore, registry: TaskRegistry, state: StateDirectory, cancelSignal: CancelSignal = CancelSignal(),
                observer: @escaping @Sendable (ExecutionEvent) -> Void = { _ in }) {
        self.store = store
        self.registry = registry
        self.state = state
        self.cancelSignal = cancelSignal
        self.observer = observer
    }

    /// What came of a run.
    public struct Outcome: Sendable {
        public var status: RunState
        public var error: String?
    }

    enum ChildResult: Sendable {
        case task(Int, TaskState, [String: String])
        case stop(CancelReason)
        case monitorEnded
    }

    /// Runs the plan to its end and records the final state. Never leaves the run `running`.
    public func execute(_ plan: RunPlan) async -> Outcome {
        var machine = RunStateMachine(workflow: plan.workflow, states: plan.states)
        let metrics = RunMetrics(workflow: plan.workflow.name)
        metrics.runStarted()
        let limit = max(1, plan.workflow.maxParallelTasks ?? ProcessInfo.processInfo.activeProcessorCount)
        let storeFailure = FirstFailure()
        let artifacts = RunArtifacts()
        var outputs = plan.outputs
        var stopReason: CancelReason?

        await withTaskGroup(of: ChildResult.self) { group in
            group.addTask { await monitor(plan) }
            var ready: [Int] = []
            var running = 0
            while true {
                if stopReason == nil, !cancelSignal.isDraining {
                    for action in machine.advance() {
                        switch action {
                        case .queue(let task):
                            ready.append(task)
                            await persist(storeFailure) {
                                try await store.setTaskState(run: plan.runID, task: plan.workflow.tasks[task].id, state: .queued, error: nil, now: Timestamps.now())
                            }
                        case .settle(let task, let final):
                            let id = plan.workflow.tasks[task].id
                            observer(.taskSettled(task: id, state: final))
                            await persist(storeFailure) {
                                try await store.setTaskState(run: plan.runID, task: id, state: final, error: nil, now: Timestamps.now())
                            }
                        }
                    }
                    while running < limit, !ready.isEmpty {
                        let task = ready.removeFirst()
                        running += 1
                        machine.record(task, .running)
                        let attemptsSoFar = plan.attempts[task]
                        let upstreamOutputs = outputs
                        group.addTask {
                            let (final, published) = await runTask(task, plan: plan, attemptsSoFar: attemptsSoFar,
                                                                   outputs: upstreamOutputs, artifacts: artifacts, storeFailure: storeFailure)
                            return .task(task, final, published)
                        }
                    }
                }
                if running == 0 { break }
                guard let result = await group.next() else { break }
                switch result {
                case .task(let task, let final, let published):
                    running -= 1
                    machine.record(task, final)
                    if !published.isEmpty { outputs[plan.workflow.tasks[task].id] = published }
                case .stop(let reason):
                    stopReason = reason
                    observer(.cancelling(reason: reason))
                    group.cancelAll()
                case .monitorEnded:
                    break
                }
                if stopReason == nil, let failure = storeFailure.value {
                    stopReason = .requested
                    observer(.cancelling(reason: .requested))
                    FileHandle.standardError.write(Data("state store failure: \(failure)\n".utf8))
                    group.cancelAll()
                }
            }
            group.cancelAll()
        }

        let resumable = machine.states.contains { !$0.isFinished || $0 == .interrupted }
        let interrupted = resumable && (stopReason == .shutdown || (stopReason == nil && cancelSignal.isDraining))
        if stopReason != nil, !interrupted {
            for task in machine.cancelPending() {
                await persist(storeFailure) {
                    try await store.setTaskState(run: plan.runID, task: plan.workflow.tasks[task].id, state: .cancelled, error: nil, now: Timestamps.now())
                }
            }
        }
        var status = machine.outcome
        var error: String? = stopReason.map(\.description)
        if case .runTimeout = stopReason { status = .failed }
        if interrupted {
            status = .interrupted
            error = CancelReason.shutdown.description
        }
        if let failure = storeFailure.value {
            status = .failed
            error = "state store failure: \(failure)"
        }
        if status == .failed, error == nil {
            let failed = plan.workflow.tasks.indices.filter { machine.states[$0] == .failed }.map { plan.workflow.tasks[$0].id }
            if !failed.isEmpty { error = "failed tasks: \(failed.joined(separator: ", "))" }
        }
        if !(await finishRun(plan.runID, status: status, error: error)) {
            error = (error.map { $0 + "; " } ?? "") + "the final status could not be recorded; the run will show as interrupted"
        }
        metrics.runEnded(status)
        await HookRunner(state: state).run(plan: plan, status: status)
        return Outcome(status: status, error: error)
    }

    /// Records the run's final state, retrying a few times (the database may be busy with a long
    /// transaction of another process). Returns false when it could not be written.
    func finishRun(_ id: RunID, status: RunState, error: String?) async -> Bool {
        for attempt in 0..<5 {
            do {
                try await store.finishRun(id, status: status, error: error, now: Timestamps.now())
                return true
            } catch {
                FileHandle.standardError.write(Data("cannot record the end of run \(id) (try \(attempt + 1) of 5): \(error)\n".utf8))
                try? await Task.sleep(for: .milliseconds(200 << attempt))
            }
        }
        return false
    }

    /// Runs every attempt of one task until it succeeds, runs out of retries, or is cancelled.
    func runTask(_ index: Int, plan: RunPlan, attemptsSoFar: Int, outputs: [String: [String: String]],
                 artifacts: RunArtifacts, storeFailure: FirstFailure) async -> (TaskState, [String: String]) {
        let spec = plan.workflow.tasks[index]
        let metrics = RunMetrics(workflow: plan.workflow.name)
        var nextAttempt = attemptsSoFar
        let run = plan.runID
        guard let type = registry.type(named: spec.type) else {
            await persist(storeFailure) {
                try await store.setTaskState(run: run, task: spec.id, state: .failed, error: "unknown task type '\(spec.type)'", now: Timestamps.now())
            }
            return (.failed, [:])
        }
        while true {
            nextAttempt += 1
            let attempt = nextAttempt
            let logPath = state.logPath(run: run.rawValue, task: spec.id, attempt: attempt)
            let started = ContinuousClock.now
            await persist(storeFailure) {
                try await store.startAttempt(run: run, task: spec.id, attempt: attempt, logPath: logPath, now: Timestamps.now())
            }
            observer(.taskStarted(task: spec.id, attempt: attempt))
            let failure: (message: String, exitCode: Int32?)
            do {
                let context = try AttemptContextBuilder(plan: plan, outputs: outputs, state: state, artifacts: artifacts, observer: observer)
                    .context(for: spec, attempt: attempt, logPath: logPath)
                let result = try await withTimeout(spec.timeout) { try await type.execute(context) }
                let published = result.outputs
                let ended: TaskState = result.skipped ? .skipped : .succeeded
                await persist(storeFailure) {
                    try await store.finishAttempt(run: run, task: spec.id, attempt: attempt, status: .succeeded, taskState: ended,
                                                  exitCode: result.exitCode, error: nil, outputs: published, now: Timestamps.now())
                }
                report(metrics, .taskFinished(task: spec.id, attempt: attempt, state: ended, duration: ContinuousClock.now - started, error: nil))
                return (ended, Dictionary(published.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
            } catch let error as TaskFailure {
                failure = (error.message, error.exitCode)
            } catch is AttemptTimeout {
                failure = ("timeout", nil)
            } catch {
                failure = (Task.isCancelled ? "cancelled" : "\(error.localizedDescription)", nil)
            }
            if Task.isCancelled {
                // Killed at shutdown: the attempt is interrupted and the task resumes on the next start.
                let shutdown = cancelSignal.current == .shutdown
                let ended: TaskState = shutdown ? .interrupted : .cancelled
                let message = shutdown ? CancelReason.shutdown.description : "cancelled"
                await persist(storeFailure) {
                    try await store.finishAttempt(run: run, task: spec.id, attempt: attempt, status: shutdown ? .interrupted : .cancelled,
                                                  taskState: ended, exitCode: failure.exitCode, error: message, outputs: [], now: Timestamps.now())
                }
                report(metrics, .taskFinished(task: spec.id, attempt: attempt, state: ended, duration: ContinuousClock.now - started, error: message))
                return (ended, [:])
            }
            // Retries count within this execution: `orchestrator retry` grants the policy afresh.
            let retrying = spec.retry.shouldRetry(attempt: attempt - attemptsSoFar)
            let next: TaskState = retrying ? .upForRetry : .failed
            await persist(storeFailure) {
                try await store.finishAttempt(run: run, task: spec.id, attempt: attempt, status: .failed, taskState: next,
                                              exitCode: failure.exitCode, error: failure.message, outputs: [], now: Timestamps.now())
            }
            report(metrics, .taskFinished(task: spec.id, attempt: attempt, state: next == .failed ? .failed : .upForRetry,
                                   duration: ContinuousClock.now - started, error: failure.message))
            guard retrying else { return (.failed, [:]) }
            // Draining for shutdown: the retry happens when the run resumes.
            if cancelSignal.isDraining { return (.upForRetry, [:]) }
            let delay = spec.retry.backoff(after: attempt - attemptsSoFar)
            observer(.taskRetrying(task: spec.id, attempt: attempt + 1, delay: delay, error: failure.message))
            do {
                try await Task.sleep(for: delay)
            } catch {
                if cancelSignal.current == .shutdown { return (.upForRetry, [:]) }
                await persist(storeFailure) {
                    try await store.setTaskState(run: run, task: spec.id, state: .cancelled, error: "cancelled while waiting to retry", now: Timestamps.now())
                }
                return (.cancelled, [:])
            }
        }
    }

    /// Tells the observer, and counts ended attempts in the metrics.
    func report(_ metrics: RunMetrics, _ event: ExecutionEvent) {
        metrics.record(event)
        observer(event)
    }

    /// Watches for cancellation and the run timeout, and keeps the heartbeat fresh.
    func monitor(_ plan: RunPlan) async -> ChildResult {
        let clock = ContinuousClock()
        let deadline = plan.workflow.timeout.map { clock.now + $0 }
        var nextHeartbeat = clock.now + heartbeatInterval
        while !Task.isCancelled {
            if let reason = cancelSignal.current { return .stop(reason) }
            if let deadline, clock.now >= deadline, let limit = plan.workflow.timeout { return .stop(.runTimeout(limit)) }
            if clock.now >= nextHeartbeat {
                nextHeartbeat = clock.now + heartbeatInterval
                if (try? await store.heartbeat(plan.runID, now: Timestamps.now())) == true { return .stop(.requested) }
            } else if (try? await store.isCancelRequested(plan.runID)) == true {
                return .stop(.requested)
            }
            try? await Task.sleep(for: pollInterval)
        }
        return .monitorEnded
    }

    /// Runs a store write and waits for its commit; the first failure is kept and stops the run.
    func persist(_ failure: FirstFailure, _ write: @Sendable () async throws -> Void) async {
        do {
            try await write()
        } catch {
            failure.record("\(error)")
        }
    }
}

/// The first store failure of a run; later ones are dropped.
final class FirstFailure: Sendable {
    let storage = Mutex<String?>(nil)

    func record(_ message: String) {
        storage.withLock { first in
            if first == nil { first = message }
        }
    }

    var value: String? { storage.withLock { $0 } }
}

/// Thrown when an attempt outlives its task timeout.
struct AttemptTimeout: Error {}

/// Runs `body`, cancelling it and throwing `AttemptTimeout` when `limit` passes first.
func withTimeout<T: Sendable>(_ limit: Duration?, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    guard let limit else { return try await body() }
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw AttemptTimeout() }
        return value
    }
}
