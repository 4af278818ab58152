import GRDB

/// The migrations of the two serving files, one table each (see `StreamDatabase`).
/// Never edit a shipped migration: add a new one.
enum ServingSchema {
    static var items: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE invoice_items (
                    invoice_no TEXT NOT NULL,
                    stock_code TEXT NOT NULL,
                    description TEXT,
                    quantity INTEGER NOT NULL,
                    invoice_ts INTEGER NOT NULL,
                    unit_price INTEGER NOT NULL,
                    customer_id TEXT NOT NULL,
                    country TEXT NOT NULL,
                    revenue INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    PRIMARY KEY (invoice_no, stock_code)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }

    static var customers: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE customer_invoices (
                    customer_id TEXT NOT NULL,
                    invoice_no TEXT NOT NULL,
                    stock_code TEXT NOT NULL,
                    quantity INTEGER NOT NULL,
                    invoice_ts INTEGER NOT NULL,
                    unit_price INTEGER NOT NULL,
                    revenue INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    PRIMARY KEY (customer_id, invoice_no, stock_code)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
