import Foundation
import OrchestratorCore
import OrchestratorStore
import PostgresNIO

/// The task queue on PostgreSQL, for workers on several hosts. Claimers lock the rows they take
/// with `FOR UPDATE SKIP LOCKED`, so they never wait for each other nor take the same attempt;
/// tokens come from the `fencing_tokens` sequence. A fenced write locks its claim's row first, so
/// it and `expireClaims` are ordered: whichever comes second sees the claim done or expired.
extension PostgresRunStore: TaskQueue {
    public func enqueue(_ items: [QueuedAttempt]) async throws {
        guard !items.isEmpty else { return }
        try await statement("""
            WITH added AS (
                INSERT INTO task_queue (run_id, task_id, attempt, queue, enqueued_at)
                SELECT * FROM unnest(\(items.map(\.run.rawValue))::text[], \(items.map(\.task))::text[], \(items.map(\.attempt))::integer[],
                                     \(items.map(\.queue))::text[], \(items.map(\.enqueuedAt))::bigint[])
                ON CONFLICT (run_id, task_id, attempt) DO NOTHING
                RETURNING 1
            )
            SELECT pg_notify(\(PostgresNotifier.channel), \(QueueEvent.queued.rawValue)) WHERE EXISTS (SELECT 1 FROM added)
            """)
    }

    public func claim(worker: WorkerName, queues: [String], limit: Int, now: EpochMillis, lease: Duration,
                      startingIn logs: LogLayout?) async throws -> [TaskClaim] {
        guard limit > 0, !queues.isEmpty else { return [] }
        let leaseEnd = TaskClaim.leaseEnd(from: now, lasting: lease)
        let query = try Self.claimQuery(worker: worker, queues: queues, limit: limit, now: now, leaseEnd: leaseEnd, logs: logs)
        return try await statement(query).map { row in
            TaskClaim(item: try Self.queuedAttempt(row), worker: worker, token: FencingToken(rawValue: try row.value("token")),
                      leaseExpiresAt: leaseEnd, started: try row.value("started"))
        }.sorted { QueuedAttempt.inQueueOrder($0.item, $1.item) }
    }

    /// The claim of up to `limit` attempts, starting those of active runs when `logs` is given.
    static func claimQuery(worker: WorkerName, queues: [String], limit: Int, now: EpochMillis, leaseEnd: EpochMillis,
                           logs: LogLayout?) throws -> PostgresQuery {
        var text = PostgresTransitions.Text()
        var sql = """
            WITH ready AS (
                SELECT run_id, task_id, attempt FROM task_queue
                WHERE state = 'queued' AND queue = ANY(\(try text.bind(queues))::text[])
                ORDER BY enqueued_at, run_id, task_id, attempt
                LIMIT \(try text.bind(limit))
                FOR UPDATE SKIP LOCKED
            ),
            claimed AS (
                UPDATE task_queue AS q SET state = 'claimed', worker = \(try text.bind(worker.rawValue)), token = nextval('fencing_tokens'),
                                           lease_expires_at = \(try text.bind(leaseEnd))
                FROM ready WHERE q.run_id = ready.run_id AND q.task_id = ready.task_id AND q.attempt = ready.attempt
                RETURNING q.run_id, q.task_id, q.attempt, q.queue, q.enqueued_at, q.token
            )
            """
        if let logs {
            // The log path as `LogLayout.path` makes it.
            sql += """
                ,
                starts AS (
                    SELECT c.run_id AS run, c.task_id AS task, c.attempt, c.token, \(try text.bind(now))::bigint AS at,
                           \(try text.bind(logs.root + "/")) || c.run_id || '/' || c.task_id || '.attempt-' || c.attempt || '.log' AS log
                    FROM claimed AS c JOIN runs AS r ON r.id = c.run_id
                    WHERE r.status IN ('queued', 'running') AND NOT r.cancel_requested
                ),
                \(PostgresTransitions.startWrites(.claiming))
                SELECT c.*, c.token IN (SELECT token FROM starts) AS started FROM claimed AS c
                """
        } else {
            sql += "\nSELECT c.*, FALSE AS started FROM claimed AS c"
        }
        return PostgresQuery(unsafeSQL: sql, binds: text.binds)
    }

    /// A worker's claim that starts what it claims.
    enum ClaimAndStart: PreparedShape {
        static let sql = (try? claimQuery(worker: "w", queues: ["q"], limit: 1, now: 0, leaseEnd: 0, logs: LogLayout(root: "")).sql) ?? ""
    }

    public func renew(worker: WorkerName, tokens: [FencingToken], now: EpochMillis, lease: Duration) async throws -> Set<FencingToken> {
        let asked = Set(tokens)
        guard !asked.isEmpty else { return [] }
        let leaseEnd = TaskClaim.leaseEnd(from: now, lasting: lease)
        let renewed = try await statement("""
            UPDATE task_queue SET lease_expires_at = \(leaseEnd)
            WHERE token = ANY(\(asked.map(\.rawValue))::bigint[]) AND worker = \(worker.rawValue) AND state = 'claimed'
            RETURNING token
            """).map { FencingToken(rawValue: try $0[0].decode(Int64.self)) }
        return asked.subtracting(renewed)
    }

