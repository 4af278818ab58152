import Foundation
import GRDB
import OrchestratorCore
import OrchestratorStore

/// The task queue in the same SQLite file. Every method is one write transaction, and SQLite has
/// one writer at a time (GRDB begins writes `IMMEDIATE`), so two claimers, even in two processes,
/// never see the same queued attempt as free.
extension SQLiteRunStore: TaskQueue {
    public func enqueue(_ items: [QueuedAttempt]) async throws {
        guard !items.isEmpty else { return }
        try write { db in
            for item in items {
                try db.run("""
                    INSERT INTO task_queue (run_id, task_id, attempt, queue, enqueued_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (run_id, task_id, attempt) DO NOTHING
                    """, arguments: [item.run.rawValue, item.task, item.attempt, item.queue, item.enqueuedAt])
            }
        }
    }

    /// Tokens come from the `fencing_tokens` counter row, moved inside the same transaction.
    public func claim(worker: WorkerName, queues: [String], limit: Int, now: EpochMillis, lease: Duration,
                      startingIn logs: LogLayout?) async throws -> [TaskClaim] {
        guard limit > 0, !queues.isEmpty else { return [] }
        let leaseEnd = TaskClaim.leaseEnd(from: now, lasting: lease)
        return try write { db in
            let marks = queues.map { _ in "?" }.joined(separator: ", ")
            let ready = try Row.fetchAll(db, sql: """
                SELECT run_id, task_id, attempt, queue, enqueued_at FROM task_queue
                WHERE state = 'queued' AND queue IN (\(marks)) ORDER BY enqueued_at, run_id, task_id, attempt LIMIT ?
                """, arguments: StatementArguments(queues) + [limit]).map(Self.queuedAttempt)
            guard !ready.isEmpty else { return [] }
            let last = try Int64.fetchOne(db, sql: "SELECT last FROM fencing_tokens WHERE id = 1") ?? 0
            try db.run("UPDATE fencing_tokens SET last = ? WHERE id = 1", arguments: [last + Int64(ready.count)])
            return try ready.enumerated().map { index, item in
                let token = FencingToken(rawValue: last + 1 + Int64(index))
                try db.run("""
                    UPDATE task_queue SET state = 'claimed', worker = ?, token = ?, lease_expires_at = ?
                    WHERE run_id = ? AND task_id = ? AND attempt = ?
                    """, arguments: [worker.rawValue, token.rawValue, leaseEnd, item.run.rawValue, item.task, item.attempt])
                var started = false
                if let logs, try Bool.fetchOne(db.cachedStatement(sql: """
                    SELECT 1 FROM runs WHERE id = ? AND status IN ('queued', 'running') AND NOT cancel_requested
                    """), arguments: [item.run.rawValue]) ?? false {
                    try Self.apply([.start(task: item.task, attempt: item.attempt,
                                           logPath: logs.path(run: item.run.rawValue, task: item.task, attempt: item.attempt), at: now)],
                                   run: item.run, db)
                    started = true
                }
                return TaskClaim(item: item, worker: worker, token: token, leaseExpiresAt: leaseEnd, started: started)
            }
        }
    }

    public func renew(worker: WorkerName, tokens: [FencingToken], now: EpochMillis, lease: Duration) async throws -> Set<FencingToken> {
        let asked = Set(tokens)
        guard !asked.isEmpty else { return [] }
        let leaseEnd = TaskClaim.leaseEnd(from: now, lasting: lease)
        return try write { db in
            var lost = asked
            for token in asked {
                try db.run("UPDATE task_queue SET lease_expires_at = ? WHERE token = ? AND worker = ? AND state = 'claimed'",
                           arguments: [leaseEnd, token.rawValue, worker.rawValue])
                if db.changesCount == 1 { lost.remove(token) }
            }
            return lost
        }
    }

