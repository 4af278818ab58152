import Foundation
import Logging
import OrchestratorCore
import OrchestratorStore
import PostgresNIO

/// The run store on PostgreSQL, for schedulers and workers on several hosts: the same results
/// and guarantees as `SQLiteRunStore`, each method one transaction.
///
/// Lifetime: `init` opens one connection to apply pending migrations, then starts the connection
/// pool (a `PostgresClient`, whose `run()` lives in a task owned by the store until `shutdown()`).
/// Every transaction runs in a task of its own on one leased connection, so it commits even when
/// the calling task is cancelled (a cancelled run still records that its tasks were cancelled).
public final class PostgresRunStore: RunStore {
    /// The URL with its password shown as `***`.
    public let url: String
    let client: PostgresClient
    private let pool: Task<Void, Never>
    /// `LISTEN`s for the queue's notifications while someone waits for them.
    let notifier: PostgresNotifier

    /// Connects to `url` (`postgres://user:password@host:port/database`) and applies pending
    /// migrations. A malformed URL or a failed connection throws `StoreError.cannotOpen`, a
    /// database migrated by a newer build `StoreError.newerSchema`; both name the URL without
    /// its password.
    /// - Parameter logger: for postgres-nio's own events (none by default); nothing logged carries the password.
    public init(url text: String, logger: Logger? = nil) async throws {
        let logger = logger ?? PostgresTransaction.logger
        let location = try PostgresStoreURL(parsing: text)
        url = location.description
        try await Self.migrate(location, logger: logger)
        let client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: logger)
        self.client = client
        pool = Task { await client.run() }
        notifier = PostgresNotifier(client: client, logger: logger)
    }

    /// Applies pending migrations over a connection of its own, closed before returning.
    private static func migrate(_ location: PostgresStoreURL, logger: Logger) async throws(StoreError) {
        let database = location.description
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: location.connectionConfiguration, id: 0, logger: logger)
        } catch {
            throw .cannotOpen(path: database, reason: PostgresStoreError.reason(error))
        }
        do {
            try await PostgresSchema.migrate(connection, database: database, now: Timestamps.now())
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw error as? StoreError ?? .cannotOpen(path: database, reason: (error as? PostgresStoreError)?.detail ?? "\(error)")
        }
    }

    /// Closes the pool's connections. Calls made afterwards fail with `PostgresStoreError.unavailable`.
    public func shutdown() async {
        notifier.stop()
        pool.cancel()
        await pool.value
    }

    deinit {
        notifier.stop()
        pool.cancel()
    }

    // MARK: Transactions

    /// A read-write transaction (read committed; the statements say which rows they lock).
    func write<Value: Sendable>(_ body: @escaping @Sendable (PostgresTransaction) async throws -> Value) async throws -> Value {
        try await transaction(begin: "BEGIN", body)
    }

    /// A read-only transaction on one snapshot; it never waits for writers.
    func read<Value: Sendable>(_ body: @escaping @Sendable (PostgresTransaction) async throws -> Value) async throws -> Value {
        try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// One statement, which is a transaction by itself.
    @discardableResult
    func statement(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await onConnection { try await $0.rows(query) }
    }

    private func transaction<Value: Sendable>(begin: String, _ body: @escaping @Sendable (PostgresTransaction) async throws -> Value) async throws -> Value {
        try await onConnection { try await $0.run(begin: begin, body) }
    }

    /// Runs `work` on a leased connection, in a task that the caller's cancellation does not reach.
    private func onConnection<Value: Sendable>(_ work: @escaping @Sendable (PostgresTransaction) async throws -> Value) async throws -> Value {
        let (client, database) = (self.client, url)
        return try await Task {
            do {
                return try await client.withConnection { connection in
                    try await work(PostgresTransaction(connection: connection, database: database))
                }
            } catch let error as PostgresStoreError {
                throw error
            } catch let error as StoreError {
                throw error
            } catch {
                throw PostgresStoreError.unavailable(database: database, reason: PostgresStoreError.reason(error))
            }
        }.value
    }

    // MARK: Runs

    public func createRun(_ run: NewRun) async throws {
        try await write { try await Self.insertRun($0, run) }
    }

    static func insertRun(_ transaction: PostgresTransaction, _ run: NewRun) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // equal params, equal text
        let params = String(decoding: try encoder.encode(run.params), as: UTF8.self)
        let workflow = run.workflow
        try await transaction.rows("""
            INSERT INTO workflows (hash, name, file, yaml, created_at) VALUES (\(workflow.hash), \(workflow.name), \(workflow.file), \(workflow.yaml), \(run.now))
            ON CONFLICT (hash) DO NOTHING
            """)
        try await transaction.rows("""
            INSERT INTO runs (id, workflow, workflow_hash, status, trigger, logical_date, params, queued_at, started_at,
                              owner_pid, owner_host, heartbeat_at, interval_start, interval_end)
            VALUES (\(run.id.rawValue), \(workflow.name), \(workflow.hash), 'running', \(run.trigger.rawValue), \(run.logicalDate),
                    \(params), \(run.now), \(run.now), \(run.owner.pid), \(run.owner.host), \(run.now), \(run.interval?.start), \(run.interval?.end))
            """)
        try await transaction.rows("""
            INSERT INTO task_instances (run_id, task_id, position, state)
            SELECT \(run.id.rawValue), task, position - 1, 'pending' FROM unnest(\(run.taskIDs)::text[]) WITH ORDINALITY AS t(task, position)
            """)
    }

    public func reopenRun(_ id: RunID, owner: RunOwner, resetting tasks: [String], now: EpochMillis) async throws {
        try await write { transaction in
            let reopened = try await transaction.rows("""
                UPDATE runs SET status = 'running', ended_at = NULL, error = NULL, cancel_requested = false,
                                owner_pid = \(owner.pid), owner_host = \(owner.host), heartbeat_at = \(now)
                WHERE id = \(id.rawValue) AND status IN ('succeeded', 'failed', 'cancelled', 'skipped', 'interrupted')
                RETURNING id
                """)
            guard !reopened.isEmpty else {
                guard try await transaction.value("SELECT 1 FROM runs WHERE id = \(id.rawValue)", as: Int32.self) != nil else {
                    throw StoreError.unknownRun(id.rawValue)
                }
                throw StoreError.runIsActive(id.rawValue, owner: "another process")
            }
            try await transaction.rows("""
                UPDATE task_instances SET state = 'pending', started_at = NULL, ended_at = NULL, exit_code = NULL, error = NULL
                WHERE run_id = \(id.rawValue) AND task_id = ANY(\(tasks))
                """)
            try await transaction.rows("DELETE FROM outputs WHERE run_id = \(id.rawValue) AND task_id = ANY(\(tasks))")
            // Their ended queue entries go too, so a retry on workers queues its attempts afresh.
            try await transaction.rows("DELETE FROM task_queue WHERE run_id = \(id.rawValue) AND task_id = ANY(\(tasks)) AND state <> 'claimed'")
        }
    }

    public func record(run: RunID, _ transitions: [TaskTransition]) async throws {
        let statements = try PostgresTransitions.statements(transitions, run: run.rawValue)
        // One statement is a transaction by itself: no BEGIN and COMMIT round trips.
        if statements.count == 1, let only = statements.first {
            try await statement(only)
        } else if !statements.isEmpty {
            try await write { transaction in
                for statement in statements { try await transaction.rows(statement) }
            }
        }
    }

    /// Records `transitions` of `run` when `check` holds, and says whether it did: one statement
    /// (one round trip, its own transaction) when no task comes twice, else a transaction whose
    /// first statement checks and locks. The fenced writes of workers and coordinators.
    func guardedRecord(_ transitions: [TaskTransition], run: RunID, guard check: PostgresTransitions.Guard) async throws -> Bool {
        let groups = PostgresTransitions.groups(transitions)
        let queries = try (groups.isEmpty ? [[]] : groups).enumerated().map { index, group in
            try PostgresTransitions.statement(group, run: run.rawValue, guard: index == 0 ? check : .none)
        }
        if queries.count == 1, let only = queries.first {
            return try await statement(only).first?.value("held", as: Bool.self) ?? false
        }
        return try await write { transaction in
            guard try await transaction.rows(queries[0]).first?.value("held", as: Bool.self) == true else { return false }
            for query in queries.dropFirst() { try await transaction.rows(query) }
            return true
        }
    }

    /// Records `transitions` inside the caller's transaction.
    static func apply(_ transitions: [TaskTransition], run: RunID, _ transaction: PostgresTransaction) async throws {
        for statement in try PostgresTransitions.statements(transitions, run: run.rawValue) {
            try await transaction.rows(statement)
        }
    }

    public func finishRun(_ id: RunID, status: RunState, error: String?, now: EpochMillis) async throws {
        try await statement("""
            UPDATE runs SET status = \(status.rawValue), ended_at = \(now), error = \(error), heartbeat_at = \(now) WHERE id = \(id.rawValue)
            """)
    }

    public func heartbeat(_ id: RunID, now: EpochMillis) async throws -> Bool {
        let rows = try await statement("UPDATE runs SET heartbeat_at = \(now) WHERE id = \(id.rawValue) RETURNING cancel_requested")
        return try rows.first?[0].decode(Bool.self) ?? false
    }

    public func isCancelRequested(_ id: RunID) async throws -> Bool {
        let rows = try await statement("SELECT cancel_requested FROM runs WHERE id = \(id.rawValue)")
        return try rows.first?[0].decode(Bool.self) ?? false
    }

    public func requestCancel(_ id: RunID, now: EpochMillis) async throws -> RunState? {
        let rows = try await statement("""
            UPDATE runs SET cancel_requested = cancel_requested OR status IN ('queued', 'running') WHERE id = \(id.rawValue) RETURNING status
            """)
        return try rows.first.flatMap { RunState(rawValue: try $0[0].decode(String.self)) }
    }

    public func reapOrphans(now: EpochMillis, staleAfter: Duration, liveness: @Sendable (RunOwner) -> OwnerLiveness) async throws -> [RunID] {
        // Claims of dead workers first, so that only runs with live workers are left alone below.
        _ = try await expireClaims(now: now)
        let active = try await statement("SELECT id, owner_pid, owner_host, heartbeat_at FROM runs WHERE status IN ('queued', 'running')")
        // Judge the owners here, outside any transaction; a run is reaped only if its owner and
        // heartbeat are still the ones judged (a run that heartbeats meanwhile is alive).
        var orphans: [(id: String, pid: Int32?, host: String?, heartbeat: EpochMillis?)] = []
        for row in active {
            let (id, pid, host, heartbeat): (String, Int32?, String?, EpochMillis?) =
                (try row.value("id"), try row.value("owner_pid"), try row.value("owner_host"), try row.value("heartbeat_at"))
            if liveness(RunOwner(pid: pid ?? 0, host: host ?? "")).isOrphaned(heartbeat: heartbeat ?? 0, now: now, staleAfter: staleAfter) {
                orphans.append((id, pid, host, heartbeat))
            }
        }
        guard !orphans.isEmpty else { return [] }
        let candidates = orphans
        return try await write { transaction in
            var reaped: [RunID] = []
            for run in candidates {
                let taken = try await transaction.rows("""
                    UPDATE runs SET status = 'interrupted', ended_at = \(now), error = 'owner process died'
                    WHERE id = \(run.id) AND status IN ('queued', 'running') AND owner_pid IS NOT DISTINCT FROM \(run.pid)
                      AND owner_host IS NOT DISTINCT FROM \(run.host) AND heartbeat_at IS NOT DISTINCT FROM \(run.heartbeat)
                      AND NOT EXISTS (SELECT 1 FROM task_queue WHERE run_id = \(run.id) AND state = 'claimed')
                    RETURNING id
                    """)
                guard !taken.isEmpty else { continue }
                try await transaction.rows("""
                    DELETE FROM task_queue WHERE run_id = \(run.id) AND state = 'queued'
                    """)
                try await transaction.rows("""
                    UPDATE attempts SET status = 'interrupted', ended_at = \(now), error = 'owner process died'
                    WHERE run_id = \(run.id) AND status = 'running'
                    """)
                try await transaction.rows("""
                    UPDATE task_instances SET state = 'interrupted', ended_at = \(now), error = 'owner process died'
                    WHERE run_id = \(run.id) AND state IN ('queued', 'running', 'up_for_retry')
                    """)
                reaped.append(RunID(rawValue: run.id))
            }
            return reaped
        }
    }
}
