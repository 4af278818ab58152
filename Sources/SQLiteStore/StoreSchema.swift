import GRDB
import OrchestratorStore

/// The versioned, append-only schema migrations of the state database.
///
/// Never edit a shipped migration: add a new one. Migrations use plain SQL and never refer to
/// application types, so they stay valid as the code changes.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE workflows (
                    hash TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    file TEXT NOT NULL,
                    yaml TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY NOT NULL,
                    workflow TEXT NOT NULL,
                    workflow_hash TEXT NOT NULL REFERENCES workflows(hash),
                    status TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','cancelled','interrupted')),
                    trigger TEXT NOT NULL CHECK (trigger IN ('manual','schedule','backfill','retry')),
                    logical_date TEXT NOT NULL,
                    params TEXT NOT NULL,
                    queued_at INTEGER NOT NULL,
                    started_at INTEGER,
                    ended_at INTEGER,
                    owner_pid INTEGER,
                    owner_host TEXT,
                    heartbeat_at INTEGER,
                    cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
                    error TEXT
                );
                CREATE INDEX runs_by_workflow ON runs(workflow, id);
                CREATE INDEX runs_active ON runs(status) WHERE status IN ('queued', 'running');
                CREATE TABLE task_instances (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending','queued','running','up_for_retry','succeeded','failed',
                                                         'upstream_failed','skipped','cancelled','interrupted')),
                    try_number INTEGER NOT NULL DEFAULT 0 CHECK (try_number >= 0),
                    started_at INTEGER,
                    ended_at INTEGER,
                    exit_code INTEGER,
                    error TEXT,
                    PRIMARY KEY (run_id, task_id)
                ) WITHOUT ROWID;
                CREATE TABLE attempts (
                    run_id TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    attempt INTEGER NOT NULL CHECK (attempt >= 1),
                    status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','cancelled','interrupted')),
                    started_at INTEGER NOT NULL,
                    ended_at INTEGER,
                    exit_code INTEGER,
                    error TEXT,
                    log_path TEXT NOT NULL,
                    PRIMARY KEY (run_id, task_id, attempt),
                    FOREIGN KEY (run_id, task_id) REFERENCES task_instances(run_id, task_id) ON DELETE CASCADE
                ) WITHOUT ROWID;
                CREATE TABLE outputs (
                    run_id TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (run_id, task_id, key),
                    FOREIGN KEY (run_id, task_id) REFERENCES task_instances(run_id, task_id) ON DELETE CASCADE
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE runs ADD COLUMN interval_start TEXT;
                ALTER TABLE runs ADD COLUMN interval_end TEXT;
                CREATE INDEX runs_by_queued ON runs(queued_at, id);
                CREATE INDEX runs_by_workflow_queued ON runs(workflow, queued_at, id);
                CREATE INDEX runs_interrupted ON runs(workflow) WHERE status = 'interrupted';
                CREATE TABLE schedule_slots (
                    workflow TEXT NOT NULL,
                    logical_date INTEGER NOT NULL,
                    run_id TEXT NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (workflow, logical_date)
                ) WITHOUT ROWID;
                CREATE TABLE schedule_cursors (
                    workflow TEXT PRIMARY KEY NOT NULL,
                    last_fire INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE paused_workflows (
                    workflow TEXT PRIMARY KEY NOT NULL,
                    paused_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE scheduler_lease (
                    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                    token TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    host TEXT NOT NULL,
                    acquired_at INTEGER NOT NULL,
                    heartbeat_at INTEGER NOT NULL
                );
                """)
        }
        // Runs may end `skipped` (every task found nothing to do). SQLite cannot change a CHECK
        // constraint in place, so the runs table is rebuilt; foreign keys are off during migrations.
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                CREATE TABLE runs_v3 (
                    id TEXT PRIMARY KEY NOT NULL,
                    workflow TEXT NOT NULL,
                    workflow_hash TEXT NOT NULL REFERENCES workflows(hash),
                    status TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','cancelled','skipped','interrupted')),
                    trigger TEXT NOT NULL CHECK (trigger IN ('manual','schedule','backfill','retry')),
                    logical_date TEXT NOT NULL,
                    params TEXT NOT NULL,
                    queued_at INTEGER NOT NULL,
                    started_at INTEGER,
                    ended_at INTEGER,
                    owner_pid INTEGER,
                    owner_host TEXT,
                    heartbeat_at INTEGER,
                    cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
                    error TEXT,
                    interval_start TEXT,
                    interval_end TEXT
                );
                INSERT INTO runs_v3 (id, workflow, workflow_hash, status, trigger, logical_date, params, queued_at, started_at,
                                     ended_at, owner_pid, owner_host, heartbeat_at, cancel_requested, error, interval_start, interval_end)
                    SELECT id, workflow, workflow_hash, status, trigger, logical_date, params, queued_at, started_at,
                           ended_at, owner_pid, owner_host, heartbeat_at, cancel_requested, error, interval_start, interval_end FROM runs;
                DROP TABLE runs;
                ALTER TABLE runs_v3 RENAME TO runs;
                CREATE INDEX runs_by_workflow ON runs(workflow, id);
                CREATE INDEX runs_active ON runs(status) WHERE status IN ('queued', 'running');
                CREATE INDEX runs_by_queued ON runs(queued_at, id);
                CREATE INDEX runs_by_workflow_queued ON runs(workflow, queued_at, id);
                CREATE INDEX runs_interrupted ON runs(workflow) WHERE status = 'interrupted';
                """)
        }
        // Workers on several hosts (issue 12): the queue of ready attempts with their claims, the
        // counter that fencing tokens come from (a row, never max + 1: tokens of deleted runs must
        // never be handed out again), and the worker registry.
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                CREATE TABLE task_queue (
                    run_id TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    attempt INTEGER NOT NULL CHECK (attempt >= 1),
                    queue TEXT NOT NULL,
                    enqueued_at INTEGER NOT NULL,
                    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','claimed','done','expired')),
                    worker TEXT,
                    token INTEGER UNIQUE,
                    lease_expires_at INTEGER,
                    ended_at INTEGER,
                    PRIMARY KEY (run_id, task_id, attempt),
                    FOREIGN KEY (run_id, task_id) REFERENCES task_instances(run_id, task_id) ON DELETE CASCADE,
                    CHECK ((state = 'queued') = (worker IS NULL AND token IS NULL AND lease_expires_at IS NULL)),
                    CHECK ((state IN ('done', 'expired')) = (ended_at IS NOT NULL))
                ) WITHOUT ROWID;
                CREATE INDEX task_queue_ready ON task_queue(queue, enqueued_at, run_id, task_id, attempt) WHERE state = 'queued';
                CREATE INDEX task_queue_leases ON task_queue(lease_expires_at) WHERE state = 'claimed';
                CREATE TABLE fencing_tokens (
                    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                    last INTEGER NOT NULL CHECK (last >= 0)
                );
                INSERT INTO fencing_tokens (id, last) VALUES (1, 0);
                CREATE TABLE workers (
                    name TEXT PRIMARY KEY NOT NULL,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    queues TEXT NOT NULL,
                    slots INTEGER NOT NULL CHECK (slots >= 1),
                    slots_in_use INTEGER NOT NULL CHECK (slots_in_use >= 0),
                    started_at INTEGER NOT NULL,
                    heartbeat_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
