#!/usr/bin/env python3
"""Compare the Spark batch's outputs with the native batch's, with DuckDB.

    scripts/verify_spark.py NATIVE_OUT SPARK_OUT

Checks, and prints what differs:
- emr/sales: the same multiset of rows (EXCEPT ALL both ways over the nine columns, read with
  hive_partitioning), the same schema (column types), and each row in the partition its
  invoice_ts belongs to;
- aggregates/{monthly_revenue,country_revenue,top_products,customer_rfm}.csv: byte-for-byte the
  same rows in the same order (money compared as exact decimal text), and the .parquet beside each
  with the same rows when both sides wrote one;
- quality/report.json: rows_read, rows_clean, dropped per reason, rows_quarantined, quarantined
  per reason, input encoding and blank lines;
- quality/quarantine.csv: the same (line, reason) set, and the same raw text per line.
Exit 0 with a summary line when everything is identical, 1 otherwise.
"""

import csv
import io
import json
import os
import sys

import duckdb

AGGREGATES = ["monthly_revenue", "country_revenue", "top_products", "customer_rfm"]
SALES_COLUMNS = ["invoice_no", "stock_code", "description", "quantity", "invoice_ts", "unit_price",
                 "customer_id", "country", "revenue"]
EXPECTED_TYPES = {"invoice_no": "VARCHAR", "stock_code": "VARCHAR", "description": "VARCHAR", "quantity": "BIGINT",
                  "invoice_ts": "TIMESTAMP", "unit_price": "DECIMAL(18,3)", "customer_id": "VARCHAR",
                  "country": "VARCHAR", "revenue": "DECIMAL(18,3)"}
SHOW = 10


class Diff:
    def __init__(self):
        self.problems = []

    def add(self, section, text):
        self.problems.append((section, text))
        print(f"DIFF [{section}] {text}")


def sql_path(path):
    return path.replace("'", "''")