    public func write(_ writes: [ClaimWrite]) async throws -> Set<FencingToken> {
        guard !writes.isEmpty else { return [] }
        var tasks: Set<[String]> = []
        let distinct = writes.allSatisfy { write in write.transitions.allSatisfy { tasks.insert([write.run.rawValue, $0.task]).inserted } }
        guard distinct else {
            // A task that comes twice (an attempt's start and end at once): one claim at a time.
            var written: Set<FencingToken> = []
            for write in writes where try await guardedRecord(write.transitions, run: write.run,
                                                              guard: .claim(write.token, completingAt: write.completingAt)) {
                written.insert(write.token)
            }
            return written
        }
        // One statement: one round trip and one commit for all the claims.
        let query = try PostgresTransitions.statement(claims: writes)
        return Set(try await statement(query).map { FencingToken(rawValue: try $0.value("token")) })
    }

    public func expireClaims(now: EpochMillis) async throws -> [ExpiredClaim] {
        try await write { transaction in
            // A claim locked by a fenced write in flight is skipped: that write decides it (done, or
            // still claimed and expired by a later call).
            let expired = try await transaction.rows("""
                WITH stale AS (
                    SELECT run_id, task_id, attempt FROM task_queue WHERE state = 'claimed' AND lease_expires_at < \(now)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE task_queue AS q SET state = 'expired', ended_at = \(now)
                FROM stale WHERE q.run_id = stale.run_id AND q.task_id = stale.task_id AND q.attempt = stale.attempt
                RETURNING q.run_id, q.task_id, q.attempt, q.queue, q.enqueued_at, q.worker, q.token
                """).map { row in
                ExpiredClaim(item: try Self.queuedAttempt(row), worker: WorkerName(rawValue: try row.value("worker")),
                             token: FencingToken(rawValue: try row.value("token")))
            }.sorted { $0.token < $1.token }
            for claim in expired {
                try await Self.apply([claim.interruption(at: now)], run: claim.item.run, transaction)
            }
            if !expired.isEmpty { try await Self.notify(.ended, transaction) }
            return expired
        }
    }

    public func queueEntries(run: RunID) async throws -> [QueueEntry] {
        try await statement("""
            SELECT run_id, task_id, attempt, queue, enqueued_at, state, worker, token, lease_expires_at, ended_at FROM task_queue
            WHERE run_id = \(run.rawValue) ORDER BY enqueued_at, run_id, task_id, attempt
            """).map { row in
            QueueEntry(item: try Self.queuedAttempt(row), state: ClaimState(rawValue: try row.value("state")) ?? .expired,
                       worker: try row.value("worker", as: String?.self).map(WorkerName.init(rawValue:)),
                       token: try row.value("token", as: Int64?.self).map(FencingToken.init(rawValue:)),
                       leaseExpiresAt: try row.value("lease_expires_at"), endedAt: try row.value("ended_at"))
        }
    }

    public func attemptInputs(run: RunID, upstream: [String]) async throws -> AttemptInputs? {
        let rows = try await statement("""
            SELECT r.status, r.cancel_requested, o.task_id, o.key, o.value FROM runs r
            LEFT JOIN outputs o ON o.run_id = r.id AND o.task_id = ANY(\(upstream)::text[])
            WHERE r.id = \(run.rawValue)
            """)
        guard let first = rows.first else { return nil }
        var outputs: [String: [String: String]] = [:]
        for row in rows {
            guard let task = try row.value("task_id", as: String?.self) else { continue }
            outputs[task, default: [:]][try row.value("key")] = try row.value("value", as: String.self)
        }
        return AttemptInputs(status: RunState(rawValue: try first.value("status")) ?? .failed,
                             cancelRequested: try first.value("cancel_requested"), outputs: outputs)
    }

