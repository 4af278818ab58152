import OrchestratorCore
import OrchestratorStore

/// A store for commands that only read workflow files (`validate`, `graph`): any use is a bug.
struct NoStore: RunStore {
    struct Unavailable: Error {}
    func createRun(_ run: NewRun) async throws { throw Unavailable() }
    func reopenRun(_ id: RunID, owner: RunOwner, resetting tasks: [String], now: EpochMillis) async throws { throw Unavailable() }
    func setTaskState(run: RunID, task: String, state: TaskState, error: String?, now: EpochMillis) async throws { throw Unavailable() }
    func startAttempt(run: RunID, task: String, attempt: Int, logPath: String, now: EpochMillis) async throws { throw Unavailable() }
    func finishAttempt(run: RunID, task: String, attempt: Int, status: AttemptRecord.Status, taskState: TaskState, exitCode: Int32?,
                       error: String?, outputs: [(key: String, value: String)], now: EpochMillis) async throws { throw Unavailable() }
    func finishRun(_ id: RunID, status: RunState, error: String?, now: EpochMillis) async throws { throw Unavailable() }
    func heartbeat(_ id: RunID, now: EpochMillis) async throws -> Bool { throw Unavailable() }
    func isCancelRequested(_ id: RunID) async throws -> Bool { throw Unavailable() }
    func requestCancel(_ id: RunID, now: EpochMillis) async throws -> RunState? { throw Unavailable() }
    func reapOrphans(now: EpochMillis, staleAfter: Duration, isOwnerAlive: @Sendable (RunOwner) -> Bool) async throws -> [RunID] { [] }
    func listRuns(_ filter: RunFilter) async throws -> [RunSummary] { [] }
    func runDetail(_ id: RunID) async throws -> RunDetail? { nil }
    func workflow(hash: String) async throws -> WorkflowRecord? { nil }
    func outputs(of run: RunID) async throws -> [String: [String: String]] { [:] }
}
