#!/usr/bin/env python3
"""`GET /metrics` of an `orchestrator serve --with-scheduler` against the run history its API gives.

    check_metrics.py --url http://127.0.0.1:PORT --token TOKEN [--retried RUN=STATUS ...]

Meant for a server on a fresh state folder, so that every run and every stream record in the
store went through this process (its counters start at zero with it). Checks:
  - orchestrator_runs_total{workflow,status}: the runs per (workflow, status), plus one end per
    retry: a retried run ended once before in the status given by --retried (the API keeps
    only a run's last status)
  - orchestrator_task_attempts_total{workflow,task,state}: the attempts per (workflow, task,
    attempt status) in the runs' attempt histories
  - orchestrator_task_duration_seconds: a histogram whose count per workflow is its attempts
  - orchestrator_http_requests_total: has a series for a /api/v1/runs route
  - orchestrator_active_runs: the running runs per workflow (0 once all have finished)
  - orchestrator_scheduler_fire_delay_seconds: counts the scheduled runs (when there are any)
  - orchestrator_stream_records_total and orchestrator_stream_lag_records: a series for every
    stream, the accepted records equal to its last sequence number
The metrics and the history are read when no run is active, and read again if they disagree
(a run may end between the two reads), until --timeout. Exit 0 when all agree; 1 with a diff
of every mismatch; 2 when the server cannot be read.
"""
import argparse
import collections
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError as error:  # pragma: no cover - setup problem, reported plainly
    print(f"check_metrics: prometheus_client is not installed in this Python ({sys.executable}): {error}; "
          "run ./scripts/test, which installs it into .venv", file=sys.stderr)
    sys.exit(2)

ACTIVE = {"queued", "running"}


class Unreadable(Exception):
    """The server did not answer as the API says."""


class Server:
    def __init__(self, url, token):
        self.base = url.rstrip("/")
        self.token = token

    def fetch(self, path, query=None, auth=True):
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        request = urllib.request.Request(url)
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.read().decode()
        except (urllib.error.URLError, OSError) as error:
            body = error.read()[:300] if isinstance(error, urllib.error.HTTPError) else b""
            raise Unreadable(f"GET {path}: {error} {body!r}") from None

    def json(self, path, **query):
        return json.loads(self.fetch(path, query or None))

    def runs(self):
        """Every run, newest first, following next_cursor."""
        runs, cursor = [], None
        while True:
            query = {"limit": 500}
            if cursor:
                query["cursor"] = cursor
            page = self.json("/api/v1/runs", **query)
            runs.extend(page["runs"])
            cursor = page.get("next_cursor")
            if not cursor:
                return runs

    def metrics(self):
        """The families by name, each a list of (sample name, labels, value)."""
        families = {}
        for family in text_string_to_metric_families(self.fetch("/metrics")):
            families[family.name] = (family.type, [(s.name, dict(s.labels), s.value) for s in family.samples])
        return families


def snapshot(server, deadline):
    """The metrics with the history around them, read while no run is active and unchanged across the read."""
    while True:
        before = server.runs()
        if not any(r["status"] in ACTIVE for r in before):
            families = server.metrics()
            after = server.runs()
            if [(r["id"], r["status"], r["ended_at"]) for r in before] == [(r["id"], r["status"], r["ended_at"]) for r in after]:
                details = [server.json(f"/api/v1/runs/{urllib.parse.quote(r['id'], safe='')}") for r in after]
                return families, after, details
        if time.monotonic() > deadline:
            active = [(r["id"], r["status"]) for r in before if r["status"] in ACTIVE]
            raise Unreadable(f"runs were still active or changing when the time was up: {active}")
        time.sleep(0.2)


def series(families, family, sample):
    """{labels tuple: value} of one sample name of a family ({} when the family is missing)."""
    _, samples = families.get(family, (None, []))
    return {tuple(sorted(labels.items())): value for name, labels, value in samples if name == sample}


def compare(title, metric, expected, problems):
    """Appends one line per key where the metric and the history differ (zero and absent are equal)."""
    for key in sorted(set(metric) | set(expected)):
        got, want = metric.get(key, 0), expected.get(key, 0)
        if got != want:
            labels = ",".join(f'{k}="{v}"' for k, v in key)
            problems.append(f"{title}{{{labels}}}: /metrics says {got:g}, the run history says {want:g}")


