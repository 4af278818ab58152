import Synchronization
@testable import OrchestratorCore
@testable import OrchestratorStore
@testable import SQLiteStore

/// A real SQLite store that remembers every batch of transitions the engine records, and can be
/// told to fail some batches (1-based numbers), as a store that was briefly unreachable would.
final class TransitionSpyStore: RunStore {
    struct StoreGone: Error, CustomStringConvertible {
        var description: String { "the store went away" }
    }

    let base: SQLiteRunStore
    let failing: Set<Int>
    /// Every batch asked for, failed ones included, in order.
    let batches = Mutex<[[TaskTransition]]>([])

    init(_ base: SQLiteRunStore, failing: Set<Int> = []) {
        self.base = base
        self.failing = failing
    }

    func record(run: RunID, _ transitions: [TaskTransition]) async throws {
        let number = batches.withLock { $0.append(transitions); return $0.count }
        if failing.contains(number) { throw StoreGone() }
        try await base.record(run: run, transitions)
    }

    func createRun(_ run: NewRun) async throws { try await base.createRun(run) }
    func reopenRun(_ id: RunID, owner: RunOwner, resetting tasks: [String], now: EpochMillis) async throws {
        try await base.reopenRun(id, owner: owner, resetting: tasks, now: now)
    }
    func finishRun(_ id: RunID, status: RunState, error: String?, now: EpochMillis) async throws {
        try await base.finishRun(id, status: status, error: error, now: now)
    }
    func heartbeat(_ id: RunID, now: EpochMillis) async throws -> Bool { try await base.heartbeat(id, now: now) }
    func isCancelRequested(_ id: RunID) async throws -> Bool { try await base.isCancelRequested(id) }
    func requestCancel(_ id: RunID, now: EpochMillis) async throws -> RunState? { try await base.requestCancel(id, now: now) }
    func reapOrphans(now: EpochMillis, staleAfter: Duration, liveness: @Sendable (RunOwner) -> OwnerLiveness) async throws -> [RunID] {
        try await base.reapOrphans(now: now, staleAfter: staleAfter, liveness: liveness)
    }
    func listRuns(_ filter: RunFilter) async throws -> [RunSummary] { try await base.listRuns(filter) }
    func runDetail(_ id: RunID) async throws -> RunDetail? { try await base.runDetail(id) }
    func workflow(hash: String) async throws -> WorkflowRecord? { try await base.workflow(hash: hash) }
    func outputs(of run: RunID) async throws -> [String: [String: String]] { try await base.outputs(of: run) }
    func createSlotRun(_ slot: SlotRun) async throws -> Bool { try await base.createSlotRun(slot) }
    func slotRun(workflow: String, logicalDate: EpochMillis) async throws -> RunSummary? {
        try await base.slotRun(workflow: workflow, logicalDate: logicalDate)
    }
    func scheduleCursor(workflow: String) async throws -> EpochMillis? { try await base.scheduleCursor(workflow: workflow) }
    func advanceScheduleCursor(workflow: String, to fire: EpochMillis, lease: String?) async throws {
        try await base.advanceScheduleCursor(workflow: workflow, to: fire, lease: lease)
    }
    func activeRunCount(workflow: String) async throws -> Int { try await base.activeRunCount(workflow: workflow) }
    func interruptedRuns(workflow: String, triggers: [RunTrigger]) async throws -> [RunID] {
        try await base.interruptedRuns(workflow: workflow, triggers: triggers)
    }
    func activeRuns() async throws -> [RunSummary] { try await base.activeRuns() }
    func lastRun(workflow: String) async throws -> RunSummary? { try await base.lastRun(workflow: workflow) }
    func acquireLease(owner: RunOwner, token: String, now: EpochMillis, staleAfter: Duration,
                      isHolderAlive: @Sendable (RunOwner) -> Bool) async throws -> LeaseAttempt {
        try await base.acquireLease(owner: owner, token: token, now: now, staleAfter: staleAfter, isHolderAlive: isHolderAlive)
    }
    func renewLease(token: String, now: EpochMillis) async throws -> Bool { try await base.renewLease(token: token, now: now) }
    func releaseLease(token: String) async throws { try await base.releaseLease(token: token) }
    func currentLease() async throws -> SchedulerLease? { try await base.currentLease() }
    func setPaused(workflow: String, paused: Bool, now: EpochMillis) async throws -> Bool {
        try await base.setPaused(workflow: workflow, paused: paused, now: now)
    }
    func pausedWorkflows() async throws -> Set<String> { try await base.pausedWorkflows() }
    func cleanup(queuedBefore cutoff: EpochMillis?, keepNewest: Int?, workflow: String?, dryRun: Bool) async throws -> CleanupReport {
        try await base.cleanup(queuedBefore: cutoff, keepNewest: keepNewest, workflow: workflow, dryRun: dryRun)
    }
}
