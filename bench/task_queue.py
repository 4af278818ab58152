#!/usr/bin/env -S python3 -u
"""Queue benchmark (issue 12): tasks run by `orchestrator worker` processes through PostgreSQL.

1. Throughput: a run of --tasks independent `noop` tasks (`orchestrator run FILE --database URL
   --dispatch queue`), executed by 1, 2 and 4 worker processes (--slots each): completions per
   second over the run's recorded duration (first task queued to last task done), and the claim
   latency, ready to running: each attempt's recorded start minus the moment it was queued, p50/p99
   (all attempts are queued at once, so this includes the wait behind the others).
2. The 100-task shell DAG of bench/engine.py (10 chains of 10 `true`, 4 at once), whole command,
   medians of --runs, alternating: executed locally with SQLite state; executed locally with its
   state in PostgreSQL (`--local`: one local worker, the store's own cost); and through the queue by
   one worker process; ratios to SQLite, and the claim latency there, where a slot is free for each
   attempt.

Starts a throwaway PostgreSQL 15 (bench/pgserver.py), one fresh database per measurement.
Usage: bench/task_queue.py [--tasks 1000] [--workers 1,2,4] [--slots 4] [--runs 5] [--binary PATH]
Run from the repository root after `swift build -c release`.
"""
import argparse, os, signal, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgserver import Cluster  # noqa: E402


def noop_workflow(path, tasks):
    with open(path, "w") as f:
        f.write("name: queue_noop\ntasks:\n")
        for index in range(tasks):
            f.write(f"  - id: t{index:05d}\n    type: noop\n")


def shell_dag(path):
    with open(path, "w") as f:
        f.write("name: queue_shell\nmax_parallel_tasks: 4\ntasks:\n")
        for chain in range(10):
            for step in range(10):
                f.write(f"  - id: c{chain}s{step}\n    run: \"true\"\n")
                if step:
                    f.write(f"    depends_on: [c{chain}s{step - 1}]\n")


def start_workers(binary, url, count, slots, work):
    workers = []
    for index in range(count):
        state = os.path.join(work, f"worker-{index}")
        workers.append(subprocess.Popen([binary, "worker", "--database", url, "--slots", str(slots), "--name", f"bench-{index}",
                                         "--state", state], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return workers


def wait_registered(pg, database, count, deadline=30):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            if int(pg.query(database, "SELECT count(*) FROM workers")[0][0]) >= count:
                return
        except (subprocess.CalledProcessError, IndexError):
            pass  # the schema is made by the first process that opens the database
        time.sleep(0.05)
    raise SystemExit(f"{count} workers did not register within {deadline} s")


def stop(workers):
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def run_queued(binary, url, workflow, state):
    subprocess.run([binary, "run", workflow, "--database", url, "--dispatch", "queue", "--state", state],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def throughput(pg, binary, tasks, workers, slots, work, label):
    database = f"tp_{label}"
    url = pg.create(database)
    os.makedirs(work, exist_ok=True)
    workflow = os.path.join(work, "noop.yaml")
    noop_workflow(workflow, tasks)
    # The coordinator makes the schema before any worker asks for work.
    subprocess.run([binary, "runs", "list", "--database", url, "--state", os.path.join(work, "coordinator")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs = start_workers(binary, url, workers, slots, work)
    try:
        wait_registered(pg, database, workers)
        run_queued(binary, url, workflow, os.path.join(work, "coordinator"))
    finally:
        stop(procs)
    (first, last, done), = [tuple(int(x) for x in row) for row in pg.query(database,
        "SELECT min(q.enqueued_at), max(a.ended_at), count(*) FROM task_queue q JOIN attempts a USING (run_id, task_id, attempt) "
        "WHERE a.status = 'succeeded'")]
    latencies = sorted(int(row[0]) for row in pg.query(database,
        "SELECT a.started_at - q.enqueued_at FROM task_queue q JOIN attempts a USING (run_id, task_id, attempt)"))
    if done != tasks:
        raise SystemExit(f"{done} of {tasks} tasks succeeded")
    seconds = (last - first) / 1000
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return seconds, tasks / seconds, p50, p99


def shell_runs(pg, binary, runs, work):
    os.makedirs(work, exist_ok=True)
    workflow = os.path.join(work, "shell.yaml")
    shell_dag(workflow)
    local, pg_local, queued = [], [], []
    url = pg.create("shell")
    subprocess.run([binary, "runs", "list", "--database", url, "--state", os.path.join(work, "pg-coordinator")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs = start_workers(binary, url, 1, 4, work)
    try:
        wait_registered(pg, "shell", 1)
        for _ in range(runs):  # alternate, so both see the same moments of a noisy machine
            start = time.perf_counter()
            subprocess.run([binary, "run", workflow, "--state", os.path.join(work, "sqlite")], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            local.append(time.perf_counter() - start)
            start = time.perf_counter()
            subprocess.run([binary, "run", workflow, "--database", url, "--local", "--state", os.path.join(work, "pg-local")], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            pg_local.append(time.perf_counter() - start)
            start = time.perf_counter()
            run_queued(binary, url, workflow, os.path.join(work, "pg-coordinator"))
            queued.append(time.perf_counter() - start)
    finally:
        stop(procs)
    # Here the coordinator queues at most 4 attempts at a time, so a slot is free for each: the
    # claim latency measures the handover itself, not time spent waiting behind other attempts.
    latencies = sorted(int(row[0]) for row in pg.query("shell",
        "SELECT a.started_at - q.enqueued_at FROM task_queue q JOIN attempts a USING (run_id, task_id, attempt)"))
    return local, pg_local, queued, latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--slots", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=".build/release/orchestrator")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="queuebench-")
    with Cluster() as pg:
        print(f"binary: {binary}; PostgreSQL 15 on 127.0.0.1:{pg.port}")
        for count in [int(x) for x in args.workers.split(",")]:
            seconds, rate, p50, p99 = throughput(pg, binary, args.tasks, count, args.slots, os.path.join(work, f"w{count}"), f"w{count}")
            print(f"{args.tasks} noop tasks, {count} worker(s) x {args.slots} slots: {seconds:.3f} s, {rate:.0f} completions/s; "
                  f"claim latency (queued to running) p50 {p50} ms, p99 {p99} ms", flush=True)
        local, pg_local, queued, latencies = shell_runs(pg, binary, args.runs, os.path.join(work, "shell"))
        a, c, b = statistics.median(local), statistics.median(pg_local), statistics.median(queued)
        print(f"100-task shell DAG (10 chains of 10, 4 at once), whole command, median of {args.runs}: SQLite local {a:.3f} s; "
              f"PostgreSQL state, executed locally (--local) {c:.3f} s: {c / a:.2f}x; "
              f"PostgreSQL with one worker process {b:.3f} s: {b / a:.2f}x", flush=True)
        p50 = latencies[len(latencies) // 2]
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"claim latency in that DAG (queued to running, a slot free for each): p50 {p50} ms, p99 {p99} ms "
              f"over {len(latencies)} attempts", flush=True)


if __name__ == "__main__":
    main()
