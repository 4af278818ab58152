import Foundation
import Logging
import OrchestratorCore
import OrchestratorStore
import Synchronization

/// A worker: claims ready attempts from its queues up to its free slots and runs each as the
/// executor would (same registry, same `AttemptContextBuilder`, logs, outputs and timeout), with
/// every write about an attempt fenced by its claim's token.
///
/// While it runs, it renews its claims and heartbeats every third of the lease, and checks whether
/// the runs of its attempts were cancelled. An attempt whose claim is lost is stopped and its
/// result dropped: whoever holds the attempt now decides it. `drain()` stops the claiming; `run()`
/// returns once the running attempts are done, after unregistering. Cancelling the task that
/// runs it stops the attempts at once; they are completed `interrupted`, so their coordinators
/// retry them elsewhere as the tasks allow.
public final class TaskWorker: Sendable {
    let store: any RunStore & TaskQueue
    let registry: TaskRegistry
    let state: StateDirectory
    public let settings: WorkerSettings
    let logger: Logger
    /// Where attempts copy their log files as they grow (PostgreSQL's chunk table, read from any
    /// host); nil when the state folder's files are the log store. The files stay either way.
    let logCopies: (any LogStore)?
    let book: ClaimBook
    /// The attempts' fenced writes, committed together when they come together.
    let writer: ClaimWriter
    let draining = Mutex(false)
    /// Workflows by the hash of their YAML: parsed once per worker.
    let workflows = Mutex<[String: Workflow]>([:])
    /// What does not change in a run (its plan), for the runs this worker has seen: later attempts
    /// of a run read only its status and their upstream outputs (`attemptInputs`), not the whole run.
    let plans = Mutex<[RunID: (plan: RunPlan, dag: DAG)]>([:])
    /// How many run plans are kept at most (a worker that has seen more forgets them all).
    static let keptPlans = 256
    let startedAt = Timestamps.now()
    /// What every attempt's process inherits: this process's environment, read once, and the
    /// worker's name.
    let environment: [String: String]

    public init(store: any RunStore & TaskQueue, registry: TaskRegistry, state: StateDirectory, settings: WorkerSettings, logger: Logger,
                logCopies: (any LogStore)? = nil) {
        self.store = store
        self.registry = registry
        self.state = state
        self.settings = settings
        self.logger = logger
        self.logCopies = logCopies
        let book = ClaimBook()
        self.book = book
        // A completion frees its slot once committed, with the others committed in the same call.
        self.writer = ClaimWriter(queue: store, gather: settings.gather, running: { book.count }, ended: { book.release($0) })
        var environment = InheritedEnvironment.current()
        environment["ORCHESTRATOR_WORKER"] = settings.name.rawValue
        self.environment = environment
    }

    public enum LoadError: LocalizedError {
        case workflowMissing(RunID, hash: String)
        case unknownTask(String, workflow: String)
        case unknownType(String, task: String)

        public var errorDescription: String? {
            switch self {
            case .workflowMissing(let run, let hash): "the workflow definition \(hash) of run '\(run)' is missing from the database"
            case .unknownTask(let task, let workflow): "task '\(task)' is not in workflow '\(workflow)'"
            case .unknownType(let type, let task): "task '\(task)' has type '\(type)', which this worker does not know"
            }
        }
    }

    /// Stops claiming; the running attempts go on, and `run()` returns when they are done.
    public func drain() {
        draining.withLock { $0 = true }
        book.released.signal()
    }

    var isDraining: Bool { draining.withLock { $0 } }

    /// How many attempts run now.
    public var slotsInUse: Int { book.count }

