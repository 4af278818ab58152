/// Decides, without I/O, what happens next in a run: which tasks become ready, which are
/// skipped or marked upstream_failed, and how the run ends.
///
/// The executor reports every task transition with `record(_:_:)` and asks `advance()` for the
/// actions to carry out; it persists each action before acting on it.
public struct RunStateMachine: Sendable {
    public enum Action: Sendable, Equatable {
        /// The task's upstream tasks allow it to run: queue it.
        case queue(Int)
        /// The task will not run; record it in this final state.
        case settle(Int, TaskState)
    }

    public let dag: DAG
    let rules: [TriggerRule]
    public private(set) var states: [TaskState]
    /// Upstream tasks of each task that have not finished yet.
    var unfinishedUpstream: [Int]
    /// Pending tasks whose upstream tasks have all finished, waiting for `advance()`.
    var decidable: [Int]

    public init(workflow: Workflow, states: [TaskState]? = nil) {
        dag = DAG(tasks: workflow.tasks)
        rules = workflow.tasks.map(\.triggerRule)
        let initial = states ?? Array(repeating: .pending, count: workflow.tasks.count)
        self.states = initial
        let unfinished = dag.upstream.map { upstream in upstream.filter { !initial[$0].isFinished }.count }
        unfinishedUpstream = unfinished
        decidable = initial.indices.filter { initial[$0] == .pending && unfinished[$0] == 0 }
    }

    /// Records a transition the executor made.
    public mutating func record(_ task: Int, _ state: TaskState) {
        let wasFinished = states[task].isFinished
        states[task] = state
        guard state.isFinished, !wasFinished else { return }
        for child in dag.downstream[task] {
            unfinishedUpstream[child] -= 1
            if unfinishedUpstream[child] == 0 && states[child] == .pending { decidable.append(child) }
        }
    }

    /// Every pending task whose upstream tasks have all finished is decided by its trigger rule,
    /// in workflow order. Settled tasks can decide their own downstream, so this runs to a fixed
    /// point. Costs O(tasks decided + their edges), not O(all tasks).
    public mutating func advance() -> [Action] {
        var actions: [Action] = []
        while !decidable.isEmpty {
            let batch = decidable.sorted()
            decidable.removeAll()
            for task in batch where states[task] == .pending {
                let upstream = dag.upstream[task].map { states[$0] }
                switch rules[task].decide(upstream: upstream) {
                case .run:
                    record(task, .queued)
                    actions.append(.queue(task))
                case .skip:
                    record(task, .skipped)
                    actions.append(.settle(task, .skipped))
                case .upstreamFailed:
                    record(task, .upstreamFailed)
                    actions.append(.settle(task, .upstreamFailed))
                }
            }
        }
        return actions
    }

    /// Marks every task that has not started as cancelled and returns those tasks.
    public mutating func cancelPending() -> [Int] {
        let pending = states.indices.filter { states[$0] == .pending || states[$0] == .queued || states[$0] == .upForRetry }
        for task in pending { states[task] = .cancelled }
        return pending
    }

    /// True when no task will change state again.
    public var isFinished: Bool { states.allSatisfy(\.isFinished) }

    /// The run's final state once `isFinished`.
    public var outcome: RunState {
        if states.contains(.cancelled) { return .cancelled }
        if states.contains(where: { $0 == .failed || $0 == .upstreamFailed || $0 == .interrupted }) { return .failed }
        if !states.isEmpty, states.allSatisfy({ $0 == .skipped }) { return .skipped }
        return .succeeded
    }

    /// The tasks `orchestrator retry` resets to pending: retryable ones and every unfinished or
    /// retryable task downstream of them. Succeeded tasks keep their state.
    public func tasksToRetry() -> [Int] {
        let seeds = Set(states.indices.filter { states[$0].isRetryable || !states[$0].isFinished })
        return dag.descendants(including: seeds).filter { states[$0] != .succeeded }.sorted()
    }
}
