#!/usr/bin/env python3
"""Daemon benchmark: idle CPU and memory, and how fast a standby takes over the scheduler lease.

  - idle: a daemon whose only workflow is due at 03:00 daily, measured for --idle seconds after
    start-up: CPU time used (from /proc) and resident memory (VmRSS, and the peak VmHWM);
  - takeover: a second daemon stands by; the active one is SIGKILLed (the standby sees its pid gone)
    or SIGSTOPped (alive but silent, as a hung process or one on another host: the lease goes stale
    after 10 s). Time from the signal to the standby's "scheduler lease acquired" log line.

Usage: bench/daemon.py [--idle 30] [--binary PATH]
Run from the repository root after `swift build -c release --static-swift-stdlib` (the Swift runtime
linked in: fewer pages of shared libraries are touched, so the resident size is lower).
"""
import argparse, os, signal, subprocess, tempfile, time


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kib(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def start(binary, folder, state, log):
    return subprocess.Popen([binary, "scheduler", "--workflows", folder, "--state", state],
                            stdout=subprocess.DEVNULL, stderr=open(log, "w"))


def wait_for(log, text, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if text in open(log).read():
            return time.time()
        time.sleep(0.005)
    raise SystemExit(f"'{text}' not logged in {log} within {timeout} s")


def takeover(binary, work, how):
    folder, state = os.path.join(work, f"wf-{how}"), os.path.join(work, f"state-{how}")
    os.makedirs(folder)
    open(os.path.join(folder, "tick.yaml"), "w").write("name: tick\nschedule: {every: 1s}\ntasks:\n  - id: t\n    type: noop\n")
    first_log, second_log = os.path.join(work, f"{how}-active.log"), os.path.join(work, f"{how}-standby.log")
    first = start(binary, folder, state, first_log)
    wait_for(first_log, "scheduler lease acquired")
    second = start(binary, folder, state, second_log)
    wait_for(second_log, "standing by")
    signalled = time.time()
    os.kill(first.pid, signal.SIGKILL if how == "kill" else signal.SIGSTOP)
    if how == "kill":
        first.wait()  # reaped, as a service manager does: a zombie's pid still answers kill(pid, 0)
    acquired = wait_for(second_log, "scheduler lease acquired", timeout=30)
    for proc in (first, second):
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return acquired - signalled


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--idle", type=int, default=30)
    parser.add_argument("--binary", default=".build/release/orchestrator")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="bench-daemon-")

    folder = os.path.join(work, "wf")
    os.makedirs(folder)
    open(os.path.join(folder, "nightly.yaml"), "w").write(
        "name: nightly\nschedule: \"0 3 * * *\"\ntasks:\n  - id: t\n    type: noop\n")
    log = os.path.join(work, "idle.log")
    proc = start(binary, folder, os.path.join(work, "state"), log)
    wait_for(log, "workflow loaded")
    time.sleep(2)
    before, wall = cpu_seconds(proc.pid), time.time()
    time.sleep(args.idle)
    cpu, elapsed = cpu_seconds(proc.pid) - before, time.time() - wall
    rss, peak, anon = memory_kib(proc.pid, "VmRSS"), memory_kib(proc.pid, "VmHWM"), memory_kib(proc.pid, "RssAnon")
    proc.send_signal(signal.SIGTERM)
    proc.wait()
    print(f"idle daemon over {elapsed:.0f} s: CPU {cpu * 1000:.0f} ms ({cpu / elapsed * 100:.2f}% of a core), "
          f"RSS {rss / 1024:.1f} MiB (peak {peak / 1024:.1f} MiB, of which anonymous {anon / 1024:.1f} MiB)")
    print(f"takeover after SIGKILL of the active daemon: {takeover(binary, work, 'kill'):.2f} s")
    print(f"takeover after SIGSTOP of the active daemon (stale heartbeat): {takeover(binary, work, 'stop'):.2f} s")


if __name__ == "__main__":
    main()
