#!/usr/bin/env python3
"""warehouse_load of the star schema vs psql \\copy of the same CSVs into the same tables.

Starts a throwaway PostgreSQL 15 cluster (as the tests do), makes the batch output with
ORCHESTRATOR_BIN (default .build/release/orchestrator, else .build/debug), then times each side
RUNS times (median): orchestrator's warehouse_load (replace mode: staging, COPY, keys, checks,
ANALYZE) and psql \\copy into the same pre-created tables with the same keys (TRUNCATE first).
  python3 bench/warehouse.py [--rows 541909] [--runs 3]
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgserver import Cluster, PG  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAR = ["dim_date", "dim_product", "dim_customer", "dim_country", "fact_sales"]

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="541909"); parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.environ.get("ORCHESTRATOR_BIN") or next(p for p in [ROOT + "/.build/release/orchestrator", ROOT + "/.build/debug/orchestrator"] if os.path.exists(p))
    with Cluster() as pg:
        port, psql = pg.port, pg.psql
        subprocess.run(psql + ["-c", "CREATE DATABASE a", "-c", "CREATE DATABASE b"], check=True)
        out = tempfile.mkdtemp(prefix="whbench-out-")
        subprocess.run([binary, "run", ROOT + "/workflows/batch.yaml", "--state", out + "/state", "--param", f"out={out}",
                        "--param", f"source={out}/raw.csv", "--param", f"rows={args.rows}"], check=True, capture_output=True)
        facts = sum(1 for _ in open(out + "/powerbi/fact_sales.csv", "rb")) - 1
        flow = out + "/load.yaml"
        open(flow, "w").write(f"name: whbench\ntasks:\n  - id: load\n    type: warehouse_load\n    source: {out}/powerbi\n")
        env = dict(os.environ, ORCHESTRATOR_WAREHOUSE_URL=f"postgres://postgres@127.0.0.1:{port}/a")
        ours = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([binary, "run", flow, "--state", out + "/state"], check=True, capture_output=True, env=env)
            ours.append(time.perf_counter() - start)
        # The same tables and keys for psql, from the DDL warehouse_load made.
        ddl = subprocess.run([PG + "/pg_dump", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-s", "-O", "-x",
                              *sum([["-t", t] for t in STAR], []), "a"], check=True, capture_output=True, text=True).stdout
        subprocess.run(psql + ["-d", "b"], input=ddl, text=True, check=True, capture_output=True)
        copies = "".join(f"\\copy {t} FROM '{out}/powerbi/{t}.csv' WITH (FORMAT csv, HEADER true)\n" for t in STAR)
        theirs = []
        for _ in range(args.runs):
            script = "BEGIN;\nTRUNCATE " + ", ".join(STAR) + ";\n" + copies + "COMMIT;\nANALYZE;\n"
            start = time.perf_counter()
            subprocess.run(psql + ["-d", "b"], input=script, text=True, check=True, capture_output=True)
            theirs.append(time.perf_counter() - start)
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"binary: {binary}\nfact_sales rows: {facts}\nwarehouse_load (whole `orchestrator run`): median {a:.3f} s of {[round(x, 3) for x in ours]}")
        print(f"psql \\copy (BEGIN, TRUNCATE, 5 x \\copy, COMMIT, ANALYZE): median {b:.3f} s of {[round(x, 3) for x in theirs]}")
        print(f"ratio warehouse_load / psql: {a / b:.2f}x")
        shutil.rmtree(out, ignore_errors=True)

if __name__ == "__main__":
    main()
