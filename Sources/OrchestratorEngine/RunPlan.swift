import OrchestratorCore
import OrchestratorStore

/// A run ready to execute: a new one, or an existing one being retried.
public struct RunPlan: Sendable {
    public var runID: RunID
    public var workflow: Workflow
    public var params: [String: String]
    public var logicalDate: String
    /// Task states to start from, in workflow order (all pending for a new run).
    public var states: [TaskState]
    /// Outputs already published by earlier attempts (kept across `retry`).
    public var outputs: [String: [String: String]]
    /// Attempts already made per task, so numbering continues across `retry`.
    public var attempts: [Int]
    /// The data interval of a scheduled or backfilled run (ISO 8601 instants); nil for manual runs,
    /// whose `${run.interval_start}` and `${run.interval_end}` are the logical date.
    public var interval: (start: String, end: String)?
    /// Tasks (indices) whose next attempt is already on the queue, in the hands of workers: a
    /// coordinator that adopted the run follows them instead of starting them. Their state is
    /// `running` and `attempts` counts the attempts before the queued one.
    public var inFlight: [Int] = []

    public init(runID: RunID, workflow: Workflow, params: [String: String], logicalDate: String,
                states: [TaskState]? = nil, outputs: [String: [String: String]] = [:], attempts: [Int]? = nil,
                interval: (start: String, end: String)? = nil) {
        self.interval = interval
        self.runID = runID
        self.workflow = workflow
        self.params = params
        self.logicalDate = logicalDate
        self.states = states ?? Array(repeating: .pending, count: workflow.tasks.count)
        self.outputs = outputs
        self.attempts = attempts ?? Array(repeating: 0, count: workflow.tasks.count)
    }
}

extension RunPlan {
    /// `text` with the references known when the run has ended: `${params.KEY}`, `${run.id}`,
    /// `${env.KEY}` (from `environment`); any other reference gives the logical date. Used for hooks
    /// and the scratch folder.
    func renderEndTemplate(_ text: String, environment: [String: String]) throws -> String {
        try Template.render(text) { reference in
            switch reference {
            case .param(let key): params[key]
            case .run(.id): runID.rawValue
            case .env(let key): environment[key]
            default: logicalDate
            }
        }
    }
}