    /// Registers, claims and runs attempts until drained, then unregisters.
    public func run() async throws {
        try await store.registerWorker(info(now: Timestamps.now()))
        logger.info("worker registered", metadata: ["worker": "\(settings.name)", "queues": "\(settings.queues.joined(separator: ","))",
                                                    "slots": "\(settings.slots)", "lease": "\(DurationText.format(settings.lease))"])
        // Woken by a freed slot, and (PostgreSQL) by attempts queued anywhere.
        let wakeup = book.released
        let notified = await store.notify(wakeup, of: .queued)
        await withDiscardingTaskGroup { group in
            group.addTask { await self.keepClaims() }
            let clock = ContinuousClock()
            var lastWork = clock.now - settings.busyWindow
            while !isDraining, !Task.isCancelled {
                let free = settings.slots - book.count
                var claims: [TaskClaim] = []
                if free > 0 {
                    do {
                        claims = try await store.claim(worker: settings.name, queues: settings.queues, limit: free,
                                                       now: Timestamps.now(), lease: settings.lease, startingIn: state.logLayout)
                    } catch {
                        logger.error("cannot claim attempts", metadata: ["error": "\(error)"])
                    }
                }
                if !claims.isEmpty || book.count > 0 { lastWork = clock.now }
                for claim in claims {
                    book.hold(claim)
                    group.addTask {
                        await self.execute(claim)
                        self.book.release(claim.token)
                    }
                }
                if free > 0, claims.count < free {
                    // The queue had no more: wait for a notification, or ask again soon while work
                    // keeps coming, else after the poll interval.
                    if notified {
                        await wakeup.wait(upTo: settings.notifiedPollInterval)
                    } else {
                        let busy = clock.now - lastWork < settings.busyWindow
                        await wakeup.wait(upTo: busy ? settings.busyPollInterval : settings.pollInterval)
                    }
                } else {
                    // Every slot is busy: claim as soon as one frees, after giving the attempts
                    // still running `gather` to end too (then one claim takes all their slots).
                    while book.count >= settings.slots, !isDraining, !Task.isCancelled {
                        await wakeup.wait(upTo: .milliseconds(100))
                    }
                    let deadline = clock.now + settings.gather
                    while book.count > 0, clock.now < deadline, !isDraining, !Task.isCancelled {
                        await wakeup.wait(upTo: deadline - clock.now)
                    }
                }
            }
            if isDraining { logger.info("draining: no new claims", metadata: ["running": "\(book.count)"]) }
        }
        await store.stopNotifying(wakeup)
        do {
            try await store.unregisterWorker(name: settings.name)
        } catch {
            logger.error("cannot unregister", metadata: ["error": "\(error)"])
        }
        logger.info("worker stopped", metadata: ["worker": "\(settings.name)"])
    }

    func info(now: EpochMillis) -> WorkerInfo {
        let owner = RunOwner.current
        return WorkerInfo(name: settings.name, host: owner.host, pid: owner.pid, queues: settings.queues, slots: settings.slots,
                          slotsInUse: book.count, startedAt: startedAt, heartbeatAt: now)
    }

    // MARK: Attempts

    /// What an attempt needs, loaded from the store.
    struct Prepared {
        var plan: RunPlan
        var spec: TaskSpec
        var type: any TaskType
        var outputs: [String: [String: String]]
    }

