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
    /// Where attempts run: here (the default), or on workers through the task queue.
    public var dispatch: AttemptDispatch = .local
    /// With queue dispatch, how often the queue is read for attempts that ended.
    public var queuePollInterval: Duration = .milliseconds(50)
    /// With queue dispatch, how often expired claims are taken back (`TaskQueue.expireClaims`).
    public var claimExpiryInterval: Duration = .milliseconds(500)
    /// Where attempts run here copy their log files as they grow, when the logs live apart from
    /// the state folder (PostgreSQL's chunk table); nil when the folder's files are the log store.
    public var logCopies: (any LogStore)?
    /// With queue dispatch, the run owner its fenced writes present (`TaskQueue.record(owner:run:_:)`):
    /// this process, unless a test plays two coordinators in one.
    public var owner: RunOwner = .current

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
        case task(Int, TaskRun)
        case stop(CancelReason)
        case monitorEnded
    }

    /// How a task's attempts ended. `last` is the final transition, not yet recorded: the executor
    /// records it with the transitions it releases, in one transaction.
    struct TaskRun: Sendable {
        var state: TaskState
        var outputs: [String: String] = [:]
        var last: TaskTransition?
        var event: ExecutionEvent?
        /// A fenced write found the run adopted by another coordinator.
        var takenOver = false
    }

    /// Runs the plan to its end and records the final state. Never leaves the run `running`.
    public func execute(_ plan: RunPlan) async -> Outcome {
        var machine = RunStateMachine(workflow: plan.workflow, states: plan.states)
        let metrics = RunMetrics(workflow: plan.workflow.name)
        metrics.runStarted()
        // On workers, their slots bound the parallelism unless the workflow sets a limit.
        let limit = max(1, plan.workflow.maxParallelTasks ?? (dispatch.isLocal ? ProcessInfo.processInfo.activeProcessorCount : .max))
        let storeFailure = FirstFailure()
        let builder = AttemptContextBuilder(plan: plan, state: state, artifacts: RunArtifacts(),
                                            environment: InheritedEnvironment.current(), observer: observer)
        var outputs = plan.outputs
        var stopReason: CancelReason?
        var journal = Journal()
        let unseenEnds = EndCount()
        let follower: QueueFollower? = if case .queue(let queue) = dispatch {
            QueueFollower(queue: queue, run: plan.runID, pollInterval: queuePollInterval, expiryInterval: claimExpiryInterval)
        } else {
            nil
        }

        await withTaskGroup(of: ChildResult.self) { group in
            group.addTask { await monitor(plan) }
            if let follower {
                group.addTask {
                    await follower.follow()
                    return .monitorEnded
                }
            }
            // Ready tasks in order; `ready[readyStart...]` wait for a slot.
            var ready: [Int] = []
            var readyStart = 0
            var running = 0
            // An adopted run's attempts already on the queue are followed from the first pass.
            var resumed = follower == nil ? [] : plan.inFlight
            while true {
                // Tasks that ended and are not taken yet are taken first, so that what they cause
                // is decided, committed and started in one pass (one transaction for many ends).
                if !resumed.isEmpty || unseenEnds.count == 0 {
                    var launching = resumed
                    running += resumed.count
                    resumed = []
                    if stopReason == nil, !cancelSignal.isDraining {
                        let now = Timestamps.now()
                        var queuedNow: [Int] = []
                        for action in machine.advance() {
                            switch action {
                            case .queue(let task):
                                ready.append(task)
                                queuedNow.append(task)
                            case .settle(let task, let final):
                                let id = plan.workflow.tasks[task].id
                                journal.transitions.append(.state(task: id, final, error: nil, at: now))
                                journal.events.append(.taskSettled(task: id, state: final))
                            }
                        }
                        while running < limit, readyStart < ready.count {
                            let task = ready[readyStart]
                            readyStart += 1
                            running += 1
                            machine.record(task, .running)
                            let spec = plan.workflow.tasks[task]
                            // The first attempt starts in the same transaction as what released it; a
                            // queued one is started by its worker.
                            if dispatch.isLocal, registry.type(named: spec.type) != nil {
                                let attempt = plan.attempts[task] + 1
                                journal.transitions.append(.start(task: spec.id, attempt: attempt,
                                                                  logPath: state.logPath(run: plan.runID.rawValue, task: spec.id, attempt: attempt), at: now))
                            }
                            launching.append(task)
                        }
                        // Tasks that must wait for a slot, or for a worker, are recorded as queued.
                        for task in queuedNow where !dispatch.isLocal || !launching.contains(task) {
                            journal.transitions.append(.state(task: plan.workflow.tasks[task].id, .queued, error: nil, at: now))
                        }
                        if readyStart > 1024, readyStart * 2 > ready.count {
                            ready.removeFirst(readyStart)
                            readyStart = 0
                        }
                    }
                    if await commit(&journal, run: plan.runID, metrics: metrics, failure: storeFailure) == .takenOver, stopReason == nil {
                        stopReason = .takenOver
                        observer(.cancelling(reason: .takenOver))
                        group.cancelAll()
                    }
                    if stopReason == nil, let failure = storeFailure.value {
                        stopReason = .requested
                        observer(.cancelling(reason: .requested))
                        FileHandle.standardError.write(Data("state store failure: \(failure)\n".utf8))
                        group.cancelAll()
                    }
                    if stopReason != nil, !launching.isEmpty {
                        // The store failed: nothing more starts, and the run stops.
                        for task in launching { machine.record(task, .queued) }
                        running -= launching.count
                        launching = []
                    }
                    for task in launching {
                        let upstreamOutputs = outputs
                        group.addTask {
                            let run = await runTask(task, plan: plan, outputs: upstreamOutputs, builder: builder,
                                                    follower: follower, metrics: metrics, storeFailure: storeFailure)
                            unseenEnds.add()
                            return .task(task, run)
                        }
                    }
                }
                if running == 0 { break }
                guard let result = await group.next() else { break }
                switch result {
                case .task(let task, let run):
                    unseenEnds.remove()
                    running -= 1
                    if run.takenOver, stopReason == nil {
                        stopReason = .takenOver
                        observer(.cancelling(reason: .takenOver))
                        group.cancelAll()
                    }
                    // Left to the coordinator that adopted the run: what this one saw is not recorded.
                    if handsOver(stopReason) { continue }
                    machine.record(task, run.state)
                    if !run.outputs.isEmpty { outputs[plan.workflow.tasks[task].id] = run.outputs }
                    if let last = run.last { journal.transitions.append(last) }
                    if let event = run.event { journal.events.append(event) }
                case .stop(let reason):
                    stopReason = reason
                    observer(.cancelling(reason: reason))
                    group.cancelAll()
                    // Workers stop the run's attempts when they see the request; at a shutdown they
                    // go on, and the next coordinator adopts the run.
                    if follower != nil, !handsOver(reason) { _ = try? await store.requestCancel(plan.runID, now: Timestamps.now()) }
                case .monitorEnded:
                    break
                }
            }
            group.cancelAll()
        }
        // No task of this execution runs any more: what they handed each other can go.
        builder.artifacts.releaseInBackground()
        if handsOver(stopReason) {
            // The run stays `running`, its attempts on the workers, for the next coordinator to adopt.
            metrics.runLeft()
            return Outcome(status: .running, error: stopReason.map(\.description))
        }
        // What the last commits could not record gets a few more tries, as the run's end does.
        for attempt in 0..<5 where !journal.transitions.isEmpty {
            if await commit(&journal, run: plan.runID, metrics: metrics, failure: storeFailure) != .failed { break }
            try? await Task.sleep(for: .milliseconds(200 << attempt))
        }

        let resumable = machine.states.contains { !$0.isFinished || $0 == .interrupted }
        let interrupted = resumable && (stopReason == .shutdown || (stopReason == nil && cancelSignal.isDraining))
        if stopReason != nil, !interrupted {
            let now = Timestamps.now()
            let cancelled = machine.cancelPending().map { TaskTransition.state(task: plan.workflow.tasks[$0].id, .cancelled, error: nil, at: now) }
            if !cancelled.isEmpty {
                await persist(storeFailure) { _ = try await write(cancelled, run: plan.runID) }
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
        if status.isSuccessful, let warning = ScratchFolder.removeAfterSuccess(of: plan, keeping: state) {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        return Outcome(status: status, error: error)
    }

    /// Records the run's final state, retrying a few times (the database may be busy with a long
    /// transaction of another process). Returns false when it could not be written.
    func finishRun(_ id: RunID, status: RunState, error: String?) async -> Bool {
        for attempt in 0..<5 {
            do {
                switch dispatch {
                case .local: try await store.finishRun(id, status: status, error: error, now: Timestamps.now())
                // Another coordinator adopted the run meanwhile: its end is that one's to record.
                case .queue(let queue): _ = try await queue.finishRun(id, owner: owner, status: status, error: error, now: Timestamps.now())
                }
                return true
            } catch {
                FileHandle.standardError.write(Data("cannot record the end of run \(id) (try \(attempt + 1) of 5): \(error)\n".utf8))
                try? await Task.sleep(for: .milliseconds(200 << attempt))
            }
        }
        return false
    }

    /// Transitions waiting for the executor's next commit, and what to report once they are in.
    struct Journal {
        var transitions: [TaskTransition] = []
        var events: [ExecutionEvent] = []
    }

    enum CommitOutcome {
        case committed
        /// The store failed; the journal is kept for another try.
        case failed
        /// With queue dispatch: another coordinator adopted the run, so nothing was written.
        case takenOver
    }

    /// Records the journal's transitions in one transaction, then reports its events and empties
    /// it. When the store fails, the journal is kept for a later try.
    @discardableResult
    func commit(_ journal: inout Journal, run: RunID, metrics: RunMetrics, failure: FirstFailure) async -> CommitOutcome {
        let transitions = journal.transitions
        if !transitions.isEmpty {
            do {
                guard try await write(transitions, run: run) else {
                    journal = Journal()
                    return .takenOver
                }
            } catch {
                failure.record("\(error)")
                return .failed
            }
        }
        for event in journal.events { report(metrics, event) }
        journal = Journal()
        return .committed
    }

    /// Records transitions of the run in one transaction. With queue dispatch the write is fenced:
    /// false, and nothing written, once another coordinator adopted the run.
    func write(_ transitions: [TaskTransition], run: RunID) async throws -> Bool {
        switch dispatch {
        case .local:
            try await store.record(run: run, transitions)
            return true
        case .queue(let queue):
            return try await queue.record(owner: owner, run: run, transitions)
        }
    }

    /// Whether the executor stops by leaving the run to another coordinator: with queue dispatch,
    /// at a shutdown (the workers' attempts go on) or when the run was adopted.
    func handsOver(_ reason: CancelReason?) -> Bool {
        guard !dispatch.isLocal else { return false }
        return reason == .shutdown || reason == .takenOver
    }

    /// Runs every attempt of one task until it succeeds, runs out of retries, or is cancelled.
    /// The executor has recorded the start of the first attempt (or, for a worker, the task
    /// queued); the last transition is returned for it to record. Attempts in between are
    /// recorded here. With a `follower`, attempts run on workers; the decisions are the same.
    func runTask(_ index: Int, plan: RunPlan, outputs: [String: [String: String]], builder: AttemptContextBuilder,
                 follower: QueueFollower?, metrics: RunMetrics, storeFailure: FirstFailure) async -> TaskRun {
        let spec = plan.workflow.tasks[index]
        let attemptsSoFar = plan.attempts[index]
        var nextAttempt = attemptsSoFar
        let run = plan.runID
        guard let type = registry.type(named: spec.type) else {
            return TaskRun(state: .failed, last: .state(task: spec.id, .failed, error: "unknown task type '\(spec.type)'", at: Timestamps.now()))
        }
        while true {
            nextAttempt += 1
            let attempt = nextAttempt
            let started = ContinuousClock.now
            let result: AttemptResult
            if let follower {
                observer(.taskStarted(task: spec.id, attempt: attempt))
                result = await follower.attempt(QueuedAttempt(run: run, task: spec.id, attempt: attempt, queue: spec.queue,
                                                              enqueuedAt: Timestamps.now()))
            } else {
                let logPath = state.logPath(run: run.rawValue, task: spec.id, attempt: attempt)
                if attempt > attemptsSoFar + 1 {
                    await persist(storeFailure) {
                        try await store.startAttempt(run: run, task: spec.id, attempt: attempt, logPath: logPath, now: Timestamps.now())
                    }
                }
                observer(.taskStarted(task: spec.id, attempt: attempt))
                result = await LogShipper.around(logCopies, log: AttemptLogID(run: run, task: spec.id, attempt: attempt), path: logPath) {
                    await AttemptResult.perform(type, timeout: spec.timeout) {
                        try builder.context(for: spec, attempt: attempt, logPath: logPath, outputs: outputs)
                    }
                }
            }
            let duration = ContinuousClock.now - started
            switch result.ending {
            case .succeeded, .skipped:
                return TaskRun(state: result.taskState, outputs: result.outputMap,
                               last: ending(result, task: spec.id, attempt: attempt, taskState: result.taskState),
                               event: .taskFinished(task: spec.id, attempt: attempt, state: result.taskState, duration: duration, error: nil))
            case .cancelled where Task.isCancelled:
                // Killed at shutdown: the attempt is interrupted and the task resumes on the next start.
                let shutdown = cancelSignal.current == .shutdown
                let ended: TaskState = shutdown ? .interrupted : .cancelled
                let message = shutdown ? CancelReason.shutdown.description : "cancelled"
                return TaskRun(state: ended,
                               last: .finish(AttemptEnd(task: spec.id, attempt: attempt, status: shutdown ? .interrupted : .cancelled,
                                                        taskState: ended, exitCode: result.exitCode, error: message, at: Timestamps.now())),
                               event: .taskFinished(task: spec.id, attempt: attempt, state: ended, duration: duration, error: message))
            case .cancelled:
                // A worker stopped or dropped it because the run is being cancelled: no retry.
                return TaskRun(state: .cancelled, last: ending(result, task: spec.id, attempt: attempt, taskState: .cancelled),
                               event: .taskFinished(task: spec.id, attempt: attempt, state: .cancelled, duration: duration, error: result.error))
            case .failed, .interrupted:
                break
            }
            let message = result.error ?? "failed"
            // Retries count within this execution: `orchestrator retry` grants the policy afresh.
            let retrying = spec.retry.shouldRetry(attempt: attempt - attemptsSoFar)
            let end = ending(result, task: spec.id, attempt: attempt, taskState: retrying ? .upForRetry : .failed)
            let event = ExecutionEvent.taskFinished(task: spec.id, attempt: attempt, state: retrying ? .upForRetry : .failed,
                                                    duration: duration, error: message)
            guard retrying else { return TaskRun(state: .failed, last: end, event: event) }
            // Draining for shutdown: the retry happens when the run resumes.
            if cancelSignal.isDraining { return TaskRun(state: .upForRetry, last: end, event: event) }
            do {
                guard try await write([end], run: run) else { return TaskRun(state: .interrupted, takenOver: true) }
            } catch {
                storeFailure.record("\(error)")
            }
            report(metrics, event)
            let delay = spec.retry.backoff(after: attempt - attemptsSoFar)
            observer(.taskRetrying(task: spec.id, attempt: attempt + 1, delay: delay, error: message))
            do {
                try await Task.sleep(for: delay)
            } catch {
                if cancelSignal.current == .shutdown { return TaskRun(state: .upForRetry) }
                return TaskRun(state: .cancelled, last: .state(task: spec.id, .cancelled, error: "cancelled while waiting to retry", at: Timestamps.now()))
            }
        }
    }

    /// The transition that records how an attempt ended, with the task state the executor decided.
    /// A worker recorded its attempt itself (with a fenced write), so then only the task settles.
    func ending(_ result: AttemptResult, task: String, attempt: Int, taskState: TaskState) -> TaskTransition {
        switch dispatch {
        case .local: .finish(result.end(task: task, attempt: attempt, taskState: taskState))
        case .queue: .state(task: task, taskState, error: result.error, at: result.at)
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

/// How many tasks ended whose results the executor's loop has not taken yet.
final class EndCount: Sendable {
    let value = Atomic<Int>(0)

    func add() { value.add(1, ordering: .releasing) }
    func remove() { value.subtract(1, ordering: .relaxed) }
    var count: Int { value.load(ordering: .acquiring) }
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
