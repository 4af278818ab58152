import Foundation
import OrchestratorCore
import OrchestratorStore

/// Turns a workflow file (or an existing run) into a `RunPlan` recorded in the store.
/// Shared by `run`, `retry`, and later the scheduler.
public struct RunLauncher: Sendable {
    public let store: any RunStore
    public let registry: TaskRegistry

    public init(store: any RunStore, registry: TaskRegistry) {
        self.store = store
        self.registry = registry
    }

    public enum LaunchError: LocalizedError {
        case unknownParam(name: String, workflow: String, known: [String])
        case nothingToRetry(RunID, RunState)
        case storedWorkflowMissing(RunID, hash: String)
        case badParams(TemplateError)

        public var errorDescription: String? {
            switch self {
            case .unknownParam(let name, let workflow, let known):
                "unknown param '\(name)' for workflow '\(workflow)'\(Suggestion.hint(for: name, in: known)) (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
            case .nothingToRetry(let run, let status):
                "run '\(run)' is \(status.rawValue); only finished runs with failed, cancelled or interrupted tasks can be retried"
            case .badParams(let error):
                "bad params: \(error)"
            case .storedWorkflowMissing(let run, let hash):
                "the workflow definition \(hash) of run '\(run)' is missing from the state database"
            }
        }
    }

