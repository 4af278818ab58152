#!/usr/bin/env python3
"""Checks the streaming pipeline's exactly-once effect from the outside.

Reads the stream log from STATE/streams.sqlite and the serving tables from STATE/serving-*.sqlite
(sqlite3), and the lake's
Parquet files (DuckDB), and prints one JSON object with the counts and revenue sums of each, so a
caller can compare them: every committed record once in the lake and once per key in each table.

    python3 scripts/verify_stream.py STATE LAKE [STREAM]
"""
import json
import sqlite3
import sys
from decimal import Decimal


def main():
    state, lake = sys.argv[1], sys.argv[2]
    stream = sys.argv[3] if len(sys.argv) > 3 else "transactions"
    db = sqlite3.connect(f"file:{state}/streams.sqlite?mode=ro", uri=True)
    last_seq, checkpoint = db.execute(
        "SELECT last_seq, checkpoint FROM streams WHERE name = ?", (stream,)).fetchone()
    log_rows = db.execute(
        "SELECT quantity, unit_price FROM stream_records WHERE stream = ? AND seq <= ?", (stream, checkpoint)).fetchall()
    log_revenue = sum(Decimal(q) * Decimal(p) for q, p in log_rows)
    items_db = sqlite3.connect(f"file:{state}/serving-items.sqlite?mode=ro", uri=True)
    customers_db = sqlite3.connect(f"file:{state}/serving-customers.sqlite?mode=ro", uri=True)
    items, items_revenue = items_db.execute("SELECT count(*), coalesce(sum(revenue), 0) FROM invoice_items").fetchone()
    # One row per (customer, invoice): its item count and revenue as billions and rest of thousandths.
    customers, billions, rest = customers_db.execute(
        "SELECT coalesce(sum(item_count), 0), coalesce(sum(revenue_billions), 0), coalesce(sum(revenue_rest), 0) "
        "FROM customer_invoices").fetchone()
    customers_revenue = billions * 1_000_000_000 + rest
    keys = db.execute(
        "SELECT count(DISTINCT invoice_no || '|' || stock_code) FROM stream_records WHERE stream = ? AND seq <= ?",
        (stream, checkpoint)).fetchone()[0]
    result = {
        "last_seq": last_seq, "checkpoint": checkpoint,
        "log_records": len(log_rows), "log_keys": keys, "log_revenue": str(log_revenue.quantize(Decimal("0.001"))),
        "items": items, "items_revenue": str((Decimal(items_revenue) / 1000).quantize(Decimal("0.001"))),
        "customer_rows": customers, "customer_revenue": str((Decimal(customers_revenue) / 1000).quantize(Decimal("0.001"))),
    }
    try:
        import duckdb
        con = duckdb.connect()
        rows, distinct, revenue = con.execute(
            "SELECT count(*), count(DISTINCT invoice_no || '|' || stock_code), coalesce(sum(revenue), 0) "
            f"FROM read_parquet('{lake}/**/*.parquet', hive_partitioning = true)").fetchone()
        files = con.execute(f"SELECT count(*) FROM glob('{lake}/**/*.parquet')").fetchone()[0]
        result.update(lake_rows=rows, lake_keys=distinct, lake_revenue=str(Decimal(revenue).quantize(Decimal("0.001"))),
                      lake_files=files)
    except ImportError:
        result["lake_rows"] = None
    print(json.dumps(result))


if __name__ == "__main__":
    main()