    public func endedAttempts(run: RunID, among attempts: [AttemptKey]) async throws -> [EndedAttempt] {
        guard !attempts.isEmpty else { return [] }
        let tasks = attempts.map(\.task)
        let numbers = attempts.map { Int64($0.attempt) }
        // Not prepared: a generic plan of this join is far slower than one made for its values.
        let rows = try await statement(Self.endedAttemptsQuery(run: run, tasks: tasks, numbers: numbers))
        return try rows.map { row in
            let record: AttemptRecord? = try row.value("attempt_status", as: String?.self).map { status in
                AttemptRecord(attempt: try row.value("attempt", as: Int.self), status: AttemptRecord.Status(rawValue: status) ?? .failed,
                              startedAt: try row.value("attempt_started_at"), endedAt: try row.value("attempt_ended_at"),
                              exitCode: try row.value("attempt_exit_code"), error: try row.value("attempt_error"),
                              logPath: try row.value("attempt_log_path"))
            }
            let entry = QueueEntry(item: try Self.queuedAttempt(row), state: ClaimState(rawValue: try row.value("state")) ?? .expired,
                                   worker: try row.value("worker", as: String?.self).map(WorkerName.init(rawValue:)),
                                   token: try row.value("token", as: Int64?.self).map(FencingToken.init(rawValue:)),
                                   leaseExpiresAt: try row.value("lease_expires_at"), endedAt: try row.value("ended_at"))
            let outputs = try row.value("outputs", as: String?.self).map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
            return EndedAttempt(entry: entry, taskState: TaskState(rawValue: try row.value("task_state")) ?? .failed, record: record,
                                outputs: outputs ?? [:])
        }
    }

    /// One statement (one snapshot, one round trip); each ended attempt's outputs as a JSON object.
    static func endedAttemptsQuery(run: RunID, tasks: [String], numbers: [Int64]) -> PostgresQuery {
        """
            SELECT q.run_id, q.task_id, q.attempt, q.queue, q.enqueued_at, q.state, q.worker, q.token, q.lease_expires_at, q.ended_at,
                   t.state AS task_state, a.status AS attempt_status, a.started_at AS attempt_started_at,
                   a.ended_at AS attempt_ended_at, a.exit_code AS attempt_exit_code, a.error AS attempt_error, a.log_path AS attempt_log_path,
                   (SELECT json_object_agg(o.key, o.value)::text FROM outputs o WHERE o.run_id = q.run_id AND o.task_id = q.task_id) AS outputs
            FROM unnest(\(tasks)::text[], \(numbers)::bigint[]) AS w(task_id, attempt)
            JOIN task_queue q ON q.run_id = \(run.rawValue) AND q.task_id = w.task_id AND q.attempt = w.attempt
            JOIN task_instances t ON t.run_id = q.run_id AND t.task_id = q.task_id
            LEFT JOIN attempts a ON a.run_id = q.run_id AND a.task_id = q.task_id AND a.attempt = q.attempt
            WHERE q.state IN ('done', 'expired')
            """
    }

    static func queuedAttempt(_ row: PostgresRandomAccessRow) throws -> QueuedAttempt {
        QueuedAttempt(run: RunID(rawValue: try row.value("run_id")), task: try row.value("task_id"), attempt: try row.value("attempt"),
                      queue: try row.value("queue"), enqueuedAt: try row.value("enqueued_at"))
    }

    // MARK: Workers

    public func registerWorker(_ worker: WorkerInfo) async throws {
        try await statement("""
            INSERT INTO workers (name, host, pid, queues, slots, slots_in_use, started_at, heartbeat_at)
            VALUES (\(worker.name.rawValue), \(worker.host), \(worker.pid), \(worker.queues)::text[], \(worker.slots), \(worker.slotsInUse),
                    \(worker.startedAt), \(worker.heartbeatAt))
            ON CONFLICT (name) DO UPDATE SET host = excluded.host, pid = excluded.pid, queues = excluded.queues, slots = excluded.slots,
                   slots_in_use = excluded.slots_in_use, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at
            """)
    }

    public func workerHeartbeat(name: WorkerName, slotsInUse: Int, now: EpochMillis) async throws -> Bool {
        try await !statement("""
            UPDATE workers SET heartbeat_at = \(now), slots_in_use = \(slotsInUse) WHERE name = \(name.rawValue) RETURNING 1
            """).isEmpty
    }

    public func unregisterWorker(name: WorkerName) async throws {
        try await statement("DELETE FROM workers WHERE name = \(name.rawValue)")
    }

    public func workers() async throws -> [WorkerInfo] {
        try await statement("""
            SELECT name, host, pid, queues, slots, slots_in_use, started_at, heartbeat_at FROM workers ORDER BY name
            """).map { row in
            WorkerInfo(name: WorkerName(rawValue: try row.value("name")), host: try row.value("host"), pid: try row.value("pid"),
                       queues: try row.value("queues"), slots: try row.value("slots"), slotsInUse: try row.value("slots_in_use"),
                       startedAt: try row.value("started_at"), heartbeatAt: try row.value("heartbeat_at"))
        }
    }
}

extension PostgresRunStore {
    public func notify(_ wakeup: Wakeup, of event: QueueEvent) async -> Bool {
        notifier.subscribe(wakeup, to: event)
        return true
    }

    public func stopNotifying(_ wakeup: Wakeup) async {
        notifier.unsubscribe(wakeup)
    }

    /// Tells the listening processes of `event` when the transaction commits.
    static func notify(_ event: QueueEvent, _ transaction: PostgresTransaction) async throws {
        try await transaction.rows("SELECT pg_notify(\(PostgresNotifier.channel), \(event.rawValue))")
    }
}
