import GRDB
import OrchestratorCore
import OrchestratorStore

/// A coordinator's writes, fenced by its ownership of the run, and the adoption of runs whose
/// coordinator died; each one write transaction, so an adoption and the old owner's write are
/// ordered like every other write.
extension SQLiteRunStore {
    public func record(owner: RunOwner, run: RunID, _ transitions: [TaskTransition]) async throws -> Bool {
        try write { db in
            guard try Self.owns(owner, run: run, db) else { return false }
            try Self.apply(transitions, run: run, db)
            return true
        }
    }

    public func finishRun(_ id: RunID, owner: RunOwner, status: RunState, error: String?, now: EpochMillis) async throws -> Bool {
        try write { db in
            guard try Self.owns(owner, run: id, db) else { return false }
            try db.run("UPDATE runs SET status = ?, ended_at = ?, error = ?, heartbeat_at = ? WHERE id = ?",
                       arguments: [status.rawValue, now, error, now, id.rawValue])
            return true
        }
    }

    /// Whether `owner` owns the run while it is active.
    static func owns(_ owner: RunOwner, run: RunID, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT 1 FROM runs WHERE id = ? AND status IN ('queued', 'running') AND owner_pid = ? AND owner_host = ?
            """), arguments: [run.rawValue, owner.pid, owner.host]) ?? false
    }

    public func adoptOrphanedRuns(workflows: [String], triggers: [RunTrigger], owner: RunOwner, now: EpochMillis, staleAfter: Duration,
                                  liveness: @Sendable (RunOwner) -> OwnerLiveness) async throws -> [RunID] {
        guard !workflows.isEmpty, !triggers.isEmpty else { return [] }
        return try write { db in
            let names = workflows.map { _ in "?" }.joined(separator: ", ")
            let kinds = triggers.map { _ in "?" }.joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, owner_pid, owner_host, heartbeat_at FROM runs r
                WHERE status IN ('queued', 'running') AND workflow IN (\(names)) AND trigger IN (\(kinds))
                  AND EXISTS (SELECT 1 FROM task_queue q WHERE q.run_id = r.id)
                """, arguments: StatementArguments(workflows) + StatementArguments(triggers.map(\.rawValue)))
            var adopted: [RunID] = []
            for row in rows {
                let previous = RunOwner(pid: row["owner_pid"] ?? 0, host: row["owner_host"] ?? "")
                guard previous != owner,
                      liveness(previous).isOrphaned(heartbeat: row["heartbeat_at"] ?? 0, now: now, staleAfter: staleAfter) else { continue }
                let id: String = row["id"]
                try db.run("UPDATE runs SET owner_pid = ?, owner_host = ?, heartbeat_at = ? WHERE id = ?",
                           arguments: [owner.pid, owner.host, now, id])
                adopted.append(RunID(rawValue: id))
            }
            return adopted
        }
    }
}
