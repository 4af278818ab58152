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
        // One row per invoice with its items as a JSON array (see `ServedInvoice`); the view keeps
        // one row per item for SQL readers. A rowid table: its rows (about 1 KB for 8 items) stay
        // on their leaf pages, where WITHOUT ROWID would move each one past ~1 KB to an overflow page.
        migrator.registerMigration("v2-invoices") { db in
            try db.execute(sql: """
                CREATE TABLE invoices (
                    invoice_no TEXT NOT NULL PRIMARY KEY,
                    item_count INTEGER NOT NULL,
                    revenue_billions INTEGER NOT NULL,
                    revenue_rest INTEGER NOT NULL,
                    items TEXT NOT NULL
                );
                INSERT INTO invoices
                SELECT invoice_no, count(*), sum(revenue / 1000000000), sum(revenue % 1000000000),
                       json_group_array(json_array(stock_code, description, quantity, invoice_ts, unit_price, customer_id, country,
                                                   revenue, seq))
                FROM (SELECT * FROM invoice_items ORDER BY invoice_no, stock_code) GROUP BY invoice_no;
                DROP TABLE invoice_items;
                CREATE VIEW invoice_items AS
                SELECT invoices.invoice_no AS invoice_no, json_extract(item.value, '$[0]') AS stock_code,
                       json_extract(item.value, '$[1]') AS description, json_extract(item.value, '$[2]') AS quantity,
                       json_extract(item.value, '$[3]') AS invoice_ts, json_extract(item.value, '$[4]') AS unit_price,
                       json_extract(item.value, '$[5]') AS customer_id, json_extract(item.value, '$[6]') AS country,
                       json_extract(item.value, '$[7]') AS revenue, json_extract(item.value, '$[8]') AS seq
                FROM invoices, json_each(invoices.items) AS item;
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
        // One row per (customer, invoice), as the DynamoDB table was keyed: the invoice's first
        // timestamp, item count, revenue (split as in `CustomerInvoice`) and latest sequence.
        migrator.registerMigration("v2-per-invoice") { db in
            try db.execute(sql: """
                CREATE TABLE customer_invoices_v2 (
                    customer_id TEXT NOT NULL,
                    invoice_no TEXT NOT NULL,
                    invoice_ts INTEGER NOT NULL,
                    item_count INTEGER NOT NULL,
                    revenue_billions INTEGER NOT NULL,
                    revenue_rest INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    PRIMARY KEY (customer_id, invoice_no)
                ) WITHOUT ROWID;
                INSERT INTO customer_invoices_v2
                SELECT customer_id, invoice_no, min(invoice_ts), count(*), sum(revenue / 1000000000), sum(revenue % 1000000000), max(seq)
                FROM customer_invoices GROUP BY customer_id, invoice_no;
                DROP TABLE customer_invoices;
                ALTER TABLE customer_invoices_v2 RENAME TO customer_invoices;
                """)
        }
        return migrator
    }
}
