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

    ours_cmd = [binary, "run", workflow, "--param", f"source={source}", "--param", f"out={work}/out", "--state", f"{work}/state"]
    peers = os.path.abspath(args.peers)
    duckdb_cmd = [args.python, os.path.join(peers, "duckdb_batch.py"), source, f"{work}/peer-out", "2"]
    have_duckdb = os.path.exists(args.python) and os.path.exists(duckdb_cmd[1])
    # Ours and DuckDB alternate, so that both see the same moments of a noisy machine.
    ours_samples, duck_samples = [], []
    for _ in range(args.runs):
        ours_samples.append(timed(ours_cmd, env=env, cwd=work))
        if have_duckdb:
            duck_samples.append(timed(duckdb_cmd, env=env))
    ours, ours_mem = statistics.median(s[0] for s in ours_samples), statistics.median(s[1] for s in ours_samples)
    print(f"orchestrator run workflows/batch.yaml: median {ours:.3f} s, peak {ours_mem:.0f} MiB (run recorded in SQLite; "
          f"{args.runs} runs, peak max {max(s[1] for s in ours_samples):.0f} MiB)", flush=True)
    if have_duckdb:
        duck, duck_mem = statistics.median(s[0] for s in duck_samples), statistics.median(s[1] for s in duck_samples)
        ratios = sorted(o[0] / d[0] for o, d in zip(ours_samples, duck_samples))
        print(f"DuckDB (2 threads): median {duck:.3f} s, peak {duck_mem:.0f} MiB; orchestrator takes {ours / duck:.2f}x DuckDB's "
              f"wall (pairwise median {statistics.median(ratios):.2f}x, range {ratios[0]:.2f}-{ratios[-1]:.2f}x), "
              f"{ours_mem / duck_mem:.2f}x its memory", flush=True)
    else:
        print("DuckDB peer not available (set PEERS_PYTHON to a venv with duckdb, pandas, pyarrow)")
    pandas_script = os.path.join(peers, "pandas_batch.py")
    if os.path.exists(args.python) and os.path.exists(pandas_script):
        seconds, mem = median_of(max(1, min(args.runs, 3)), [args.python, pandas_script, source, f"{work}/peer-out"], env=env)
        print(f"pandas + pyarrow: median {seconds:.3f} s, peak {mem:.0f} MiB; orchestrator takes {ours / seconds:.2f}x its wall, "
              f"{ours_mem / mem:.2f}x its memory", flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
