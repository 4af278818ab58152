import OrchestratorCore
import OrchestratorStore
import PostgresNIO

extension PostgresRunStore {
    /// The slot row goes in first: a second creator of the same slot waits on its key until the
    /// first commits, then finds it taken and changes nothing.
    public func createSlotRun(_ slot: SlotRun) async throws -> Bool {
        try await write { transaction in
            try await Self.checkLease(slot.lease, transaction)
            let workflow = slot.run.workflow.name
            // No conflict target: contenders for one slot name its run by the same derived id, and a
            // racing insert may meet the run_id key before the slot's own; either means taken.
            let claimed = try await transaction.rows("""
                INSERT INTO schedule_slots (workflow, logical_date, run_id, created_at)
                VALUES (\(workflow), \(slot.logicalDate), \(slot.run.id.rawValue), \(slot.run.now))
                ON CONFLICT DO NOTHING RETURNING 1
                """)
            guard !claimed.isEmpty else { return false }
            try await Self.insertRun(transaction, slot.run)
            if slot.run.trigger == .schedule { try await transaction.rows(Self.advanceCursor(workflow: workflow, to: slot.logicalDate)) }
            return true
        }
    }

    public func slotRun(workflow: String, logicalDate: EpochMillis) async throws -> RunSummary? {
        try await statement("""
            SELECT runs.* FROM schedule_slots JOIN runs ON runs.id = schedule_slots.run_id
            WHERE schedule_slots.workflow = \(workflow) AND schedule_slots.logical_date = \(logicalDate)
            """).first.map(Self.summary)
    }

    public func scheduleCursor(workflow: String) async throws -> EpochMillis? {
        try await statement("SELECT last_fire FROM schedule_cursors WHERE workflow = \(workflow)").first?[0].decode(EpochMillis.self)
    }

    public func advanceScheduleCursor(workflow: String, to fire: EpochMillis, lease: String?) async throws {
        guard lease != nil else {
            try await statement(Self.advanceCursor(workflow: workflow, to: fire))
            return
        }
        try await write { transaction in
            try await Self.checkLease(lease, transaction)
            try await transaction.rows(Self.advanceCursor(workflow: workflow, to: fire))
        }
    }

    /// Throws `leaseLost` unless `token` (when given) holds the scheduler lease. The lease row stays
    /// share-locked to the end of the transaction, so no scheduler takes the lease meanwhile.
    static func checkLease(_ token: String?, _ transaction: PostgresTransaction) async throws {
        guard let token else { return }
        guard try await !transaction.rows("SELECT 1 FROM scheduler_lease WHERE id = 1 AND token = \(token) FOR SHARE").isEmpty else {
            throw StoreError.leaseLost
        }
    }

    static func advanceCursor(workflow: String, to fire: EpochMillis) -> PostgresQuery {
        """
        INSERT INTO schedule_cursors (workflow, last_fire) VALUES (\(workflow), \(fire))
        ON CONFLICT (workflow) DO UPDATE SET last_fire = greatest(schedule_cursors.last_fire, excluded.last_fire)
        """
    }

    public func activeRunCount(workflow: String) async throws -> Int {
        let rows = try await statement("SELECT count(*) FROM runs WHERE status IN ('queued', 'running') AND workflow = \(workflow)")
        return try rows.first?[0].decode(Int.self) ?? 0
    }

    public func interruptedRuns(workflow: String, triggers: [RunTrigger]) async throws -> [RunID] {
        try await statement("""
            SELECT id FROM runs WHERE status = 'interrupted' AND workflow = \(workflow) AND trigger = ANY(\(triggers.map(\.rawValue)))
            ORDER BY queued_at, id
            """).map { RunID(rawValue: try $0[0].decode(String.self)) }
    }

    public func activeRuns() async throws -> [RunSummary] {
        try await statement("SELECT * FROM runs WHERE status IN ('queued', 'running') ORDER BY queued_at DESC, id DESC").map(Self.summary)
    }

    public func lastRun(workflow: String) async throws -> RunSummary? {
        try await statement("SELECT * FROM runs WHERE workflow = \(workflow) ORDER BY queued_at DESC, id DESC LIMIT 1").first.map(Self.summary)
    }

    // MARK: Lease

