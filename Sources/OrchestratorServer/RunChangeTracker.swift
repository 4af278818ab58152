import OrchestratorCore
import OrchestratorStore

/// Turns successive looks at the store into run and task change events, for `GET /api/v1/events`.
///
/// It sees every process's runs, since it reads the store (not this process's executor): each
/// `poll` reads the newest runs and the active ones, and the detail of those that are active or
/// changed, and reports what differs from the previous poll. The first poll reports every run it
/// reads as it is (and the tasks of the active ones), so a page that loaded just before
/// subscribing catches up, also with a run that ended in between.
struct RunChangeTracker {
    enum Change: Equatable {
        case run(RunSummary)
        case task(run: RunID, workflow: String, task: String, state: TaskState, attempts: Int)
    }

    struct RunMark: Equatable {
        var status: RunState
        var startedAt: EpochMillis?
        var endedAt: EpochMillis?
    }

    struct TaskMark: Equatable {
        var state: TaskState
        var attempts: Int
    }

    var runs: [RunID: RunMark] = [:]
    var tasks: [RunID: [String: TaskMark]] = [:]
    var active: Set<RunID> = []
    var primed = false

    mutating func poll(_ store: any RunStore) async throws -> [Change] {
        var summaries: [RunID: RunSummary] = [:]
        for summary in try await store.listRuns(RunFilter(limit: 20)) + (try await store.activeRuns()) {
            summaries[summary.id] = summary
        }
        // Runs that were active and ended since, even if 20 newer runs pushed them off the list.
        for id in active where summaries[id] == nil {
            if let detail = try await store.runDetail(id) { summaries[id] = detail.summary }
        }
        var changes: [Change] = []
        var nowActive: Set<RunID> = []
        for summary in summaries.values.sorted(by: { ($0.queuedAt, $0.id.rawValue) < ($1.queuedAt, $1.id.rawValue) }) {
            let mark = RunMark(status: summary.status, startedAt: summary.startedAt, endedAt: summary.endedAt)
            let isActive = !summary.status.isFinished
            if isActive { nowActive.insert(summary.id) }
            let changed = runs[summary.id] != mark
            runs[summary.id] = mark
            if changed { changes.append(.run(summary)) }
            guard isActive || (changed && primed) || active.contains(summary.id) else { continue }
            guard let detail = try await store.runDetail(summary.id) else { continue }
            var known = tasks[summary.id] ?? [:]
            for task in detail.tasks {
                let taskMark = TaskMark(state: task.state, attempts: task.attempts)
                if known[task.id] != taskMark {
                    known[task.id] = taskMark
                    changes.append(.task(run: summary.id, workflow: summary.workflow, task: task.id, state: task.state, attempts: task.attempts))
                }
            }
            tasks[summary.id] = isActive ? known : nil
        }
        active = nowActive
        primed = true
        // Forget finished runs that left the newest page, so the marks stay small.
        if runs.count > 1_000 { runs = runs.filter { summaries[$0.key] != nil } }
        return changes
    }
}