    /// The workflow's params with `overrides` applied; unknown names are an error.
    public static func resolveParams(_ workflow: Workflow, overrides: [(String, String)]) throws -> [String: String] {
        var params = Dictionary(workflow.params.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        let known = workflow.params.map(\.name)
        for (name, value) in overrides {
            guard params[name] != nil else { throw LaunchError.unknownParam(name: name, workflow: workflow.name, known: known) }
            params[name] = value
        }
        return params
    }

    /// `params` with the templates in their values filled in (`${params.X}`, `${env.X}`, `${run.*}`),
    /// as they are recorded with the run; a cycle or a task reference is an error.
    static func expandParams(_ params: [String: String], runID: RunID, logicalDate: String,
                             interval: (start: String, end: String)?) throws -> [String: String] {
        let environment = ProcessInfo.processInfo.environment
        do {
            return try ParamExpander.expand(params) { reference in
                switch reference {
                case .env(let name): environment[name]
                case .run(.id): runID.rawValue
                case .run(.logicalDate): logicalDate
                case .run(.intervalStart): interval?.start ?? logicalDate
                case .run(.intervalEnd): interval?.end ?? logicalDate
                case .param, .task, .output: nil
                }
            }
        } catch {
            throw LaunchError.badParams(error)
        }
    }

    /// Records a new run of `workflow` and returns its plan.
    public func createRun(_ workflow: Workflow, record: WorkflowRecord, params: [String: String], trigger: RunTrigger = .manual,
                          logicalDate: String? = nil, id: RunID? = nil) async throws -> RunPlan {
        let now = Timestamps.now()
        let runID = id ?? RunID.generate(milliseconds: UInt64(now))
        let date = logicalDate ?? String(Timestamps.iso8601(now).prefix(10))
        let params = try Self.expandParams(params, runID: runID, logicalDate: date, interval: nil)
        try await store.createRun(NewRun(id: runID, workflow: record, trigger: trigger, logicalDate: date, params: params,
                                         taskIDs: workflow.tasks.map(\.id), owner: .current, now: now))
        return RunPlan(runID: runID, workflow: workflow, params: params, logicalDate: date)
    }

    /// Takes over a finished run for `orchestrator retry`: resets its failed, cancelled and
    /// interrupted tasks and what depends on them; succeeded tasks keep state and outputs.
    public func reopenForRetry(_ runID: RunID) async throws -> RunPlan {
        try await reapOrphans()
        guard let detail = try await store.runDetail(runID) else { throw StoreError.unknownRun(runID.rawValue) }
        guard detail.summary.status.isFinished else {
            let owner = detail.owner.map { "pid \($0.pid) on \($0.host)" } ?? "another process"
            throw StoreError.runIsActive(runID.rawValue, owner: owner)
        }
        guard let record = try await store.workflow(hash: detail.workflowHash) else {
            throw LaunchError.storedWorkflowMissing(runID, hash: detail.workflowHash)
        }
        let workflow = try WorkflowLoader.load(text: record.yaml, file: record.file, catalog: registry.catalog).get()
        let byID = Dictionary(detail.tasks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var states = workflow.tasks.map { byID[$0.id]?.state ?? .pending }
        let machine = RunStateMachine(workflow: workflow, states: states)
        let reset = machine.tasksToRetry()
        guard !reset.isEmpty else { throw LaunchError.nothingToRetry(runID, detail.summary.status) }
        for task in reset { states[task] = .pending }
        try await store.reopenRun(runID, owner: .current, resetting: reset.map { workflow.tasks[$0].id }, now: Timestamps.now())
        let outputs = try await store.outputs(of: runID)
        return RunPlan(runID: runID, workflow: workflow, params: detail.params, logicalDate: detail.summary.logicalDate,
                       states: states, outputs: outputs, attempts: workflow.tasks.map { byID[$0.id]?.attempts ?? 0 },
                       interval: detail.summary.interval)
    }

    /// The plan of a run this process adopted from a coordinator that died (`TaskQueue.adoptOrphanedRuns`):
    /// a task whose latest attempt is on the queue (waiting, claimed, or ended but not yet seen) is
    /// followed (`RunPlan.inFlight`); one recorded queued with nothing on the queue starts afresh;
    /// finished tasks keep their state and outputs.
    public func adoptedPlan(_ runID: RunID, queue: any TaskQueue) async throws -> RunPlan {
        guard let detail = try await store.runDetail(runID) else { throw StoreError.unknownRun(runID.rawValue) }
        guard let record = try await store.workflow(hash: detail.workflowHash) else {
            throw LaunchError.storedWorkflowMissing(runID, hash: detail.workflowHash)
        }
        let workflow = try WorkflowLoader.load(text: record.yaml, file: record.file, catalog: registry.catalog).get()
        let byID = Dictionary(detail.tasks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var latest: [String: Int] = [:]
        for entry in try await queue.queueEntries(run: runID) {
            latest[entry.item.task] = max(latest[entry.item.task] ?? 0, entry.item.attempt)
        }
        var states = workflow.tasks.map { byID[$0.id]?.state ?? .pending }
        var attempts = workflow.tasks.map { byID[$0.id]?.attempts ?? 0 }
        var inFlight: [Int] = []
        for (index, task) in workflow.tasks.enumerated() {
            switch states[index] {
            case .queued, .running, .upForRetry, .interrupted:
                if let attempt = latest[task.id], attempt >= attempts[index] {
                    states[index] = .running
                    attempts[index] = attempt - 1
                    inFlight.append(index)
                } else {
                    states[index] = .pending
                }
            default:
                break
            }
        }
        var plan = RunPlan(runID: runID, workflow: workflow, params: detail.params, logicalDate: detail.summary.logicalDate,
                           states: states, outputs: try await store.outputs(of: runID), attempts: attempts, interval: detail.summary.interval)
        plan.inFlight = inFlight
        return plan
    }

    /// Records the run of a schedule slot, with the slot, in one transaction. Returns nil when the
    /// slot already has a run. The run id is derived from the workflow and the logical date, so
    /// the same slot always names the same run. With `lease`, fenced by the scheduler lease
    /// (`SlotRun.lease`).
    public func createSlotRun(_ workflow: Workflow, record: WorkflowRecord, slot: ScheduleSlot,
                              trigger: RunTrigger, lease: String? = nil) async throws -> RunPlan? {
        let now = Timestamps.now()
        let fire = EpochMillis(slot.fireDate.timeIntervalSince1970 * 1000)
        let logicalDate = Timestamps.iso8601Seconds(fire)
        let interval = (start: Timestamps.iso8601Seconds(EpochMillis(slot.dataIntervalStart.timeIntervalSince1970 * 1000)), end: logicalDate)
        let runID = Self.slotRunID(workflow: workflow.name, fire: fire)
        let params = try Self.expandParams(try Self.resolveParams(workflow, overrides: []), runID: runID,
                                           logicalDate: logicalDate, interval: interval)
        let run = NewRun(id: runID, workflow: record, trigger: trigger, logicalDate: logicalDate, params: params,
                         taskIDs: workflow.tasks.map(\.id), owner: .current, now: now, interval: interval)
        guard try await store.createSlotRun(SlotRun(run: run, logicalDate: fire, lease: lease)) else { return nil }
        return RunPlan(runID: runID, workflow: workflow, params: params, logicalDate: logicalDate, interval: interval)
    }

    /// `WORKFLOW-YYYYMMDDTHHMMSSZ`: the id of the run of the slot firing at `fire`.
    public static func slotRunID(workflow: String, fire: EpochMillis) -> RunID {
        let compact = Timestamps.iso8601Seconds(fire).filter { $0 != "-" && $0 != ":" }
        return RunID.derived(prefix: workflow, key: compact)
    }

    /// Marks runs whose owning process is gone as interrupted.
    public func reapOrphans() async throws {
        try await store.reapOrphans(now: Timestamps.now(), staleAfter: .seconds(60), liveness: RunOwner.liveness)
    }
}

extension RunOwner {
    /// This process on this host.
    public static var current: RunOwner {
        RunOwner(pid: getpid(), host: hostName)
    }

    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(cString: buffer)
    }()

    /// False only when the owner is on this host and its pid no longer exists. Owners on other
    /// hosts count as alive; their heartbeat going stale is what reaps them.
    @Sendable public static func isAlive(_ owner: RunOwner) -> Bool {
        liveness(owner) != .dead
    }

    /// Whether the owner's process exists, judged by its pid when it is on this host.
    @Sendable public static func liveness(_ owner: RunOwner) -> OwnerLiveness {
        guard owner.host == hostName, owner.pid > 0 else { return .unknown }
        return kill(owner.pid, 0) == 0 || errno == EPERM ? .alive : .dead
    }
}