    /// Runs one claimed attempt to its fenced completion, or drops it when the claim is lost. The
    /// claim recorded the attempt's start (`TaskClaim.started`), unless its run had ended or was
    /// being cancelled: then there is nothing to run.
    func execute(_ claim: TaskClaim) async {
        let item = claim.item
        let metadata: Logger.Metadata = ["run": "\(item.run)", "task": "\(item.task)", "attempt": "\(item.attempt)", "token": "\(claim.token)"]
        let logPath = state.logPath(run: item.run.rawValue, task: item.task, attempt: item.attempt)
        guard claim.started else {
            _ = try? await writer.write(ClaimWrite(token: claim.token, run: item.run, [], completingAt: Timestamps.now()))
            logger.info("attempt dropped: its run ended or was cancelled", metadata: metadata)
            return
        }
        let prepared: Prepared
        do {
            guard let loaded = try await prepare(item) else {
                // The run ended or was cancelled since the claim: the attempt ends without running.
                await complete(claim, AttemptResult(ending: .cancelled, error: "its run ended or was cancelled", at: Timestamps.now()),
                               metadata: metadata)
                return
            }
            prepared = loaded
        } catch {
            // The attempt fails with the reason, and its coordinator decides what follows.
            let failed = AttemptResult(ending: .failed, error: "worker '\(settings.name)': \(error.localizedDescription)", at: Timestamps.now())
            logger.error("cannot load the attempt", metadata: metadata.merging(["error": "\(error)"]) { _, new in new })
            await complete(claim, failed, metadata: metadata)
            return
        }
        logger.info("attempt started", metadata: metadata)
        var result = await withTaskGroup(of: AttemptResult?.self) { group in
            group.addTask {
                await LogShipper.around(self.logCopies, log: AttemptLogID(run: item.run, task: item.task, attempt: item.attempt), path: logPath) {
                    await AttemptResult.perform(prepared.type, timeout: prepared.spec.timeout) {
                        try self.builder(prepared.plan).context(for: prepared.spec, attempt: item.attempt, logPath: logPath,
                                                                outputs: prepared.outputs)
                    }
                }
            }
            group.addTask {
                await self.book.waitForStop(claim.token)
                return nil
            }
            var result: AttemptResult?
            for await ended in group {
                group.cancelAll()
                if let ended { result = ended }
            }
            return result ?? AttemptResult(ending: .cancelled, error: "cancelled", at: Timestamps.now())
        }
        switch book.stopReason(claim.token) {
        case .lost:
            logger.warning("claim lost: the attempt was stopped and its result dropped", metadata: metadata)
            return
        case .runCancelled:
            result = AttemptResult(ending: .cancelled, exitCode: result.exitCode, error: "cancelled", at: Timestamps.now())
        case nil:
            if Task.isCancelled {
                result = AttemptResult(ending: .interrupted, exitCode: result.exitCode, error: "worker '\(settings.name)' stopped",
                                       at: Timestamps.now())
            }
        }
        await complete(claim, result, metadata: metadata)
    }

    /// Records the attempt's end under its claim; a few tries when the database fails, none once
    /// the claim is lost.
    func complete(_ claim: TaskClaim, _ result: AttemptResult, metadata: Logger.Metadata) async {
        // A failed attempt leaves its task running: the coordinator decides between a retry and
        // failure, and records it. If it dies first, the one that adopts the run decides.
        let end = result.end(task: claim.item.task, attempt: claim.item.attempt,
                             taskState: result.ending == .failed ? .running : result.taskState)
        for attempt in 0..<4 {
            do {
                if try await writer.write(ClaimWrite(token: claim.token, run: claim.item.run, [.finish(end)], completingAt: Timestamps.now())) {
                    logger.info("attempt ended", metadata: metadata.merging(["status": "\(end.status.rawValue)"]) { _, new in new })
                } else {
                    logger.warning("claim lost: the attempt's result was dropped", metadata: metadata)
                }
                return
            } catch {
                logger.error("cannot record the attempt's end", metadata: metadata.merging(["error": "\(error)", "try": "\(attempt + 1)"]) { _, new in new })
                try? await Task.sleep(for: .milliseconds(200 << attempt))
            }
        }
    }

