#!/usr/bin/env -S python3 -u
"""Batch benchmark: `orchestrator run workflows/batch.yaml` vs the DuckDB and pandas peers, same input.

Usage: bench/batch.py [--runs N] [--binary PATH] [--peers DIR] [--python PY] [--rows N]
Run from the repository root after `swift build -c release`. Prints medians (wall, peak RSS) and ratios.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine import timed  # noqa: E402


def median_of(runs, cmd, **kw):
    samples = [timed(cmd, **kw) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=541909)
    parser.add_argument("--binary", default=".build/release/orchestrator")
    parser.add_argument("--peers", default="../shared/peers")
    parser.add_argument("--python", default=os.environ.get("PEERS_PYTHON", "/tmp/peers/bin/python"))
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    workflow = os.path.abspath("workflows/batch.yaml")
    work = tempfile.mkdtemp(prefix="bench-batch-")
    source = os.path.join(work, "online_retail.csv")
    env = dict(os.environ, NO_COLOR="1")

    start = time.perf_counter()
    subprocess.run([binary, "datagen", "online-retail", "--rows", str(args.rows), "--seed", "42", "--out", source],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"datagen {args.rows} rows: {time.perf_counter() - start:.3f} s (one run)", flush=True)

    ours, ours_mem = median_of(args.runs, [binary, "run", workflow, "--param", f"source={source}", "--param",
                                           f"out={work}/out", "--state", f"{work}/state"], env=env, cwd=work)
    print(f"orchestrator run workflows/batch.yaml: median {ours:.3f} s, peak {ours_mem:.0f} MiB (run recorded in SQLite)", flush=True)

    peers = os.path.abspath(args.peers)
    results = {}
    if os.path.exists(args.python):
        for name, script, extra in (("DuckDB (2 threads)", "duckdb_batch.py", ["2"]), ("pandas + pyarrow", "pandas_batch.py", [])):
            path = os.path.join(peers, script)
            if not os.path.exists(path):
                continue
            seconds, mem = median_of(max(1, min(args.runs, 3)), [args.python, path, source, f"{work}/peer-out"] + extra, env=env)
            results[name] = (seconds, mem)
            print(f"{name}: median {seconds:.3f} s, peak {mem:.0f} MiB; orchestrator is {seconds / ours:.2f}x faster, "
                  f"uses {ours_mem / mem:.2f}x the memory", flush=True)
    else:
        print("peers not available (set PEERS_PYTHON to a venv with duckdb, pandas, pyarrow)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
