import OrchestratorCore
import OrchestratorStore

/// The runs the store tests create: workflow `w` with tasks a, b, c unless told otherwise.
enum Sample {
    static let owner = RunOwner(pid: 4242, host: "host-a")

    static func workflow(_ name: String) -> WorkflowRecord {
        WorkflowRecord(name: name, hash: "hash-\(name)", file: "\(name).yaml", yaml: "name: \(name)\ntasks: []\n")
    }

    static func run(_ id: String, workflow: String = "w", tasks: [String] = ["a", "b", "c"], trigger: RunTrigger = .manual,
                    at now: EpochMillis = 1_000, owner: RunOwner = owner, params: [String: String] = [:],
                    interval: (start: String, end: String)? = nil) -> NewRun {
        NewRun(id: RunID(rawValue: id), workflow: self.workflow(workflow), trigger: trigger, logicalDate: Timestamps.iso8601Seconds(now),
               params: params, taskIDs: tasks, owner: owner, now: now, interval: interval)
    }

    /// Creates a run and, unless `status` is `running`, sets its status as `finishRun` would at `at + 1`.
    static func create(_ store: any RunStore, _ id: String, workflow: String = "w", at now: EpochMillis, status: RunState = .running,
                       trigger: RunTrigger = .manual, tasks: [String] = ["a", "b", "c"]) async throws {
        try await store.createRun(run(id, workflow: workflow, tasks: tasks, trigger: trigger, at: now))
        if status != .running { try await store.finishRun(RunID(rawValue: id), status: status, error: nil, now: now + 1) }
    }

    /// The task's record in the run's detail.
    static func task(_ store: any RunStore, _ run: RunID, _ task: String) async throws -> TaskRecord? {
        try await store.runDetail(run)?.tasks.first { $0.id == task }
    }

    /// The ids of `runs`, as text.
    static func ids(_ runs: [RunSummary]) -> [String] { runs.map(\.id.rawValue) }
}