    public func write(_ writes: [ClaimWrite]) async throws -> Set<FencingToken> {
        guard !writes.isEmpty else { return [] }
        return try write { db in
            var written: Set<FencingToken> = []
            for claimWrite in writes {
                let held = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM task_queue WHERE token = ? AND run_id = ? AND state = 'claimed'"),
                                             arguments: [claimWrite.token.rawValue, claimWrite.run.rawValue]) ?? false
                guard held else { continue }
                try Self.apply(claimWrite.transitions, run: claimWrite.run, db)
                if let now = claimWrite.completingAt {
                    try db.run("UPDATE task_queue SET state = 'done', ended_at = ? WHERE token = ?", arguments: [now, claimWrite.token.rawValue])
                }
                written.insert(claimWrite.token)
            }
            return written
        }
    }

    public func expireClaims(now: EpochMillis) async throws -> [ExpiredClaim] {
        try write { db in
            let expired = try Row.fetchAll(db, sql: """
                SELECT run_id, task_id, attempt, queue, enqueued_at, worker, token FROM task_queue
                WHERE state = 'claimed' AND lease_expires_at < ? ORDER BY token
                """, arguments: [now]).map { row in
                ExpiredClaim(item: Self.queuedAttempt(row), worker: WorkerName(rawValue: row["worker"]), token: FencingToken(rawValue: row["token"]))
            }
            for claim in expired {
                try db.run("UPDATE task_queue SET state = 'expired', ended_at = ? WHERE token = ?", arguments: [now, claim.token.rawValue])
                try Self.apply([claim.interruption(at: now)], run: claim.item.run, db)
            }
            return expired
        }
    }

    public func queueEntries(run: RunID) async throws -> [QueueEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM task_queue WHERE run_id = ? ORDER BY enqueued_at, run_id, task_id, attempt",
                             arguments: [run.rawValue]).map { row in
                QueueEntry(item: Self.queuedAttempt(row), state: ClaimState(rawValue: row["state"]) ?? .expired,
                           worker: (row["worker"] as String?).map(WorkerName.init(rawValue:)),
                           token: (row["token"] as Int64?).map(FencingToken.init(rawValue:)),
                           leaseExpiresAt: row["lease_expires_at"], endedAt: row["ended_at"])
            }
        }
    }

    public func attemptInputs(run: RunID, upstream: [String]) async throws -> AttemptInputs? {
        try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT status, cancel_requested FROM runs WHERE id = ?"),
                                             arguments: [run.rawValue]) else { return nil }
            let wanted = Set(upstream)
            var outputs: [String: [String: String]] = [:]
            if !wanted.isEmpty {
                for (task, values) in try Self.outputs(db, run: run) where wanted.contains(task) { outputs[task] = values }
            }
            return AttemptInputs(status: RunState(rawValue: row["status"]) ?? .failed, cancelRequested: row["cancel_requested"],
                                 outputs: outputs)
        }
    }

    public func endedAttempts(run: RunID, among attempts: [AttemptKey]) async throws -> [EndedAttempt] {
        let wanted = Set(attempts)
        guard !wanted.isEmpty else { return [] }
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT q.*, t.state AS task_state, a.status AS attempt_status, a.started_at AS attempt_started_at,
                       a.ended_at AS attempt_ended_at, a.exit_code AS attempt_exit_code, a.error AS attempt_error, a.log_path AS attempt_log_path
                FROM task_queue q JOIN task_instances t ON t.run_id = q.run_id AND t.task_id = q.task_id
                LEFT JOIN attempts a ON a.run_id = q.run_id AND a.task_id = q.task_id AND a.attempt = q.attempt
                WHERE q.run_id = ? AND q.state IN ('done', 'expired')
                """, arguments: [run.rawValue]).filter { wanted.contains(AttemptKey(task: $0["task_id"], attempt: $0["attempt"])) }
            let outputs = rows.isEmpty ? [:] : try Self.outputs(db, run: run)
            return rows.map { row in
                let record: AttemptRecord? = (row["attempt_status"] as String?).map { status in
                    AttemptRecord(attempt: row["attempt"], status: AttemptRecord.Status(rawValue: status) ?? .failed,
                                  startedAt: row["attempt_started_at"], endedAt: row["attempt_ended_at"], exitCode: row["attempt_exit_code"],
                                  error: row["attempt_error"], logPath: row["attempt_log_path"])
                }
                let entry = QueueEntry(item: Self.queuedAttempt(row), state: ClaimState(rawValue: row["state"]) ?? .expired,
                                       worker: (row["worker"] as String?).map(WorkerName.init(rawValue:)),
                                       token: (row["token"] as Int64?).map(FencingToken.init(rawValue:)),
                                       leaseExpiresAt: row["lease_expires_at"], endedAt: row["ended_at"])
                return EndedAttempt(entry: entry, taskState: TaskState(rawValue: row["task_state"]) ?? .failed, record: record,
                                    outputs: outputs[entry.item.task] ?? [:])
            }
        }
    }

    static func queuedAttempt(_ row: Row) -> QueuedAttempt {
        QueuedAttempt(run: RunID(rawValue: row["run_id"]), task: row["task_id"], attempt: row["attempt"], queue: row["queue"],
                      enqueuedAt: row["enqueued_at"])
    }

    // MARK: Workers

    public func registerWorker(_ worker: WorkerInfo) async throws {
        let queues = String(decoding: try JSONEncoder().encode(worker.queues), as: UTF8.self)
        try write { db in
            try db.run("""
                INSERT OR REPLACE INTO workers (name, host, pid, queues, slots, slots_in_use, started_at, heartbeat_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [worker.name.rawValue, worker.host, worker.pid, queues, worker.slots, worker.slotsInUse,
                                 worker.startedAt, worker.heartbeatAt])
        }
    }

    public func workerHeartbeat(name: WorkerName, slotsInUse: Int, now: EpochMillis) async throws -> Bool {
        try write { db in
            try db.run("UPDATE workers SET heartbeat_at = ?, slots_in_use = ? WHERE name = ?", arguments: [now, slotsInUse, name.rawValue])
            return db.changesCount == 1
        }
    }

    public func unregisterWorker(name: WorkerName) async throws {
        try write { db in try db.run("DELETE FROM workers WHERE name = ?", arguments: [name.rawValue]) }
    }

    public func workers() async throws -> [WorkerInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM workers ORDER BY name").map { row in
                let queues: String = row["queues"]
                return WorkerInfo(name: WorkerName(rawValue: row["name"]), host: row["host"], pid: row["pid"],
                                  queues: (try? JSONDecoder().decode([String].self, from: Data(queues.utf8))) ?? [],
                                  slots: row["slots"], slotsInUse: row["slots_in_use"], startedAt: row["started_at"],
                                  heartbeatAt: row["heartbeat_at"])
            }
        }
    }
}

extension SQLiteRunStore {
    /// SQLite has no way to tell other processes of a change: its users poll.
    public func notify(_ wakeup: Wakeup, of event: QueueEvent) async -> Bool { false }

    public func stopNotifying(_ wakeup: Wakeup) async {}
}