    /// The holder is judged (`isHolderAlive`) outside the transaction; the transaction, under the
    /// lease lock, goes ahead only when the lease is still the one judged, else judges again.
    public func acquireLease(owner: RunOwner, token: String, now: EpochMillis, staleAfter: Duration,
                             isHolderAlive: @Sendable (RunOwner) -> Bool) async throws -> LeaseAttempt {
        let fresh = now - staleAfter.milliseconds
        var judged = try await currentLease()
        while true {
            let blocking = judged.map { $0.token != token && $0.heartbeatAt >= fresh && isHolderAlive($0.owner) } ?? false
            let seen = judged
            let outcome: LeaseAttempt? = try await write { transaction in
                try await transaction.rows("SELECT pg_advisory_xact_lock(\(AdvisoryLock.schedulerLease.rawValue))")
                let holder = try await Self.lease(transaction.rows(Self.leaseQuery).first)
                guard holder == seen else { return nil }
                if let holder, blocking { return .heldBy(holder) }
                try await transaction.rows("""
                    INSERT INTO scheduler_lease (id, token, pid, host, acquired_at, heartbeat_at) VALUES (1, \(token), \(owner.pid), \(owner.host), \(now), \(now))
                    ON CONFLICT (id) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host,
                           acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at
                    """)
                return .acquired(SchedulerLease(token: token, owner: owner, acquiredAt: now, heartbeatAt: now))
            }
            if let outcome { return outcome }
            judged = try await currentLease()
        }
    }

    public func renewLease(token: String, now: EpochMillis) async throws -> Bool {
        try await !statement("UPDATE scheduler_lease SET heartbeat_at = \(now) WHERE id = 1 AND token = \(token) RETURNING 1").isEmpty
    }

    public func releaseLease(token: String) async throws {
        try await statement("DELETE FROM scheduler_lease WHERE id = 1 AND token = \(token)")
    }

    public func currentLease() async throws -> SchedulerLease? {
        try Self.lease(try await statement(Self.leaseQuery).first)
    }

    static let leaseQuery: PostgresQuery = "SELECT token, pid, host, acquired_at, heartbeat_at FROM scheduler_lease WHERE id = 1"

    static func lease(_ row: PostgresRandomAccessRow?) throws -> SchedulerLease? {
        try row.map { row in
            SchedulerLease(token: try row.value("token"), owner: RunOwner(pid: try row.value("pid"), host: try row.value("host")),
                           acquiredAt: try row.value("acquired_at"), heartbeatAt: try row.value("heartbeat_at"))
        }
    }

    // MARK: Pause and cleanup

    public func setPaused(workflow: String, paused: Bool, now: EpochMillis) async throws -> Bool {
        let changed = paused
            ? try await statement("INSERT INTO paused_workflows (workflow, paused_at) VALUES (\(workflow), \(now)) ON CONFLICT DO NOTHING RETURNING 1")
            : try await statement("DELETE FROM paused_workflows WHERE workflow = \(workflow) RETURNING 1")
        return !changed.isEmpty
    }

    public func pausedWorkflows() async throws -> Set<String> {
        Set(try await statement("SELECT workflow FROM paused_workflows").map { try $0[0].decode(String.self) })
    }

    /// A real cleanup locks the runs it picked (`FOR UPDATE`), so a concurrent `reopenRun` either
    /// waits and then finds the run gone, or wins and the run (active again) is not picked.
    public func cleanup(queuedBefore cutoff: EpochMillis?, keepNewest: Int?, workflow: String?, dryRun: Bool) async throws -> CleanupReport {
        var parameters = PostgresParameters()
        var conditions = ["status NOT IN ('queued', 'running')"]
        if let workflow { conditions.append("workflow = \(parameters.bind(workflow))") }
        // A run goes when it is older than the cutoff or beyond the newest `keepNewest`.
        var limits: [String] = []
        if let cutoff { limits.append("queued_at < \(parameters.bind(cutoff))") }
        if let keepNewest {
            let scope = workflow.map { "WHERE workflow = \(parameters.bind($0))" } ?? ""
            // SQLite reads a negative OFFSET as 0; PostgreSQL refuses one.
            let offset = parameters.bind(max(keepNewest, 1) - 1)
            limits.append("queued_at < coalesce((SELECT queued_at FROM runs \(scope) ORDER BY queued_at DESC LIMIT 1 OFFSET \(offset)), -1)")
        }
        if !limits.isEmpty { conditions.append("(" + limits.joined(separator: " OR ") + ")") }
        let select = parameters.query("""
            SELECT id FROM runs WHERE \(conditions.joined(separator: " AND ")) ORDER BY queued_at, id\(dryRun ? "" : " FOR UPDATE")
            """)
        let body: @Sendable (PostgresTransaction) async throws -> CleanupReport = { transaction in
            let ids = try await transaction.rows(select).map { try $0[0].decode(String.self) }
            guard !ids.isEmpty else { return CleanupReport(runs: [], taskInstances: 0) }
            let tasks = try await transaction.value("SELECT count(*) FROM task_instances WHERE run_id = ANY(\(ids))", as: Int.self) ?? 0
            if !dryRun { try await transaction.rows("DELETE FROM runs WHERE id = ANY(\(ids))") }
            return CleanupReport(runs: ids.map(RunID.init(rawValue:)), taskInstances: tasks)
        }
        return dryRun ? try await read(body) : try await write(body)
    }
}
