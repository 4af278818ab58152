import OrchestratorCore
import OrchestratorStore
import PostgresNIO

/// A coordinator's writes, fenced by its ownership of the run, and the adoption of runs whose
/// coordinator died. A fenced write is one statement that locks the run's row and an adoption
/// compares and sets the owner, so the two are ordered: whichever comes second sees who owns the run.
extension PostgresRunStore {
    public func record(owner: RunOwner, run: RunID, _ transitions: [TaskTransition]) async throws -> Bool {
        try await guardedRecord(transitions, run: run, guard: .owner(owner))
    }

    public func finishRun(_ id: RunID, owner: RunOwner, status: RunState, error: String?, now: EpochMillis) async throws -> Bool {
        try await !statement("""
            UPDATE runs SET status = \(status.rawValue), ended_at = \(now), error = \(error), heartbeat_at = \(now)
            WHERE id = \(id.rawValue) AND status IN ('queued', 'running') AND owner_pid = \(owner.pid) AND owner_host = \(owner.host)
            RETURNING 1
            """).isEmpty
    }

    public func adoptOrphanedRuns(workflows: [String], triggers: [RunTrigger], owner: RunOwner, now: EpochMillis, staleAfter: Duration,
                                  liveness: @Sendable (RunOwner) -> OwnerLiveness) async throws -> [RunID] {
        guard !workflows.isEmpty, !triggers.isEmpty else { return [] }
        let candidates = try await statement("""
            SELECT id, owner_pid, owner_host, heartbeat_at FROM runs r
            WHERE status IN ('queued', 'running') AND workflow = ANY(\(workflows)::text[]) AND trigger = ANY(\(triggers.map(\.rawValue))::text[])
              AND EXISTS (SELECT 1 FROM task_queue q WHERE q.run_id = r.id)
            """).compactMap { row -> (id: String, pid: Int32?, host: String?, heartbeat: EpochMillis?)? in
            let run: (id: String, pid: Int32?, host: String?, heartbeat: EpochMillis?) =
                (try row.value("id"), try row.value("owner_pid"), try row.value("owner_host"), try row.value("heartbeat_at"))
            let previous = RunOwner(pid: run.pid ?? 0, host: run.host ?? "")
            guard previous != owner, liveness(previous).isOrphaned(heartbeat: run.heartbeat ?? 0, now: now, staleAfter: staleAfter) else { return nil }
            return run
        }
        guard !candidates.isEmpty else { return [] }
        return try await write { transaction in
            var adopted: [RunID] = []
            for run in candidates {
                let taken = try await transaction.rows("""
                    UPDATE runs SET owner_pid = \(owner.pid), owner_host = \(owner.host), heartbeat_at = \(now)
                    WHERE id = \(run.id) AND status IN ('queued', 'running') AND owner_pid IS NOT DISTINCT FROM \(run.pid)
                      AND owner_host IS NOT DISTINCT FROM \(run.host) AND heartbeat_at IS NOT DISTINCT FROM \(run.heartbeat)
                    RETURNING id
                    """)
                if !taken.isEmpty { adopted.append(RunID(rawValue: run.id)) }
            }
            return adopted
        }
    }
}
