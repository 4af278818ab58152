import Foundation
import GRDB
import OrchestratorStore
import OrchestratorCore

/// The run store on one SQLite file in WAL mode: one writer, many concurrent readers.
///
/// `synchronous=NORMAL`: every transition is committed to the WAL before the next action, so a
/// killed process loses nothing; only an OS crash or power loss can drop the last commits.
public final class SQLiteRunStore: RunStore {
    let writer: DatabasePool
    public let path: String

    /// Opens (creating when missing) the database at `path` and applies pending migrations.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.run( "PRAGMA synchronous = NORMAL")
        }
        writer = try Self.openAndMigrate(path: path, configuration: configuration)
    }

    /// Opens the pool and applies pending migrations. Processes that open a new database at the same
    /// moment (a daemon and a `runs list`) race to switch it to WAL and to migrate it; the loser gets
    /// SQLITE_BUSY, finds a table already created, or records a migration the winner has just
    /// recorded (a UNIQUE failure in grdb_migrations), so it tries again (for up to about 2 s), and
    /// then sees the winner's work.
    static func openAndMigrate(path: String, configuration: Configuration) throws -> DatabasePool {
        let migrator = StoreSchema.migrator
        var attempt = 0
        while true {
            attempt += 1
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
                if superseded { throw StoreError.newerSchema(path: path) }
                try migrator.migrate(pool)
                return pool
            } catch let error as DatabaseError
                        where attempt < 100 && ([.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_ERROR].contains(error.resultCode)
                            || (error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("grdb_migrations"))) {
                usleep(20_000)
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.cannotOpen(path: path, reason: "\(error)")
            }
        }
    }

    /// Opens the database of a state folder, creating the folder when needed.
    public convenience init(state: StateDirectory) throws {
        try state.prepare()
        try self.init(path: state.databasePath)
    }

    /// A write transaction. Synchronous on purpose: it must commit even when the calling Swift
    /// task is cancelled (a cancelled run still records that its tasks were cancelled).
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write(body)
    }

    /// A read that runs beside the writer (WAL), never waiting for it.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    public func createRun(_ run: NewRun) async throws {
        try write { db in try Self.insertRun(db, run) }
    }

    static func insertRun(_ db: Database, _ run: NewRun) throws {
        let params = String(decoding: try JSONEncoder.sorted.encode(run.params), as: UTF8.self)
        try db.run( "INSERT OR IGNORE INTO workflows (hash, name, file, yaml, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [run.workflow.hash, run.workflow.name, run.workflow.file, run.workflow.yaml, run.now])
        try db.run( """
            INSERT INTO runs (id, workflow, workflow_hash, status, trigger, logical_date, params, queued_at, started_at,
                              owner_pid, owner_host, heartbeat_at, interval_start, interval_end)
            VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [run.id.rawValue, run.workflow.name, run.workflow.hash, run.trigger.rawValue, run.logicalDate,
                             params, run.now, run.now, run.owner.pid, run.owner.host, run.now, run.interval?.start, run.interval?.end])
        let insert = try db.makeStatement(sql: "INSERT INTO task_instances (run_id, task_id, position, state) VALUES (?, ?, ?, 'pending')")
        for (position, task) in run.taskIDs.enumerated() {
            try insert.execute(arguments: [run.id.rawValue, task, position])
        }
    }

    public func reopenRun(_ id: RunID, owner: RunOwner, resetting tasks: [String], now: EpochMillis) async throws {
        try write { db in
            try db.run( """
                UPDATE runs SET status = 'running', trigger = trigger, ended_at = NULL, error = NULL, cancel_requested = 0,
                                owner_pid = ?, owner_host = ?, heartbeat_at = ?
                WHERE id = ? AND status IN ('succeeded', 'failed', 'cancelled', 'skipped', 'interrupted')
                """, arguments: [owner.pid, owner.host, now, id.rawValue])
            guard db.changesCount == 1 else {
                // Another process took the run over between our check and this write.
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [id.rawValue]) != nil else {
                    throw StoreError.unknownRun(id.rawValue)
                }
                throw StoreError.runIsActive(id.rawValue, owner: "another process")
            }
            let reset = try db.makeStatement(sql: """
                UPDATE task_instances SET state = 'pending', started_at = NULL, ended_at = NULL, exit_code = NULL, error = NULL
                WHERE run_id = ? AND task_id = ?
                """)
            let clear = try db.makeStatement(sql: "DELETE FROM outputs WHERE run_id = ? AND task_id = ?")
            // Their ended queue entries go too, so a retry on workers queues its attempts afresh.
            let unqueue = try db.makeStatement(sql: "DELETE FROM task_queue WHERE run_id = ? AND task_id = ? AND state <> 'claimed'")
            for task in tasks {
                try reset.execute(arguments: [id.rawValue, task])
                try clear.execute(arguments: [id.rawValue, task])
                try unqueue.execute(arguments: [id.rawValue, task])
            }
        }
    }

    public func record(run: RunID, _ transitions: [TaskTransition]) async throws {
        guard !transitions.isEmpty else { return }
        try write { db in try Self.apply(transitions, run: run, db) }
    }

    /// Records `transitions` inside the caller's transaction: the one code path of `record(run:_:)`
    /// and of the queue's fenced writes.
    static func apply(_ transitions: [TaskTransition], run: RunID, _ db: Database) throws {
        for transition in transitions {
            try apply(transition, run: run.rawValue, db)
        }
    }

    static func apply(_ transition: TaskTransition, run: String, _ db: Database) throws {
        switch transition {
        case .state(let task, let state, let error, let now):
            let ended: EpochMillis? = state.isFinished ? now : nil
            try db.run("""
                UPDATE task_instances SET state = ?, error = COALESCE(?, error), ended_at = COALESCE(?, ended_at)
                WHERE run_id = ? AND task_id = ?
                """, arguments: [state.rawValue, error, ended, run, task])
        case .start(let task, let attempt, let logPath, let now):
            try db.run("""
                UPDATE task_instances SET state = 'running', try_number = ?, started_at = COALESCE(started_at, ?),
                       ended_at = NULL, exit_code = NULL, error = NULL
                WHERE run_id = ? AND task_id = ?
                """, arguments: [attempt, now, run, task])
            try db.run("""
                INSERT OR REPLACE INTO attempts (run_id, task_id, attempt, status, started_at, log_path)
                VALUES (?, ?, ?, 'running', ?, ?)
                """, arguments: [run, task, attempt, now, logPath])
        case .finish(let end):
            try db.run("""
                UPDATE attempts SET status = ?, ended_at = ?, exit_code = ?, error = ?
                WHERE run_id = ? AND task_id = ? AND attempt = ?
                """, arguments: [end.status.rawValue, end.at, end.exitCode, end.error, run, end.task, end.attempt])
            try db.run("""
                UPDATE task_instances SET state = ?, ended_at = ?, exit_code = ?, error = ?
                WHERE run_id = ? AND task_id = ?
                """, arguments: [end.taskState.rawValue, end.taskState.isFinished ? end.at : nil, end.exitCode, end.error, run, end.task])
            for output in end.outputs {
                try db.run("INSERT OR REPLACE INTO outputs (run_id, task_id, key, value) VALUES (?, ?, ?, ?)",
                           arguments: [run, end.task, output.key, output.value])
            }
        }
    }

    public func finishRun(_ id: RunID, status: RunState, error: String?, now: EpochMillis) async throws {
        try write { db in
            try db.run( "UPDATE runs SET status = ?, ended_at = ?, error = ?, heartbeat_at = ? WHERE id = ?",
                           arguments: [status.rawValue, now, error, now, id.rawValue])
        }
    }

    public func heartbeat(_ id: RunID, now: EpochMillis) async throws -> Bool {
        try write { db in
            try db.run( "UPDATE runs SET heartbeat_at = ? WHERE id = ?", arguments: [now, id.rawValue])
            return try Bool.fetchOne(db.cachedStatement(sql: "SELECT cancel_requested FROM runs WHERE id = ?"), arguments: [id.rawValue]) ?? false
        }
    }

    public func isCancelRequested(_ id: RunID) async throws -> Bool {
        try read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT cancel_requested FROM runs WHERE id = ?"), arguments: [id.rawValue]) ?? false
        }
    }

    public func requestCancel(_ id: RunID, now: EpochMillis) async throws -> RunState? {
        try write { db in
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM runs WHERE id = ?", arguments: [id.rawValue])
                .flatMap(RunState.init(rawValue:)) else { return nil }
            if !status.isFinished {
                try db.run( "UPDATE runs SET cancel_requested = 1 WHERE id = ?", arguments: [id.rawValue])
            }
            return status
        }
    }

    public func reapOrphans(now: EpochMillis, staleAfter: Duration, liveness: @Sendable (RunOwner) -> OwnerLiveness) async throws -> [RunID] {
        // Claims of dead workers first, so that only runs with live workers are left alone below.
        _ = try await expireClaims(now: now)
        return try write { db in
            let active = try Row.fetchAll(db, sql: """
                SELECT id, owner_pid, owner_host, heartbeat_at FROM runs r WHERE status IN ('queued', 'running')
                  AND NOT EXISTS (SELECT 1 FROM task_queue q WHERE q.run_id = r.id AND q.state = 'claimed')
                """)
            var reaped: [RunID] = []
            for row in active {
                let owner = RunOwner(pid: row["owner_pid"] ?? 0, host: row["owner_host"] ?? "")
                guard liveness(owner).isOrphaned(heartbeat: row["heartbeat_at"] ?? 0, now: now, staleAfter: staleAfter) else { continue }
                let id: String = row["id"]
                try db.run("UPDATE runs SET status = 'interrupted', ended_at = ?, error = 'owner process died' WHERE id = ?",
                           arguments: [now, id])
                try db.run("DELETE FROM task_queue WHERE run_id = ? AND state = 'queued'", arguments: [id])
                try db.run("""
                    UPDATE attempts SET status = 'interrupted', ended_at = ?, error = 'owner process died'
                    WHERE run_id = ? AND status = 'running'
                    """, arguments: [now, id])
                try db.run("""
                    UPDATE task_instances SET state = 'interrupted', ended_at = ?, error = 'owner process died'
                    WHERE run_id = ? AND state IN ('queued', 'running', 'up_for_retry')
                    """, arguments: [now, id])
                reaped.append(RunID(rawValue: id))
            }
            return reaped
        }
    }

    public func listRuns(_ filter: RunFilter) async throws -> [RunSummary] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let workflow = filter.workflow { clauses.append("workflow = ?"); arguments += [workflow] }
        if let status = filter.status { clauses.append("status = ?"); arguments += [status.rawValue] }
        if let since = filter.since { clauses.append("queued_at >= ?"); arguments += [since] }
        if let after = filter.after { clauses.append("(queued_at, id) < (?, ?)"); arguments += [after.queuedAt, after.id.rawValue] }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        arguments += [filter.limit]
        let sql = "SELECT * FROM runs \(whereClause) ORDER BY queued_at DESC, id DESC LIMIT ?"
        let finalArguments = arguments
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: finalArguments)
                .map(Self.summary)
        }
    }

    public func runDetail(_ id: RunID) async throws -> RunDetail? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            let outputs = try Self.outputs(db, run: id)
            var attempts: [String: [AttemptRecord]] = [:]
            for attempt in try Row.fetchAll(db, sql: "SELECT * FROM attempts WHERE run_id = ? ORDER BY task_id, attempt", arguments: [id.rawValue]) {
                let record = AttemptRecord(attempt: attempt["attempt"], status: AttemptRecord.Status(rawValue: attempt["status"]) ?? .failed,
                                           startedAt: attempt["started_at"], endedAt: attempt["ended_at"], exitCode: attempt["exit_code"],
                                           error: attempt["error"], logPath: attempt["log_path"])
                attempts[attempt["task_id"], default: []].append(record)
            }
            let tasks = try Row.fetchAll(db, sql: "SELECT * FROM task_instances WHERE run_id = ? ORDER BY position", arguments: [id.rawValue]).map { task in
                let taskID: String = task["task_id"]
                return TaskRecord(id: taskID, state: TaskState(rawValue: task["state"]) ?? .failed, attempts: task["try_number"],
                                  startedAt: task["started_at"], endedAt: task["ended_at"], exitCode: task["exit_code"],
                                  error: task["error"], outputs: outputs[taskID] ?? [:], attemptHistory: attempts[taskID] ?? [])
            }
            let paramsText: String = row["params"]
            let params = (try? JSONDecoder().decode([String: String].self, from: Data(paramsText.utf8))) ?? [:]
            let pid: Int32? = row["owner_pid"]
            return RunDetail(summary: Self.summary(row), workflowHash: row["workflow_hash"], params: params,
                             owner: pid.map { RunOwner(pid: $0, host: row["owner_host"] ?? "") },
                             heartbeatAt: row["heartbeat_at"], cancelRequested: row["cancel_requested"], tasks: tasks)
        }
    }

    public func workflow(hash: String) async throws -> WorkflowRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM workflows WHERE hash = ?", arguments: [hash]).map {
                WorkflowRecord(name: $0["name"], hash: $0["hash"], file: $0["file"], yaml: $0["yaml"])
            }
        }
    }

    public func outputs(of run: RunID) async throws -> [String: [String: String]] {
        try read { db in try Self.outputs(db, run: run) }
    }

    static func outputs(_ db: Database, run: RunID) throws -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT task_id, key, value FROM outputs WHERE run_id = ?", arguments: [run.rawValue]) {
            result[row["task_id"], default: [:]][row["key"]] = row["value"]
        }
        return result
    }

    static func summary(_ row: Row) -> RunSummary {
        RunSummary(id: RunID(rawValue: row["id"]), workflow: row["workflow"], status: RunState(rawValue: row["status"]) ?? .failed,
                   trigger: RunTrigger(rawValue: row["trigger"]) ?? .manual, logicalDate: row["logical_date"],
                   queuedAt: row["queued_at"], startedAt: row["started_at"], endedAt: row["ended_at"], error: row["error"],
                   intervalStart: row["interval_start"], intervalEnd: row["interval_end"])
    }
}

extension JSONEncoder {
    /// Keys sorted, so equal values encode to equal bytes.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
