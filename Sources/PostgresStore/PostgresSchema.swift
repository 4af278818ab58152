import OrchestratorStore
import PostgresNIO

/// The versioned, append-only migrations of the PostgreSQL run store, recorded in
/// `schema_migrations`.
///
/// The tables mirror `SQLiteStore`'s (v1 its v3, v2 its v4), with timestamps as BIGINT epoch milliseconds;
/// fencing tokens come from a sequence where SQLite keeps a counter row.
/// Keys are `COLLATE "C"` so that ids sort byte-wise, as in SQLite, whatever the database's locale.
/// Never edit a shipped migration: add one. Each is a list of single statements (the extended
/// protocol runs one at a time).
enum PostgresSchema {
    static let migrations: [(id: String, statements: [String])] = [
        ("v1", [
            """
            CREATE TABLE workflows (
                hash TEXT COLLATE "C" PRIMARY KEY,
                name TEXT NOT NULL,
                file TEXT NOT NULL,
                yaml TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE runs (
                id TEXT COLLATE "C" PRIMARY KEY,
                workflow TEXT COLLATE "C" NOT NULL,
                workflow_hash TEXT COLLATE "C" NOT NULL REFERENCES workflows(hash),
                status TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','cancelled','skipped','interrupted')),
                trigger TEXT NOT NULL CHECK (trigger IN ('manual','schedule','backfill','retry')),
                logical_date TEXT NOT NULL,
                params TEXT NOT NULL,
                queued_at BIGINT NOT NULL,
                started_at BIGINT,
                ended_at BIGINT,
                owner_pid INTEGER,
                owner_host TEXT,
                heartbeat_at BIGINT,
                cancel_requested BOOLEAN NOT NULL DEFAULT false,
                error TEXT,
                interval_start TEXT,
                interval_end TEXT
            )
            """,
            "CREATE INDEX runs_active ON runs (status) WHERE status IN ('queued', 'running')",
            "CREATE INDEX runs_by_queued ON runs (queued_at, id)",
            "CREATE INDEX runs_by_workflow_queued ON runs (workflow, queued_at, id)",
            "CREATE INDEX runs_interrupted ON runs (workflow) WHERE status = 'interrupted'",
            """
            CREATE TABLE task_instances (
                run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                task_id TEXT COLLATE "C" NOT NULL,
                position INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending','queued','running','up_for_retry','succeeded','failed',
                                                     'upstream_failed','skipped','cancelled','interrupted')),
                try_number INTEGER NOT NULL DEFAULT 0 CHECK (try_number >= 0),
                started_at BIGINT,
                ended_at BIGINT,
                exit_code INTEGER,
                error TEXT,
                PRIMARY KEY (run_id, task_id)
            )
            """,
            """
            CREATE TABLE attempts (
                run_id TEXT COLLATE "C" NOT NULL,
                task_id TEXT COLLATE "C" NOT NULL,
                attempt INTEGER NOT NULL CHECK (attempt >= 1),
                status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','cancelled','interrupted')),
                started_at BIGINT NOT NULL,
                ended_at BIGINT,
                exit_code INTEGER,
                error TEXT,
                log_path TEXT NOT NULL,
                PRIMARY KEY (run_id, task_id, attempt),
                FOREIGN KEY (run_id, task_id) REFERENCES task_instances(run_id, task_id) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE outputs (
                run_id TEXT COLLATE "C" NOT NULL,
                task_id TEXT COLLATE "C" NOT NULL,
                key TEXT COLLATE "C" NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (run_id, task_id, key),
                FOREIGN KEY (run_id, task_id) REFERENCES task_instances(run_id, task_id) ON DELETE CASCADE
            )
            """,
            // The run is inserted after its slot row (whose key is what makes a concurrent second
            // creator wait and then find the slot taken), so the reference is checked at commit.
            """
            CREATE TABLE schedule_slots (
                workflow TEXT COLLATE "C" NOT NULL,
                logical_date BIGINT NOT NULL,
                run_id TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (workflow, logical_date)
            )
            """,
            "CREATE TABLE schedule_cursors (workflow TEXT COLLATE \"C\" PRIMARY KEY, last_fire BIGINT NOT NULL)",
            "CREATE TABLE paused_workflows (workflow TEXT COLLATE \"C\" PRIMARY KEY, paused_at BIGINT NOT NULL)",
            """
            CREATE TABLE scheduler_lease (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                token TEXT NOT NULL,
                pid INTEGER NOT NULL,
                host TEXT NOT NULL,
                acquired_at BIGINT NOT NULL,
                heartbeat_at BIGINT NOT NULL
            )
            """,
        ]),
        // Workers on several hosts (issue 12): the queue of ready attempts with their claims, the
        // sequence fencing tokens come from, and the worker registry.
        ("v2", [
            "CREATE SEQUENCE fencing_tokens AS BIGINT MINVALUE 1",
            """
            CREATE TABLE task_queue (
                run_id TEXT COLLATE "C" NOT NULL,
                task_id TEXT COLLATE "C" NOT NULL,
                attempt INTEGER NOT NULL CHECK (attempt >= 1),
                queue TEXT COLLATE "C" NOT NULL,
                enqueued_at BIGINT NOT NULL,
                state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','claimed','done','expired')),
                worker TEXT COLLATE "C",
                token BIGINT UNIQUE,
                lease_expires_at BIGINT,
                ended_at BIGINT,
                PRIMARY KEY (run_id, task_id, attempt),
                FOREIGN KEY (run_id, task_id) REFERENCES task_instances(run_id, task_id) ON DELETE CASCADE,
                CHECK ((state = 'queued') = (worker IS NULL AND token IS NULL AND lease_expires_at IS NULL)),
                CHECK ((state IN ('done', 'expired')) = (ended_at IS NOT NULL))
            )
            """,
            "CREATE INDEX task_queue_ready ON task_queue (queue, enqueued_at, run_id, task_id, attempt) WHERE state = 'queued'",
            "CREATE INDEX task_queue_leases ON task_queue (lease_expires_at) WHERE state = 'claimed'",
            """
            CREATE TABLE workers (
                name TEXT COLLATE "C" PRIMARY KEY,
                host TEXT NOT NULL,
                pid INTEGER NOT NULL,
                queues TEXT[] NOT NULL,
                slots INTEGER NOT NULL CHECK (slots >= 1),
                slots_in_use INTEGER NOT NULL CHECK (slots_in_use >= 0),
                started_at BIGINT NOT NULL,
                heartbeat_at BIGINT NOT NULL
            )
            """,
        ]),
        // Task logs readable from every host (issue 12): each attempt's log as numbered chunks,
        // `start_offset` the log offset of a chunk's first byte; an empty `final` chunk ends it.
        ("v3", [
            """
            CREATE TABLE log_chunks (
                run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                task_id TEXT COLLATE "C" NOT NULL,
                attempt INTEGER NOT NULL CHECK (attempt >= 1),
                seq INTEGER NOT NULL CHECK (seq >= 0),
                start_offset BIGINT NOT NULL CHECK (start_offset >= 0),
                bytes BYTEA NOT NULL,
                final BOOLEAN NOT NULL DEFAULT false,
                written_at BIGINT NOT NULL,
                PRIMARY KEY (run_id, task_id, attempt, seq),
                CHECK (NOT final OR length(bytes) = 0)
            )
            """,
        ]),
    ]

    /// Applies the pending migrations, each in its own transaction under the migration lock, so
    /// that processes opening a fresh database at once apply each migration exactly once.
    /// Throws `StoreError.newerSchema` when the database has a migration this build does not know.
    static func migrate(_ connection: PostgresConnection, database: String, now: EpochMillis) async throws {
        let session = PostgresTransaction(connection: connection, database: database)
        let known = Set(migrations.map(\.id))
        for migration in migrations {
            try await session.run(begin: "BEGIN") { transaction in
                try await transaction.rows("SELECT pg_advisory_xact_lock(\(AdvisoryLock.migrations.rawValue))")
                try await transaction.rows("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
                let applied = try await transaction.rows("SELECT id FROM schema_migrations").map { try $0[0].decode(String.self) }
                guard applied.allSatisfy(known.contains) else { throw StoreError.newerSchema(path: database) }
                guard !applied.contains(migration.id) else { return }
                for statement in migration.statements { try await transaction.rows(PostgresQuery(unsafeSQL: statement)) }
                try await transaction.rows("INSERT INTO schema_migrations (id, applied_at) VALUES (\(migration.id), \(now))")
            }
        }
    }
}