def check_sales(con, native, spark, diff):
    views = {}
    for side, root in (("native", native), ("spark", spark)):
        folder = os.path.join(root, "emr", "sales")
        if not os.path.isdir(folder):
            diff.add("emr/sales", f"{side}: no folder {folder}")
            return 0
        glob = sql_path(os.path.join(folder, "*", "*", "*.parquet"))
        con.execute(f"CREATE OR REPLACE VIEW {side}_sales AS SELECT * FROM "
                    f"read_parquet('{glob}', hive_partitioning = true, hive_types_autocast = false)")
        types = {name: kind for name, kind, *_ in con.execute(f"DESCRIBE {side}_sales").fetchall()}
        for column, kind in EXPECTED_TYPES.items():
            if types.get(column) != kind:
                diff.add("emr/sales", f"{side}: column {column} is {types.get(column)}, expected {kind}")
        views[side] = f"{side}_sales"
        bad = con.execute(f"""SELECT count(*) FROM {side}_sales
            WHERE CAST(year AS VARCHAR) <> lpad(CAST(year(invoice_ts) AS VARCHAR), 4, '0')
               OR CAST(month AS VARCHAR) <> lpad(CAST(month(invoice_ts) AS VARCHAR), 2, '0')""").fetchone()[0]
        if bad:
            diff.add("emr/sales", f"{side}: {bad} rows in a year=/month= folder other than their invoice_ts's")
    cols = ", ".join(SALES_COLUMNS)
    counts = {side: con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] for side, view in views.items()}
    if counts["native"] != counts["spark"]:
        diff.add("emr/sales", f"row counts differ: native {counts['native']}, spark {counts['spark']}")
    for a, b in (("native", "spark"), ("spark", "native")):
        query = f"SELECT {cols} FROM {views[a]} EXCEPT ALL SELECT {cols} FROM {views[b]}"
        missing = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
        if missing:
            diff.add("emr/sales", f"{missing} rows in {a} but not in {b}; first {SHOW}:")
            for row in con.execute(f"{query} ORDER BY ALL LIMIT {SHOW}").fetchall():
                print(f"    {a} only: {row}")
    return counts["native"]


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def check_aggregates(con, native, spark, diff):
    checked = 0
    for name in AGGREGATES:
        n_path = os.path.join(native, "aggregates", name + ".csv")
        s_path = os.path.join(spark, "aggregates", name + ".csv")
        if not os.path.isfile(n_path) or not os.path.isfile(s_path):
            diff.add(f"aggregates/{name}.csv", f"missing: native {os.path.isfile(n_path)}, spark {os.path.isfile(s_path)}")
            continue
        n_bytes, s_bytes = read_bytes(n_path), read_bytes(s_path)
        n_rows = list(csv.reader(io.StringIO(n_bytes.decode("utf-8"), newline="")))
        s_rows = list(csv.reader(io.StringIO(s_bytes.decode("utf-8"), newline="")))
        if n_rows[:1] != s_rows[:1]:
            diff.add(f"aggregates/{name}.csv", f"headers differ: native {n_rows[:1]}, spark {s_rows[:1]}")
        if len(n_rows) != len(s_rows):
            diff.add(f"aggregates/{name}.csv", f"row counts differ: native {len(n_rows) - 1}, spark {len(s_rows) - 1}")
        shown = 0
        for index, (n_row, s_row) in enumerate(zip(n_rows[1:], s_rows[1:]), start=1):
            if n_row != s_row:
                if shown < SHOW:
                    diff.add(f"aggregates/{name}.csv", f"row {index}: native {n_row} | spark {s_row}")
                shown += 1
        if shown > SHOW:
            diff.add(f"aggregates/{name}.csv", f"... {shown - SHOW} more rows differ")
        if shown == 0 and len(n_rows) == len(s_rows) and n_bytes != s_bytes:
            diff.add(f"aggregates/{name}.csv", "same rows, different bytes (quoting, line ends or null/empty)")
        # Exact decimals as DuckDB reads them: the same multiset of typed rows.
        for side, path in (("n", n_path), ("s", s_path)):
            con.execute(f"CREATE OR REPLACE VIEW {side}_{name} AS SELECT * FROM read_csv('{sql_path(path)}', "
                        f"header = true, all_varchar = true)")
        for a, b in (("n", "s"), ("s", "n")):
            extra = con.execute(f"SELECT count(*) FROM (SELECT * FROM {a}_{name} EXCEPT ALL SELECT * FROM {b}_{name})").fetchone()[0]
            if extra:
                diff.add(f"aggregates/{name}.csv", f"DuckDB: {extra} rows only in {'native' if a == 'n' else 'spark'}")
        n_parquet = os.path.join(native, "aggregates", name + ".parquet")
        s_parquet = os.path.join(spark, "aggregates", name + ".parquet")
        if os.path.isfile(n_parquet) and os.path.isfile(s_parquet):
            q = f"""SELECT count(*) FROM (
                (SELECT * FROM read_parquet('{sql_path(n_parquet)}') EXCEPT ALL SELECT * FROM read_parquet('{sql_path(s_parquet)}'))
                UNION ALL
                (SELECT * FROM read_parquet('{sql_path(s_parquet)}') EXCEPT ALL SELECT * FROM read_parquet('{sql_path(n_parquet)}')))"""
            extra = con.execute(q).fetchone()[0]
            if extra:
                diff.add(f"aggregates/{name}.parquet", f"{extra} rows differ between the two Parquet files")
            n_types = [r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{sql_path(n_parquet)}')").fetchall()]
            s_types = [r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{sql_path(s_parquet)}')").fetchall()]
            if n_types != s_types:
                diff.add(f"aggregates/{name}.parquet", f"column types differ: native {n_types}, spark {s_types}")
        checked += len(n_rows) - 1
    return checked


def check_report(native, spark, diff):
    reports = {}
    for side, root in (("native", native), ("spark", spark)):
        path = os.path.join(root, "quality", "report.json")
        if not os.path.isfile(path):
            diff.add("quality/report.json", f"{side}: missing {path}")
            return None
        with open(path, encoding="utf-8") as f:
            reports[side] = json.load(f)
    n, s = reports["native"], reports["spark"]
    for key in ("rows_read", "rows_clean", "rows_quarantined"):
        if n.get(key) != s.get(key):
            diff.add("quality/report.json", f"{key}: native {n.get(key)}, spark {s.get(key)}")
    for group in ("dropped", "quarantined"):
        for reason in sorted(set(n.get(group, {})) | set(s.get(group, {}))):
            if n[group].get(reason) != s[group].get(reason):
                diff.add("quality/report.json", f"{group}.{reason}: native {n[group].get(reason)}, spark {s[group].get(reason)}")
    for key in ("encoding", "blank_lines", "size_bytes", "sha256"):
        if n["input"].get(key) != s["input"].get(key):
            diff.add("quality/report.json", f"input.{key}: native {n['input'].get(key)}, spark {s['input'].get(key)}")
    for side, r in reports.items():
        total = r["rows_clean"] + sum(r["dropped"].values()) + r["rows_quarantined"]
        if r["rows_read"] != total:
            diff.add("quality/report.json", f"{side}: rows_read {r['rows_read']} != clean + dropped + quarantined {total}")
    return n


def read_quarantine(path):
    with open(path, "rb") as f:
        data = f.read().decode("utf-8")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    return rows[0], {(int(r[0]), r[1]): r[2] for r in rows[1:]}, [int(r[0]) for r in rows[1:]]


def check_quarantine(native, spark, diff):
    found = {}
    for side, root in (("native", native), ("spark", spark)):
        path = os.path.join(root, "quality", "quarantine.csv")
        if not os.path.isfile(path):
            diff.add("quality/quarantine.csv", f"{side}: missing {path}")
            return 0
        found[side] = read_quarantine(path)
    (n_head, n, n_order), (s_head, s, s_order) = found["native"], found["spark"]
    if n_head != s_head:
        diff.add("quality/quarantine.csv", f"headers differ: native {n_head}, spark {s_head}")
    for a, b, name in ((n, s, "native"), (s, n, "spark")):
        only = sorted(set(a) - set(b))
        if only:
            diff.add("quality/quarantine.csv", f"{len(only)} (line, reason) only in {name}: {only[:SHOW]}")
    raw_diffs = [key for key in sorted(set(n) & set(s)) if n[key] != s[key]]
    for key in raw_diffs[:SHOW]:
        diff.add("quality/quarantine.csv", f"line {key[0]} ({key[1]}) raw differs: native {n[key]!r} | spark {s[key]!r}")
    if s_order != sorted(s_order):
        diff.add("quality/quarantine.csv", "spark: lines are not in file order")
    return len(n)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    native, spark = argv[1], argv[2]
    diff = Diff()
    con = duckdb.connect()
    rows = check_sales(con, native, spark, diff)
    agg_rows = check_aggregates(con, native, spark, diff)
    report = check_report(native, spark, diff)
    quarantined = check_quarantine(native, spark, diff)
    if diff.problems:
        sections = sorted({section for section, _ in diff.problems})
        print(f"DIFFERENT: {len(diff.problems)} difference(s) in {', '.join(sections)}")
        return 1
    read = report["rows_read"] if report else 0
    print(f"IDENTICAL: emr/sales {rows} rows, {agg_rows} aggregate rows in {len(AGGREGATES)} tables, "
          f"report ({read} read, {report['rows_clean'] if report else 0} clean), {quarantined} quarantined lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