def check(server, families, runs, details, retried):
    problems, notes = [], []
    key = lambda **labels: tuple(sorted(labels.items()))

    # Runs by (workflow, status), with the earlier end of each retried run.
    by_id = {r["id"]: r for r in runs}
    ends = collections.Counter(key(workflow=r["workflow"], status=r["status"]) for r in runs)
    for run_id, status in retried.items():
        if run_id not in by_id:
            problems.append(f"--retried names run {run_id}, which the API does not list")
            continue
        ends[key(workflow=by_id[run_id]["workflow"], status=status)] += 1
    compare("orchestrator_runs_total", series(families, "orchestrator_runs", "orchestrator_runs_total"), ends, problems)

    # Attempts by (workflow, task, attempt status), and their durations.
    attempts = collections.Counter()
    per_workflow = collections.Counter()
    for run in details:
        for task in run["tasks"]:
            for attempt in task.get("attempt_history") or []:
                attempts[key(workflow=run["workflow"], task=task["id"], state=attempt["status"])] += 1
                per_workflow[key(workflow=run["workflow"])] += 1
    compare("orchestrator_task_attempts_total",
            series(families, "orchestrator_task_attempts", "orchestrator_task_attempts_total"), attempts, problems)
    duration = "orchestrator_task_duration_seconds"
    if families.get(duration, ("",))[0] != "histogram":
        problems.append(f"{duration} is missing or not a histogram (it is {families.get(duration, ('absent',))[0]})")
    else:
        counts = series(families, duration, duration + "_count")
        compare(duration + "_count", counts, per_workflow, problems)
        infinite = {k: v for k, v in ((tuple(x for x in k if x[0] != "le"), v) for k, v in series(families, duration, duration + "_bucket").items()
                                        if dict(k).get("le") == "+Inf")}
        compare(duration + '_bucket{le="+Inf"}', infinite, counts, problems)
        total = sum(counts.values())
        if total != sum(attempts.values()):
            problems.append(f"{duration}_count totals {total:g}, the run history has {sum(attempts.values())} attempts")

    # HTTP requests by route.
    http = series(families, "orchestrator_http_requests", "orchestrator_http_requests_total")
    routes = sorted({dict(k).get("route", "") for k in http})
    if not any("/api/v1/runs" in route for route in routes):
        problems.append(f"orchestrator_http_requests_total has no series for a /api/v1/runs route (routes: {routes})")
    notes.append(f"{len(routes)} HTTP routes")

    # Active runs: the history was read with none active.
    active = series(families, "orchestrator_active_runs", "orchestrator_active_runs")
    if not active:
        problems.append("orchestrator_active_runs has no series")
    for labels, value in sorted(active.items()):
        if value != 0:
            problems.append(f"orchestrator_active_runs{{{','.join(f'{k}={v!r}' for k, v in labels)}}} is {value:g} but no run of it is active")

    # Scheduler fire delay: one observation per scheduled run.
    scheduled = sum(1 for r in runs if r["trigger"] == "schedule")
    delay = "orchestrator_scheduler_fire_delay_seconds"
    if scheduled:
        count = sum(series(families, delay, delay + "_count").values())
        if families.get(delay, ("",))[0] != "histogram":
            problems.append(f"{scheduled} runs were scheduled but {delay} is missing or not a histogram")
        elif count != scheduled:
            problems.append(f"{delay}_count is {count:g}, but {scheduled} runs were started by the schedule")
        notes.append(f"{scheduled} scheduled runs")
    else:
        notes.append(f"no scheduled run, so {delay} is not checked")

    # Streams.
    streams = server.json("/api/v1/streams")["streams"]
    if streams:
        records = series(families, "orchestrator_stream_records", "orchestrator_stream_records_total")
        lag = series(families, "orchestrator_stream_lag_records", "orchestrator_stream_lag_records")
        for stream in streams:
            name = stream["stream"]
            accepted = records.get(key(stream=name, outcome="accepted"), 0)
            if accepted != stream["last_seq"]:
                problems.append(f'orchestrator_stream_records_total{{stream="{name}",outcome="accepted"}} is {accepted:g}, '
                                f"but the stream's last sequence number is {stream['last_seq']}")
            if key(stream=name) not in lag:
                problems.append(f'orchestrator_stream_lag_records has no series for stream "{name}"')
        notes.append(f"{len(streams)} stream(s)")
    else:
        notes.append("no stream, so the stream families are not checked")
    return problems, notes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True, help="a token with runs:read (and metrics:read under --metrics-auth)")
    parser.add_argument("--retried", action="append", default=[], metavar="RUN=STATUS",
                        help="a run retried after ending in STATUS (it counts one more end); repeatable")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for a quiet, consistent reading")
    args = parser.parse_args()
    retried = {}
    for item in args.retried:
        run_id, _, status = item.partition("=")
        if not run_id or not status:
            parser.error(f"--retried wants RUN=STATUS, got {item!r}")
        retried[run_id] = status

    server = Server(args.url, args.token)
    deadline = time.monotonic() + args.timeout
    try:
        while True:
            families, runs, details = snapshot(server, deadline)
            problems, notes = check(server, families, runs, details, retried)
            # A counter can trail the store by a moment: read again before calling it a mismatch.
            if not problems or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    except Unreadable as error:
        print(f"check_metrics: could not read the server: {error}", file=sys.stderr)
        return 2
    if problems:
        print(f"check_metrics: /metrics disagrees with the run history ({len(runs)} runs):\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    attempts = sum(len(t.get("attempt_history") or []) for r in details for t in r["tasks"])
    print(f"check_metrics: ok: {len(runs)} runs, {attempts} attempts, {len(retried)} retried run(s); " + "; ".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
