import GRDB

/// The versioned migrations of `state/streams.sqlite`: the stream logs, their checkpoints, landed
/// files and API tokens.
///
/// Never edit a shipped migration: add a new one.
enum StreamSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE streams (
                    name TEXT PRIMARY KEY NOT NULL,
                    last_seq INTEGER NOT NULL DEFAULT 0,
                    checkpoint INTEGER NOT NULL DEFAULT 0,
                    checkpoint_at INTEGER,
                    batch_first INTEGER,
                    batch_last INTEGER,
                    batch_run TEXT,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE stream_records (
                    stream TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    invoice_no TEXT NOT NULL,
                    stock_code TEXT NOT NULL,
                    description TEXT,
                    quantity TEXT NOT NULL,
                    invoice_date TEXT NOT NULL,
                    unit_price TEXT NOT NULL,
                    customer_id TEXT,
                    country TEXT NOT NULL,
                    PRIMARY KEY (stream, seq)
                ) WITHOUT ROWID;
                CREATE TABLE landed_files (
                    digest TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    stream TEXT NOT NULL,
                    rows INTEGER NOT NULL,
                    accepted INTEGER NOT NULL,
                    first_seq INTEGER,
                    last_seq INTEGER,
                    landed_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE api_tokens (
                    name TEXT PRIMARY KEY NOT NULL,
                    hash TEXT NOT NULL UNIQUE,
                    scopes TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER,
                    revoked_at INTEGER
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
