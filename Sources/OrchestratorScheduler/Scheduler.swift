import CoreMetrics
import Foundation
import Logging
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore
import Synchronization

/// The scheduling loop: creates the runs of due slots and executes them with `RunExecutor`.
///
/// It sleeps until the next due time or a wake-up (workflows changed, a run ended, shutdown), so
/// it uses no CPU while idle. Time comes from an injected `SchedulerClock`. Runs it starts are
/// children of `run()`; `beginShutdown()` stops new runs, lets running tasks finish for the
/// grace period, then kills them and leaves their runs `interrupted` for the next start.
public actor Scheduler {
    let store: any RunStore
    let launcher: RunLauncher
    let state: StateDirectory
    let clock: any SchedulerClock
    let logger: Logger
    let grace: Duration
    /// Where the runs' attempts copy their logs (`RunExecutor.logCopies`); nil with the state folder's files.
    let logCopies: (any LogStore)?
    let wakeup = Wakeup()
    let shutdown = Mutex<ShutdownRequest?>(nil)

    enum ShutdownRequest {
        case graceful, immediate
    }

    var workflows: [String: LoadedWorkflow] = [:]
    /// Workflows whose interrupted runs have not been looked for yet.
    var needsResume: Set<String> = []
    var running: [RunID: CancelSignal] = [:]
    /// Runs handed over by `submit`, started on the loop's next pass.
    var submitted: [(RunPlan, RunTrigger)] = []
    var scheduling = false
    /// When each workflow's retention was last applied.
    var lastPruned: [String: Date] = [:]
    /// How often retention (`keep_runs`, `keep_for`) is applied per workflow.
    public var pruneInterval: TimeInterval = 10
    /// Where the runs' attempts run: in this process, or on workers through the task queue. With
    /// the queue, the scheduler only coordinates: a shutdown leaves its runs to the next active
    /// scheduler, which adopts them (`TaskQueue.adoptOrphanedRuns`) while the workers go on.
    public var dispatch: AttemptDispatch = .local
    /// With queue dispatch, how long a coordinator on another host may be silent before its runs are
    /// adopted (same host: as soon as its pid is gone).
    public var adoptAfter: Duration = .seconds(15)
    /// The scheduler lease token this scheduler holds (`SchedulerLeaseKeeper.token`): its slot
    /// runs and cursor moves are written only while the token holds the lease, so a scheduler
    /// that was paused past its lease writes nothing once another took over. Nil: not fenced.
    public var leaseToken: String?
    /// When orphaned runs were last looked for (queue dispatch).
    var lastAdoption: Date?

    public init(store: any RunStore, registry: TaskRegistry, state: StateDirectory, clock: any SchedulerClock,
                grace: Duration = .seconds(30), logger: Logger, logCopies: (any LogStore)? = nil, dispatch: AttemptDispatch = .local) {
        self.store = store
        self.dispatch = dispatch
        self.logCopies = logCopies
        self.launcher = RunLauncher(store: store, registry: registry)
        self.state = state
        self.clock = clock
        self.grace = grace
        self.logger = logger
    }

    /// Replaces the scheduled workflows; new names get their interrupted runs resumed.
    public func setWorkflows(_ loaded: [String: LoadedWorkflow]) {
        needsResume.formUnion(Set(loaded.keys).subtracting(workflows.keys))
        workflows = loaded
        wakeup.signal()
    }

    /// Fences this scheduler's writes with the lease `token` it holds (`leaseToken`).
    public func fence(with token: String) { leaseToken = token }

    /// Wakes the loop, e.g. after `pause`/`unpause` or in tests after moving the clock.
    public nonisolated func poke() { wakeup.signal() }

    /// Stops starting runs; the loop drains and `run()` returns. `immediately` skips the grace period.
    public nonisolated func beginShutdown(immediately: Bool = false) {
        shutdown.withLock { request in
            if request != .immediate { request = immediately ? .immediate : .graceful }
        }
        wakeup.signal()
    }

    /// Runs whose executions are in progress.
    public var activeRuns: [RunID] { running.keys.sorted() }

    /// From a slot's fire time to its run's start: `orchestrator_scheduler_fire_delay_seconds`.
    public static let fireDelayMetric = "orchestrator_scheduler_fire_delay_seconds"

    /// Whether `run()` is scheduling (it holds the lease and is not shutting down): only then
    /// does `submit` take runs.
    public var isActive: Bool { scheduling && shutdown.withLock({ $0 }) == nil }

    /// Executes a run created elsewhere in this process (the runs API's trigger and retry) as one
    /// of the scheduler's own: drained and interrupted at shutdown like the rest.
    public func submit(_ plan: RunPlan, trigger: RunTrigger) throws(SchedulerError) {
        guard isActive else { throw .notScheduling }
        submitted.append((plan, trigger))
        wakeup.signal()
    }

    /// Schedules until `beginShutdown()`, then drains.
    public func run() async {
        scheduling = true
        await withDiscardingTaskGroup { group in
            while shutdown.withLock({ $0 }) == nil {
                for (plan, trigger) in submitted { start(plan, trigger: trigger, group: &group) }
                submitted.removeAll()
                await adoptOrphans(&group)
                await resumeInterrupted(&group)
                var next = await tick(&group)
                if !dispatch.isLocal, let last = lastAdoption { next = min(next, last.addingTimeInterval(Self.adoptionInterval)) }
                if shutdown.withLock({ $0 }) != nil { break }
                await sleep(until: next)
            }
            scheduling = false
            // Runs handed over after the last pass never started: end them so none stays `running`.
            for (plan, _) in submitted {
                try? await store.finishRun(plan.runID, status: .interrupted, error: "the scheduler shut down before the run started",
                                           now: Self.millis(Date()))
            }
            submitted.removeAll()
            await drain()
        }
        logger.info("scheduler stopped")
    }

    // MARK: One pass

    /// Starts the runs of every due slot and returns when to look again: the next due time, at
    /// most 30 s away (5 s while a slot waits for a run to end).
    func tick(_ group: inout DiscardingTaskGroup) async -> Date {
        let now = clock.now()
        let paused: Set<String>
        do {
            paused = try await store.pausedWorkflows()
        } catch {
            logger.error("cannot read paused workflows", metadata: ["error": "\(error)"])
            return now.addingTimeInterval(1)
        }
        var next: Date?
        for name in workflows.keys.sorted() {
            guard let loaded = workflows[name], let config = loaded.workflow.schedule, !paused.contains(name) else { continue }
            do {
                let cursor = try await store.scheduleCursor(workflow: name).map(Self.date)
                let active = try await store.activeRunCount(workflow: name)
                let decision = SlotPlanner.decide(config, cursor: cursor, now: now, activeRuns: active)
                for slot in decision.start {
                    if let plan = try await launcher.createSlotRun(loaded.workflow, record: loaded.record, slot: slot, trigger: .schedule,
                                                           lease: leaseToken) {
                        Timer(label: Self.fireDelayMetric).recordNanoseconds(
                            max(0, Int64((clock.now().timeIntervalSince(slot.fireDate) * 1e9).rounded())))
                        start(plan, trigger: .schedule, group: &group)
                    } else {
                        logger.info("slot already has a run", metadata: ["workflow": "\(name)", "logical_date": "\(slot.fireDate)"])
                    }
                }
                if let moved = decision.cursor {
                    try await store.advanceScheduleCursor(workflow: name, to: Self.millis(moved), lease: leaseToken)
                }
                if decision.waiting {
                    // Woken when one of our runs ends; runs started elsewhere (run, backfill) end unseen.
                    next = min(next ?? now.addingTimeInterval(5), now.addingTimeInterval(5))
                    continue
                }
                if let fire = config.schedule.nextFire(after: now) { next = min(next ?? fire, fire) }
            } catch StoreError.leaseLost {
                // Another scheduler holds the lease now: this one stops, having written nothing.
                logger.error("scheduler lease lost: stopping", metadata: ["workflow": "\(name)"])
                beginShutdown(immediately: true)
                return now.addingTimeInterval(1)
            } catch {
                logger.error("scheduling failed", metadata: ["workflow": "\(name)", "error": "\(error)"])
                next = min(next ?? now.addingTimeInterval(1), now.addingTimeInterval(1))
            }
        }
        await applyRetention(now: now)
        // Look again at least every 30 s: a pause or unpause from another host sends no wake-up.
        return min(next ?? now.addingTimeInterval(30), now.addingTimeInterval(30))
    }

    /// Deletes runs beyond each scheduled workflow's `keep_runs` / `keep_for`, at most every
    /// `pruneInterval` per workflow.
    func applyRetention(now: Date) async {
        let pruner = RunHistoryPruner(store: store, state: state)
        for name in workflows.keys.sorted() {
            guard let retention = workflows[name]?.workflow.retention, !retention.keepsEverything else { continue }
            if let last = lastPruned[name], now.timeIntervalSince(last) < pruneInterval { continue }
            lastPruned[name] = now
            do {
                if let result = try await pruner.apply(retention, workflow: name, now: Self.millis(now)), result.runs > 0 {
                    logger.info("old runs deleted", metadata: ["workflow": "\(name)", "runs": "\(result.runs)", "log_bytes": "\(result.logBytes)"])
                }
            } catch {
                logger.error("cannot apply retention", metadata: ["workflow": "\(name)", "error": "\(error)"])
            }
        }
    }

    /// Resumes runs of newly loaded workflows that a crash or a shutdown left `interrupted`:
    /// succeeded tasks keep their state, interrupted ones run again with the next attempt number.
    func resumeInterrupted(_ group: inout DiscardingTaskGroup) async {
        guard !needsResume.isEmpty else { return }
        let names = needsResume.sorted()
        needsResume = []
        do {
            try await launcher.reapOrphans()
        } catch {
            logger.error("cannot reap orphaned runs", metadata: ["error": "\(error)"])
        }
        for name in names where workflows[name] != nil {
            do {
                for id in try await store.interruptedRuns(workflow: name, triggers: [.schedule]) {
                    do {
                        let plan = try await launcher.reopenForRetry(id)
                        logger.info("run resumed", metadata: ["workflow": "\(name)", "run": "\(id)"])
                        start(plan, trigger: .schedule, group: &group)
                    } catch {
                        logger.warning("cannot resume run", metadata: ["workflow": "\(name)", "run": "\(id)", "error": "\(error)"])
                    }
                }
            } catch {
                logger.error("cannot list interrupted runs", metadata: ["workflow": "\(name)", "error": "\(error)"])
            }
        }
    }

    /// With queue dispatch, every `adoptionInterval` (and first thing after taking the lease): takes
    /// over the scheduled runs whose coordinator died, and follows their attempts where they are.
    func adoptOrphans(_ group: inout DiscardingTaskGroup) async {
        guard case .queue(let queue) = dispatch, !workflows.isEmpty else { return }
        let now = clock.now()
        if let last = lastAdoption, now.timeIntervalSince(last) < Self.adoptionInterval { return }
        lastAdoption = now
        let adopted: [RunID]
        do {
            adopted = try await queue.adoptOrphanedRuns(workflows: workflows.keys.sorted(), triggers: [.schedule], owner: .current,
                                                        now: Timestamps.now(), staleAfter: adoptAfter, liveness: RunOwner.liveness)
        } catch {
            logger.error("cannot adopt orphaned runs", metadata: ["error": "\(error)"])
            return
        }
        for id in adopted where running[id] == nil {
            do {
                let plan = try await launcher.adoptedPlan(id, queue: queue)
                logger.info("run adopted", metadata: ["workflow": "\(plan.workflow.name)", "run": "\(id)", "in_flight": "\(plan.inFlight.count)"])
                start(plan, trigger: .schedule, group: &group)
            } catch {
                logger.warning("cannot adopt run", metadata: ["run": "\(id)", "error": "\(error)"])
            }
        }
    }

    /// How often a queue-dispatching scheduler looks for runs to adopt.
    static let adoptionInterval: TimeInterval = 5

    func start(_ plan: RunPlan, trigger: RunTrigger, group: inout DiscardingTaskGroup) {
        let signal = CancelSignal()
        running[plan.runID] = signal
        let runLogger = logger.with(["workflow": "\(plan.workflow.name)", "run": "\(plan.runID)"])
        runLogger.info("run started", metadata: ["logical_date": "\(plan.logicalDate)", "trigger": "\(trigger.rawValue)"])
        var executor = RunExecutor(store: store, registry: launcher.registry, state: state, cancelSignal: signal,
                                   observer: ExecutionLog(logger: runLogger).record)
        executor.logCopies = logCopies
        executor.dispatch = dispatch
        let runID = plan.runID
        group.addTask {
            let outcome = await executor.execute(plan)
            await self.ended(runID, outcome: outcome, logger: runLogger)
        }
    }

    func ended(_ runID: RunID, outcome: RunExecutor.Outcome, logger runLogger: Logger) {
        running[runID] = nil
        if outcome.status == .running {
            runLogger.info("run left to the next coordinator", metadata: ["reason": "\(outcome.error ?? "")"])
            wakeup.signal()
            return
        }
        var metadata: Logger.Metadata = ["status": "\(outcome.status.rawValue)"]
        if let error = outcome.error { metadata["error"] = "\(error)" }
        runLogger.log(level: outcome.status.isSuccessful ? .info : .warning, "run ended", metadata: metadata)
        wakeup.signal()
    }

    // MARK: Waiting

    /// Returns at `deadline` (never when nil) or at the next wake-up, whichever is first.
    func sleep(until deadline: Date?) async {
        let clock = self.clock
        let wakeup = self.wakeup
        await withTaskGroup(of: Void.self) { group in
            if let deadline { group.addTask { try? await clock.sleep(until: deadline) } }
            group.addTask { await wakeup.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Lets running tasks finish for the grace period, then kills them; their runs end `interrupted`.
    func drain() async {
        guard !running.isEmpty else { return }
        // On workers the attempts go on without this process: nothing to wait for.
        let immediate = shutdown.withLock { $0 } == .immediate || !dispatch.isLocal
        logger.info("draining runs", metadata: ["runs": "\(running.count)", "grace": "\(DurationText.format(grace))"])
        for signal in running.values { signal.drain() }
        let deadline = ContinuousClock.now + (immediate ? .zero : grace)
        while !running.isEmpty, ContinuousClock.now < deadline {
            let wakeup = self.wakeup
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await Task.sleep(until: deadline) }
                group.addTask { await wakeup.wait() }
                await group.next()
                group.cancelAll()
            }
        }
        if !running.isEmpty {
            logger.warning("grace period over, killing tasks", metadata: ["runs": "\(running.count)"])
            for signal in running.values { signal.cancel(.shutdown) }
        }
    }

    static func date(_ millis: EpochMillis) -> Date { Date(timeIntervalSince1970: TimeInterval(millis) / 1000) }
    static func millis(_ date: Date) -> EpochMillis { EpochMillis((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}

extension Logger {
    /// A copy with extra metadata on every entry.
    func with(_ extra: Logger.Metadata) -> Logger {
        var copy = self
        for (key, value) in extra { copy[metadataKey: key] = value }
        return copy
    }
}

/// Turns executor events into log entries with `task` and `attempt` metadata.
struct ExecutionLog: Sendable {
    let logger: Logger

    @Sendable func record(_ event: ExecutionEvent) {
        switch event {
        case .taskStarted(let task, let attempt):
            logger.info("task started", metadata: ["task": "\(task)", "attempt": "\(attempt)"])
        case .taskFinished(let task, let attempt, let state, let duration, let error):
            var metadata: Logger.Metadata = ["task": "\(task)", "attempt": "\(attempt)", "state": "\(state.rawValue)",
                                             "duration": "\(DurationText.format(duration))"]
            if let error { metadata["error"] = "\(error)" }
            logger.log(level: state == .succeeded ? .info : state == .skipped ? .debug : .warning, "task finished", metadata: metadata)
        case .taskRetrying(let task, let attempt, let delay, let error):
            logger.info("task retrying", metadata: ["task": "\(task)", "attempt": "\(attempt)", "delay": "\(DurationText.format(delay))", "error": "\(error)"])
        case .taskSettled(let task, let state):
            // A run that found nothing to do settles all its tasks skipped every few seconds: not worth a line each.
            logger.log(level: state == .skipped ? .debug : .info, "task settled", metadata: ["task": "\(task)", "state": "\(state.rawValue)"])
        case .taskNotice(let task, let message):
            logger.notice("task notice", metadata: ["task": "\(task)", "message": "\(message)"])
        case .cancelling(let reason):
            logger.warning("run stopping", metadata: ["reason": "\(reason)"])
        }
    }
}
