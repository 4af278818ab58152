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

    public init(workflow: Workflow, states: [TaskState]? = nil) {
        dag = DAG(tasks: workflow.tasks)
        rules = workflow.tasks.map(\.triggerRule)
        self.states = states ?? Array(repeating: .pending, count: workflow.tasks.count)
    }

    /// Records a transition the executor made.
    public mutating func record(_ task: Int, _ state: TaskState) {
        states[task] = state
    }

    /// Every pending task whose upstream tasks have all finished is decided by its trigger rule.
    /// Settled tasks can decide their own downstream, so this runs to a fixed point.
    public mutating func advance() -> [Action] {
        var actions: [Action] = []
        var changed = true
        while changed {
            changed = false
            for task in states.indices where states[task] == .pending {
                let upstream = dag.upstream[task].map { states[$0] }
                guard upstream.allSatisfy(\.isFinished) else { continue }
                switch rules[task].decide(upstream: upstream) {
                case .run:
                    states[task] = .queued
                    actions.append(.queue(task))
                case .skip:
                    states[task] = .skipped
                    actions.append(.settle(task, .skipped))
                    changed = true
                case .upstreamFailed:
                    states[task] = .upstreamFailed
                    actions.append(.settle(task, .upstreamFailed))
                    changed = true
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
        return .succeeded
    }

    /// The tasks `orchestrator retry` resets to pending: retryable ones and every unfinished or
    /// retryable task downstream of them. Succeeded tasks keep their state.
    public func tasksToRetry() -> [Int] {
        let seeds = Set(states.indices.filter { states[$0].isRetryable || !states[$0].isFinished })
        return dag.descendants(including: seeds).filter { states[$0] != .succeeded }.sorted()
    }
}