    /// The run, workflow, task and upstream outputs of an attempt; nil when the run is over or
    /// cancelled. The first attempt of a run reads the whole run; later ones only what changes.
    func prepare(_ item: QueuedAttempt) async throws -> Prepared? {
        let plan: RunPlan
        let outputs: [String: [String: String]]
        if let known = plans.withLock({ $0[item.run] }) {
            let upstream = known.dag.index[item.task].map { known.dag.ancestors(of: $0).map { known.dag.ids[$0] } } ?? []
            plan = known.plan
            if upstream.isEmpty {
                // The claim found the run active and not cancelling, and there are no inputs to read.
                outputs = [:]
            } else {
                guard let inputs = try await store.attemptInputs(run: item.run, upstream: upstream),
                      !inputs.status.isFinished, !inputs.cancelRequested else {
                    plans.withLock { $0[item.run] = nil }
                    return nil
                }
                outputs = inputs.outputs
            }
        } else {
            guard let detail = try await store.runDetail(item.run), !detail.summary.status.isFinished, !detail.cancelRequested else {
                return nil
            }
            let workflow = try await workflow(hash: detail.workflowHash, run: item.run)
            plan = RunPlan(runID: item.run, workflow: workflow, params: detail.params, logicalDate: detail.summary.logicalDate,
                           interval: detail.summary.interval)
            let dag = DAG(tasks: workflow.tasks)
            plans.withLock { plans in
                if plans.count >= Self.keptPlans { plans.removeAll() }
                plans[item.run] = (plan, dag)
            }
            var all: [String: [String: String]] = [:]
            for task in detail.tasks where !task.outputs.isEmpty { all[task.id] = task.outputs }
            outputs = all
        }
        guard let spec = plan.workflow.tasks.first(where: { $0.id == item.task }) else {
            throw LoadError.unknownTask(item.task, workflow: plan.workflow.name)
        }
        guard let type = registry.type(named: spec.type) else { throw LoadError.unknownType(spec.type, task: spec.id) }
        return Prepared(plan: plan, spec: spec, type: type, outputs: outputs)
    }

    func workflow(hash: String, run: RunID) async throws -> Workflow {
        if let known = workflows.withLock({ $0[hash] }) { return known }
        guard let record = try await store.workflow(hash: hash) else { throw LoadError.workflowMissing(run, hash: hash) }
        let workflow = try WorkflowLoader.load(text: record.yaml, file: record.file, catalog: registry.catalog).get()
        workflows.withLock { $0[hash] = workflow }
        return workflow
    }

    /// The context builder of an attempt: the environment the executor gives, plus the worker's name.
    func builder(_ plan: RunPlan) -> AttemptContextBuilder {
        AttemptContextBuilder(plan: plan, state: state, artifacts: RunArtifacts(), environment: environment, observer: { _ in })
    }

    // MARK: Leases

    /// Renews the claims and heartbeats every third of the lease, stops the attempts whose claim
    /// is lost or whose run was cancelled; ends once drained and idle, or when cancelled.
    func keepClaims() async {
        let clock = ContinuousClock()
        var nextRenewal = clock.now + settings.renewInterval
        var nextCancelCheck = clock.now + settings.cancelCheckInterval
        while !Task.isCancelled, !(isDraining && book.count == 0) {
            if clock.now >= nextRenewal {
                nextRenewal = clock.now + settings.renewInterval
                await renew()
            }
            if clock.now >= nextCancelCheck {
                nextCancelCheck = clock.now + settings.cancelCheckInterval
                await stopCancelledRuns()
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    func renew() async {
        let held = book.claims
        let now = Timestamps.now()
        if !held.isEmpty {
            do {
                let lost = try await store.renew(worker: settings.name, tokens: held.map(\.claim.token), now: now, lease: settings.lease)
                book.renewed(held.map(\.claim.token).filter { !lost.contains($0) }, until: TaskClaim.leaseEnd(from: now, lasting: settings.lease))
                for token in lost { book.stop(token, .lost) }
            } catch {
                logger.error("cannot renew claims", metadata: ["error": "\(error)"])
            }
            // A lease that ran out unrenewed is lost, whatever the database says later.
            for entry in book.claims where entry.leaseEnd < Timestamps.now() { book.stop(entry.claim.token, .lost) }
        }
        do {
            if try await !store.workerHeartbeat(name: settings.name, slotsInUse: book.count, now: now) {
                try await store.registerWorker(info(now: now))
            }
        } catch {
            logger.error("cannot write the heartbeat", metadata: ["error": "\(error)"])
        }
    }

    func stopCancelledRuns() async {
        let held = book.claims
        for run in Set(held.map(\.claim.item.run)) where (try? await store.isCancelRequested(run)) == true {
            for entry in held where entry.claim.item.run == run { book.stop(entry.claim.token, .runCancelled) }
        }
    }
}
