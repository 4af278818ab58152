#!/usr/bin/env python3
"""History benchmark: does the state database stay fast as run history grows?

Fills a state database with N runs (default 1,000,000) of 10 scheduled workflows and 10 task
instances each (10,000,000), written directly with sqlite3 in the schema of migration v2, then
measures with the release binary:

  - `orchestrator runs list --limit 50`: wall time of the whole command (process start, opening
    and checking the database, the query, printing), median of --runs;
  - the scheduler's per-tick cost: CPU time of a daemon running an `every: 1s` workflow (one run
    created, executed and recorded per tick), per tick, on an empty database and on the full one.

Usage: bench/history.py [--runs-in-history N] [--runs 7] [--ticks 20] [--binary PATH] [--keep DIR]
Run from the repository root after `swift build -c release`.
"""
import argparse, os, re, signal, sqlite3, statistics, subprocess, sys, tempfile, time

WORKFLOWS = 10
TASKS_PER_RUN = 10
START = 1_700_000_000  # 2023-11-14T22:13:20Z: history starts here, one run per workflow every 10 s


def iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def prepare(binary, state):
    """Lets the binary create the database with its own migrations."""
    subprocess.run([binary, "runs", "list", "--state", state], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fill(path, total):
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    yaml = "name: {name}\nschedule: {{every: 10s}}\ntasks:\n" + "".join(f"  - id: t{i}\n    type: noop\n" for i in range(TASKS_PER_RUN))
    for w in range(WORKFLOWS):
        name = f"hist{w}"
        db.execute("INSERT OR IGNORE INTO workflows (hash, name, file, yaml, created_at) VALUES (?, ?, ?, ?, ?)",
                   (f"{w:016x}", name, f"workflows/{name}.yaml", yaml.format(name=name), START * 1000))
    statuses = ["succeeded"] * 18 + ["failed", "cancelled"]
    batch = 10_000
    started = time.perf_counter()
    for first in range(0, total, batch):
        runs, slots, tasks = [], [], []
        for n in range(first, min(first + batch, total)):
            w, k = n % WORKFLOWS, n // WORKFLOWS
            name = f"hist{w}"
            fire = START + k * 10
            run_id = f"{name}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(fire))}"
            status = statuses[n % len(statuses)]
            millis = fire * 1000 + w
            runs.append((run_id, name, f"{w:016x}", status, "schedule", iso(fire), "{}", millis, millis, millis + 900,
                         1, "bench", millis + 900, iso(fire - 10), iso(fire)))
            slots.append((name, fire * 1000, run_id, millis))
            for t in range(TASKS_PER_RUN):
                state = "succeeded" if status == "succeeded" or t < 5 else ("failed" if t == 5 else "upstream_failed")
                tasks.append((run_id, f"t{t}", t, state, 1, millis + t, millis + t + 80, 0))
        db.executemany("""INSERT INTO runs (id, workflow, workflow_hash, status, trigger, logical_date, params, queued_at, started_at,
                          ended_at, owner_pid, owner_host, heartbeat_at, interval_start, interval_end)
                          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", runs)
        db.executemany("INSERT INTO schedule_slots (workflow, logical_date, run_id, created_at) VALUES (?, ?, ?, ?)", slots)
        db.executemany("""INSERT INTO task_instances (run_id, task_id, position, state, try_number, started_at, ended_at, exit_code)
                          VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", tasks)
        db.commit()
        done = min(first + batch, total)
        if done % 100_000 == 0:
            print(f"  {done:,} runs, {done * TASKS_PER_RUN:,} task instances ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    for w in range(WORKFLOWS):
        last = START + (total // WORKFLOWS - 1) * 10
        db.execute("INSERT OR REPLACE INTO schedule_cursors (workflow, last_fire) VALUES (?, ?)", (f"hist{w}", last * 1000))
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ANALYZE")
    db.close()


def runs_list_median(binary, state, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([binary, "runs", "list", "--limit", "50", "--state", state], check=True, capture_output=True, text=True)
        samples.append(time.perf_counter() - start)
        assert len(out.stdout.strip().splitlines()) == 51, out.stdout[:500]
    return statistics.median(samples), min(samples), max(samples)


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def per_tick_cost(binary, state, ticks):
    """CPU time of the daemon per tick of an every-1s workflow, measured over `ticks` ticks after warm-up."""
    folder = tempfile.mkdtemp(prefix="bench-history-wf-")
    open(os.path.join(folder, "tick.yaml"), "w").write("name: tick\nschedule: {every: 1s}\ntasks:\n  - id: t\n    type: noop\n")
    log = open(os.path.join(folder, "daemon.log"), "w+")
    proc = subprocess.Popen([binary, "scheduler", "--workflows", folder, "--state", state], stdout=subprocess.DEVNULL, stderr=log)
    try:
        time.sleep(3)  # lease, load, first runs
        before, wall = cpu_seconds(proc.pid), time.time()
        time.sleep(ticks)
        cpu = cpu_seconds(proc.pid) - before
        elapsed = time.time() - wall
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    log.seek(0)
    text = log.read()
    latencies = []
    for line in text.splitlines():
        match = re.match(r"(\S+) info run started logical_date=(\S+) ", line)
        if match:
            started = time.mktime(time.strptime(match.group(1)[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone + float("0." + match.group(1)[20:23])
            due = time.mktime(time.strptime(match.group(2), "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
            latencies.append((started - due) * 1000)
    return cpu / elapsed, latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs-in-history", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--ticks", type=int, default=20)
    parser.add_argument("--binary", default=".build/release/orchestrator")
    parser.add_argument("--keep", help="state folder to fill and keep (default: a temp folder)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)

    empty = tempfile.mkdtemp(prefix="bench-history-empty-")
    prepare(binary, empty)
    empty_tick, empty_latency = per_tick_cost(binary, empty, args.ticks)

    full = args.keep or tempfile.mkdtemp(prefix="bench-history-full-")
    path = os.path.join(full, "orchestrator.sqlite")
    if not os.path.exists(path) or args.keep is None:
        prepare(binary, full)
        print(f"filling {path} with {args.runs_in_history:,} runs and {args.runs_in_history * TASKS_PER_RUN:,} task instances", file=sys.stderr)
        fill(path, args.runs_in_history)
    size = os.path.getsize(path) / 2**20
    median, low, high = runs_list_median(binary, full, args.runs)
    full_tick, full_latency = per_tick_cost(binary, full, args.ticks)

    print(f"history: {args.runs_in_history:,} runs, {args.runs_in_history * TASKS_PER_RUN:,} task instances, database {size:,.0f} MiB")
    print(f"`runs list --limit 50` (whole command): median {median * 1000:.0f} ms (min {low * 1000:.0f}, max {high * 1000:.0f}) over {args.runs} runs")
    print(f"scheduler per tick (every: 1s, one run created and executed per tick), CPU per second of wall time:")
    print(f"  empty database: {empty_tick * 1000:.1f} ms/tick; full database: {full_tick * 1000:.1f} ms/tick")
    for label, values in (("empty", empty_latency), ("full", full_latency)):
        if values:
            print(f"  due-run start latency ({label}): median {statistics.median(values):.0f} ms, max {max(values):.0f} ms over {len(values)} runs")


if __name__ == "__main__":
    main()
