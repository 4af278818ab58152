import Foundation
import GRDB
import OrchestratorStore
import OrchestratorCore

extension SQLiteRunStore {
    public func createSlotRun(_ slot: SlotRun) async throws -> Bool {
        try write { db in
            try Self.checkLease(slot.lease, db)
            let workflow = slot.run.workflow.name
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM schedule_slots WHERE workflow = ? AND logical_date = ?",
                                           arguments: [workflow, slot.logicalDate]) ?? false
            if exists { return false }
            try Self.insertRun(db, slot.run)
            try db.execute(sql: "INSERT INTO schedule_slots (workflow, logical_date, run_id, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [workflow, slot.logicalDate, slot.run.id.rawValue, slot.run.now])
            if slot.run.trigger == .schedule { try Self.advanceCursor(db, workflow: workflow, to: slot.logicalDate) }
            return true
        }
    }

    public func slotRun(workflow: String, logicalDate: EpochMillis) async throws -> RunSummary? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT runs.* FROM schedule_slots JOIN runs ON runs.id = schedule_slots.run_id
                WHERE schedule_slots.workflow = ? AND schedule_slots.logical_date = ?
                """, arguments: [workflow, logicalDate]).map(Self.summary)
        }
    }

    public func scheduleCursor(workflow: String) async throws -> EpochMillis? {
        try read { db in
            try EpochMillis.fetchOne(db, sql: "SELECT last_fire FROM schedule_cursors WHERE workflow = ?", arguments: [workflow])
        }
    }

    public func advanceScheduleCursor(workflow: String, to fire: EpochMillis, lease: String?) async throws {
        try write { db in
            try Self.checkLease(lease, db)
            try Self.advanceCursor(db, workflow: workflow, to: fire)
        }
    }

    /// Throws `leaseLost` unless `token` (when given) holds the scheduler lease; inside the write
    /// transaction, which no lease change can interleave.
    static func checkLease(_ token: String?, _ db: Database) throws {
        guard let token else { return }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM scheduler_lease WHERE id = 1 AND token = ?", arguments: [token]) ?? false else {
            throw StoreError.leaseLost
        }
    }

    static func advanceCursor(_ db: Database, workflow: String, to fire: EpochMillis) throws {
        try db.execute(sql: """
            INSERT INTO schedule_cursors (workflow, last_fire) VALUES (?, ?)
            ON CONFLICT (workflow) DO UPDATE SET last_fire = max(last_fire, excluded.last_fire)
            """, arguments: [workflow, fire])
    }

    public func activeRunCount(workflow: String) async throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM runs WHERE status IN ('queued', 'running') AND workflow = ?",
                             arguments: [workflow]) ?? 0
        }
    }

    public func interruptedRuns(workflow: String, triggers: [RunTrigger]) async throws -> [RunID] {
        try read { db in
            let marks = triggers.map { _ in "?" }.joined(separator: ", ")
            var arguments: StatementArguments = [workflow]
            for trigger in triggers { arguments += [trigger.rawValue] }
            return try String.fetchAll(db, sql: """
                SELECT id FROM runs WHERE status = 'interrupted' AND workflow = ? AND trigger IN (\(marks)) ORDER BY queued_at, id
                """, arguments: arguments).map(RunID.init(rawValue:))
        }
    }

    public func activeRuns() async throws -> [RunSummary] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE status IN ('queued', 'running')")
                .map(Self.summary).sorted { ($0.queuedAt, $0.id) > ($1.queuedAt, $1.id) }
        }
    }

    public func lastRun(workflow: String) async throws -> RunSummary? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE workflow = ? ORDER BY queued_at DESC, id DESC LIMIT 1",
                             arguments: [workflow]).map(Self.summary)
        }
    }

    // MARK: Lease

    public func acquireLease(owner: RunOwner, token: String, now: EpochMillis, staleAfter: Duration,
                             isHolderAlive: @Sendable (RunOwner) -> Bool) async throws -> LeaseAttempt {
        try write { db in
            if let holder = try Self.lease(db), holder.token != token,
               holder.heartbeatAt >= now - staleAfter.milliseconds, isHolderAlive(holder.owner) {
                return .heldBy(holder)
            }
            let lease = SchedulerLease(token: token, owner: owner, acquiredAt: now, heartbeatAt: now)
            try db.execute(sql: """
                INSERT OR REPLACE INTO scheduler_lease (id, token, pid, host, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)
                """, arguments: [token, owner.pid, owner.host, now, now])
            return .acquired(lease)
        }
    }

    public func renewLease(token: String, now: EpochMillis) async throws -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE scheduler_lease SET heartbeat_at = ? WHERE id = 1 AND token = ?", arguments: [now, token])
            return db.changesCount == 1
        }
    }

    public func releaseLease(token: String) async throws {
        try write { db in
            try db.execute(sql: "DELETE FROM scheduler_lease WHERE id = 1 AND token = ?", arguments: [token])
        }
    }

    public func currentLease() async throws -> SchedulerLease? {
        try read { db in try Self.lease(db) }
    }

    static func lease(_ db: Database) throws -> SchedulerLease? {
        try Row.fetchOne(db, sql: "SELECT * FROM scheduler_lease WHERE id = 1").map { row in
            SchedulerLease(token: row["token"], owner: RunOwner(pid: row["pid"], host: row["host"]),
                           acquiredAt: row["acquired_at"], heartbeatAt: row["heartbeat_at"])
        }
    }

    // MARK: Pause and cleanup

    public func setPaused(workflow: String, paused: Bool, now: EpochMillis) async throws -> Bool {
        try write { db in
            if paused {
                try db.execute(sql: "INSERT OR IGNORE INTO paused_workflows (workflow, paused_at) VALUES (?, ?)", arguments: [workflow, now])
            } else {
                try db.execute(sql: "DELETE FROM paused_workflows WHERE workflow = ?", arguments: [workflow])
            }
            return db.changesCount > 0
        }
    }

    public func pausedWorkflows() async throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT workflow FROM paused_workflows")) }
    }

    public func cleanup(queuedBefore cutoff: EpochMillis?, keepNewest: Int?, workflow: String?, dryRun: Bool) async throws -> CleanupReport {
        var conditions = ["status NOT IN ('queued', 'running')"]
        var arguments: StatementArguments = []
        if let workflow {
            conditions.append("workflow = ?")
            arguments += [workflow]
        }
        // A run goes when it is older than the cutoff or beyond the newest `keepNewest`.
        var limits: [String] = []
        if let cutoff {
            limits.append("queued_at < ?")
            arguments += [cutoff]
        }
        if let keepNewest {
            let scope = workflow == nil ? "" : "WHERE workflow = ?"
            limits.append("queued_at < coalesce((SELECT queued_at FROM runs \(scope) ORDER BY queued_at DESC LIMIT 1 OFFSET ?), -1)")
            if let workflow { arguments += [workflow] }
            arguments += [keepNewest - 1]
        }
        if !limits.isEmpty { conditions.append("(" + limits.joined(separator: " OR ") + ")") }
        let select = "SELECT id FROM runs WHERE \(conditions.joined(separator: " AND ")) ORDER BY queued_at"
        let finalArguments = arguments
        let body: (Database) throws -> CleanupReport = { db in
            let ids = try String.fetchAll(db, sql: select, arguments: finalArguments)
            var tasks = 0
            let count = try db.makeStatement(sql: "SELECT count(*) FROM task_instances WHERE run_id = ?")
            let delete = try db.makeStatement(sql: "DELETE FROM runs WHERE id = ?")
            for id in ids {
                tasks += try Int.fetchOne(count, arguments: [id]) ?? 0
                if !dryRun { try delete.execute(arguments: [id]) }
            }
            return CleanupReport(runs: ids.map(RunID.init(rawValue:)), taskInstances: tasks)
        }
        return dryRun ? try read(body) : try write(body)
    }
}
