#!/usr/bin/env -S python3 -u
"""Engine benchmark: orchestrator vs Luigi on the same 100-task DAG, plus validation and per-task cost.

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
    ours, ours_mem = median_of(args.runs, [binary, "run", wf, "--state", state], env=env)
    print(f"100 shell tasks (10 chains x 10, 4 parallel), every transition in SQLite: orchestrator median {ours:.3f} s, peak {ours_mem:.0f} MiB")

    spawn = median_of(args.runs, ["sh", "-c", "for i in $(seq 100); do sh -c true; done"])[0]
    print(f"floor: 100 sequential `sh -c true` spawns: {spawn:.3f} s")

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

    per_task = []
    for count in (1000, 4000):
        path = os.path.join(work, f"noop{count}.yaml")
        open(path, "w").write(chains_yaml("noop", count // 10, 10, 4))
        seconds = median_of(max(3, args.runs // 2), [binary, "run", path, "--state", os.path.join(work, f"s{count}")], env=env)[0]
        per_task.append((count, seconds))
        print(f"{count} noop tasks (engine + SQLite only, no process): median {seconds:.3f} s = {seconds / count * 1000:.3f} ms/task")
    (n1, t1), (n2, t2) = per_task
    print(f"marginal engine cost per task between {n1} and {n2} tasks: {(t2 - t1) / (n2 - n1) * 1000:.3f} ms")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
