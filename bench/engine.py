#!/usr/bin/env -S python3 -u
"""Engine benchmark: orchestrator vs Luigi and the spawn floor on the same 100-task DAG, validation, and the
engine's per-task cost at 1,000, 10,000 and 100,000 noop tasks.

Usage: bench/engine.py [--runs N] [--binary PATH] [--peers DIR] [--python PY]
Prints medians and ratios. Run from the repository root after `swift build -c release`.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time


def timed(cmd, env=None, cwd=None, before=None):
    """Runs cmd once; returns (seconds, peak RSS MiB of the child)."""
    if before:
        before()
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block the child
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        err = errors.read().decode(errors="replace")[-4000:]
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(runs, cmd, **kw):
    samples = [timed(cmd, **kw) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def chains_yaml(task_type, chains, length, parallel):
    lines = [f"name: bench_{task_type}", f"max_parallel_tasks: {parallel}", "tasks:"]
    for c in range(chains):
        for i in range(length):
            lines.append(f"  - id: c{c}_t{i}")
            lines.append(f"    type: {task_type}")
            if task_type == "shell":
                lines.append('    run: "true"')
            if i > 0:
                lines.append(f"    depends_on: [c{c}_t{i - 1}]")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--binary", default=".build/release/orchestrator")
    parser.add_argument("--peers", default="../shared/peers")
    parser.add_argument("--python", default=os.environ.get("PEERS_PYTHON", "/tmp/peers/bin/python"))
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="bench-engine-")
    state = os.path.join(work, "state")
    env = dict(os.environ, NO_COLOR="1")

    wf = os.path.join(work, "noop100.yaml")
    open(wf, "w").write(chains_yaml("shell", 10, 10, 4))
    # Ours and the floor alternate, so that both see the same moments of a noisy machine. The state
    # folder is kept across runs, as a user running the workflow again would.
    pairs = max(15, args.runs * 2)
    ours_samples, floor_samples = [], []
    for _ in range(pairs):
        ours_samples.append(timed([binary, "run", wf, "--state", state], env=env))
        floor_samples.append(timed(["sh", "-c", "for i in $(seq 100); do sh -c true; done"]))
    ours, ours_mem = statistics.median(s[0] for s in ours_samples), statistics.median(s[1] for s in ours_samples)
    spawn = statistics.median(s[0] for s in floor_samples)
    ratios = sorted(o[0] / f[0] for o, f in zip(ours_samples, floor_samples))
    print(f"100 shell tasks (10 chains x 10, 4 parallel), every transition in SQLite: orchestrator median {ours:.3f} s, "
          f"peak {ours_mem:.0f} MiB ({pairs} runs)")
    print(f"floor: 100 sequential `sh -c true` spawns: {spawn:.3f} s")
    print(f"orchestrator / spawn floor: {ours / spawn:.2f}x of the medians; pairwise ratios median "
          f"{statistics.median(ratios):.2f}x, range {ratios[0]:.2f}-{ratios[-1]:.2f}x (target: 1.5x or better)")

    luigi_script = os.path.join(os.path.abspath(args.peers), "noop100_luigi.py")
    if os.path.exists(luigi_script) and os.path.exists(args.python):
        out = os.path.join(work, "luigi-out")
        clear = lambda: (shutil.rmtree(out, ignore_errors=True), os.makedirs(out))
        luigi, luigi_mem = median_of(args.runs, [args.python, luigi_script], env=dict(env, LUIGI_OUT=out), before=clear)
        print(f"Luigi (local scheduler, 4 workers, no durable history): median {luigi:.3f} s, peak {luigi_mem:.0f} MiB")
        print(f"ratio orchestrator/Luigi: {ours / luigi:.2f}x")
    else:
        print("Luigi peer not available (set PEERS_PYTHON to a venv with luigi)")

    big = os.path.join(work, "big.yaml")
    open(big, "w").write(chains_yaml("shell", 1000, 10, 4))
    validate = median_of(args.runs, [binary, "validate", big], env=env)[0]
    print(f"validate a 10,000-task workflow: median {validate:.3f} s")

    # The engine's own cost: noop tasks (no process), every transition committed to SQLite.
    # Chains of 100 at 4 in parallel; 100,000 tasks is a 5 MiB workflow file.
    per_task = []
    for count in (1000, 10000, 100000):
        path = os.path.join(work, f"noop{count}.yaml")
        open(path, "w").write(chains_yaml("noop", count // 100, 100, 4))
        runs = max(3, args.runs // 2) if count < 100000 else 3
        state_of = lambda: os.path.join(work, f"s{count}")  # noqa: E731
        seconds, memory = median_of(runs, [binary, "run", path, "--state", state_of()], env=env,
                                    before=lambda: shutil.rmtree(state_of(), ignore_errors=True))
        per_task.append((count, seconds))
        print(f"{count:,} noop tasks ({count // 100} chains of 100, 4 parallel): median {seconds:.3f} s, peak {memory:.0f} MiB, "
              f"{seconds / count * 1000:.3f} ms/task" + ("  (target: 3 s or less)" if count == 10000 else ""))
    costs = [seconds / count for count, seconds in per_task]
    print(f"per-task cost, largest / smallest: {max(costs) / min(costs):.2f}x (flat is 1.0x)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
