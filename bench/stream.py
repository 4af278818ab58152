#!/usr/bin/env -S python3 -u
"""Streaming benchmark: HTTP ingest, micro-batch throughput, freshness and point reads.

Measures, with their targets (from the streaming issue, for a 2-core machine):
  1. ingest, NDJSON batches of 500 records over 4 keep-alive connections: records/s      (>= 50,000)
  2. ingest, one record per POST over keep-alive connections (wrk -t2 -c16, or Python
     threads without wrk): requests/s                                                     (>= 3,000)
  3. micro-batch: N = 300,000 records (50,000 with --quick) ingested with the scheduler off, then one
     `orchestrator run` of the streaming workflow over all of them (median of --reps copies of that
     state): N / wall time of the command; also N / run duration and N / sum of task durations
                                                                                           (>= 300,000 records/s)
     Beside it, the floor: the same N cleaned rows (values generated directly, not timed) upserted, with
     our keys, schema and seq-guarded ON CONFLICT statements, into fresh empty tables, one transaction
     per table, the two tables one after the other: by Python's sqlite3 executemany (two WAL files,
     synchronous=NORMAL) and by DuckDB (one file, INSERT ... SELECT from an Arrow table); medians of
     --reps, per table and summed, and our wall time over the sqlite3 floor. It runs in the first
     interpreter with duckdb and pyarrow ($PEERS_PYTHON, /tmp/peers/bin/python, .venv/bin/python,
     python3); without one, the sqlite3 floor alone, and the table says DuckDB was not found.
  4. freshness: `serve --with-scheduler`, workflow due every 2 s, one record posted at a
     time at ~50/s; time from the POST's acknowledgement to the record answering 200 on
     GET /api/v1/transactions: median, p99, max                                           (p99 <= 3 s)
  5. GET /api/v1/transactions at a fixed 2,000 requests/s (open loop, Python, 8 keep-alive
     connections, latency counted from each request's scheduled time): p50, p99          (p99 <= 5 ms)
     plus wrk's closed-loop maximum rate and latency when wrk is installed.

Each server phase uses a fresh state folder under a temp folder (removed at the end unless --keep).
The load generator shares the machine with the server: on 2 cores its CPU is taken from the server,
so the figures are lower bounds.

Reproduce, from the repository root:
    swift build -c release --product orchestrator
    python3 bench/stream.py            # --quick for a smoke run; --save writes bench/results/stream.json
wrk is used when installed (`apt-get install -y wrk`); otherwise Python threads with http.client.

Usage: bench/stream.py [--quick] [--port PORT] [--only 1,3] [--reps N] [--binary PATH] [--save] [--keep]
"""
import argparse, collections, gc, http.client, json, os, random, re, shutil, signal, socket, statistics
import subprocess, sys, tempfile, threading, time
from datetime import datetime

RECORDS_PATH = "/api/v1/streams/transactions/records"
STREAM_PATH = "/api/v1/streams/transactions"
SCOPES = "records:write,transactions:read,admin"
BATCH = 500
ENV = dict(os.environ, NO_COLOR="1")

# Each phase writes records with its own InvoiceNo prefix, so keys never collide within a state folder.
PHASE_INGEST, PHASE_SINGLE, PHASE_MICROBATCH, PHASE_FRESHNESS, PHASE_READS, PHASE_WARMUP = 1, 2, 3, 4, 5, 6

DESCRIPTIONS = ["WHITE HANGING HEART T-LIGHT HOLDER", "WHITE METAL LANTERN", "CREAM CUPID HEARTS COAT HANGER",
                "KNITTED UNION FLAG HOT WATER BOTTLE", "RED WOOLLY HOTTIE WHITE HEART.", "SET 7 BABUSHKA NESTING BOXES"]
COUNTRIES = ["United Kingdom", "France", "Germany", "EIRE", "Spain", "Netherlands"]
# One record as JSON: InvoiceNo, StockCode and CustomerID as strings (as in the Online Retail CSV),
# Quantity an integer, UnitPrice a number with two decimals, InvoiceDate as "12/1/2010 8:26".
RECORD = ('{"InvoiceNo":"%d","StockCode":"%d","Description":"%s","Quantity":%d,"InvoiceDate":"%d/%d/2010 %d:%02d",'
          '"UnitPrice":%.2f,"CustomerID":"%d","Country":"%s"}')

WORKFLOW = """name: streaming
schedule: {{every: {every}}}
max_active_runs: 1
keep_runs: 500
tasks:
  - id: read
    type: stream_read
    stream: transactions
    max_records: {max_records}
  - id: clean
    type: stream_clean
    depends_on: [read]
  - id: write_lake
    type: stream_lake_sink
    lake: {lake}
    depends_on: [clean]
  - id: upsert_serving
    type: stream_serving_sink
    depends_on: [clean]
  - id: commit
    type: stream_commit
    depends_on: [write_lake, upsert_serving]
"""

# Prints wrk's figures as one JSON line, so nothing depends on the layout of its text report.
WRK_DONE = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"duration_us":%.0f,"requests":%.0f,"bytes":%.0f,"connect_errors":%.0f,' ..
    '"read_errors":%.0f,"write_errors":%.0f,"status_errors":%.0f,"timeouts":%.0f,"p50_us":%.0f,"p90_us":%.0f,' ..
    '"p99_us":%.0f,"max_us":%.0f,"mean_us":%.1f}\\n', summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
"""

# One new record per request: InvoiceNo is <phase><thread, 2 digits><counter, 7 digits>.
WRK_POST = """
wrk.method = "POST"
wrk.path = "@PATH@"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer @TOKEN@"
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local body = string.format('{"InvoiceNo":"@PHASE@%02d%07d","StockCode":"85123","Description":"WHITE METAL LANTERN",' ..
    '"Quantity":%d,"InvoiceDate":"12/1/2010 8:26","UnitPrice":3.39,"CustomerID":"17850","Country":"United Kingdom"}',
    tid, counter, 1 + counter % 24)
  return wrk.format(nil, nil, nil, body)
end
""" + WRK_DONE

WRK_GET = """
wrk.headers["Authorization"] = "Bearer @TOKEN@"
local paths = {@PATHS@}
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
""" + WRK_DONE


def log(message):
    print(message, file=sys.stderr, flush=True)


def percentile(values, p):
    """Linear interpolation between the closest ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def record_fields(phase, i):
    """The values of record i of a phase, in RECORD's order: invoice, stock, description, quantity, month, day,
    hour, minute, unit price (a multiple of 0.25, so exact in binary), customer, country.

    Eight items per invoice. As in the Online Retail data, the date, the customer and the country belong to the
    invoice: its items share them."""
    n = i // 8
    return (phase * 10_000_000 + n, 20000 + i % 8, DESCRIPTIONS[i % len(DESCRIPTIONS)], 1 + i % 24, 1 + n % 12,
            1 + n % 28, 8 + n % 10, n % 60, 0.5 + (i % 97) * 0.25, 12346 + n % 4000, COUNTRIES[n % len(COUNTRIES)])


def record(phase, i):
    """Record i of a phase: (InvoiceNo, StockCode, JSON text). Pairs are unique; quantity and price positive."""
    fields = record_fields(phase, i)
    return str(fields[0]), str(fields[1]), RECORD % fields


def ndjson_batches(phase, count, first=0):
    """count records of a phase as NDJSON bodies of BATCH records; also returns the last record's key."""
    bodies, key = [], None
    for start in range(first, first + count, BATCH):
        lines = []
        for i in range(start, min(start + BATCH, first + count)):
            invoice, stock, text = record(phase, i)
            lines.append(text)
            key = (invoice, stock)
        bodies.append(("\n".join(lines) + "\n").encode())
    return bodies, key


def item_path(invoice, stock):
    return f"/api/v1/transactions?invoice_no={invoice}&stock_code={stock}"


def reply_counts(data):
    """(accepted, refused) from an ingest reply, read without parsing its per-record results."""
    accepted, refused = re.search(rb'"accepted"\s*:\s*(\d+)', data), re.search(rb'"refused"\s*:\s*(\d+)', data)
    if accepted is None:
        raise ValueError(f"no 'accepted' in reply: {data[:200]!r}")
    return int(accepted.group(1)), int(refused.group(1)) if refused else 0


class Client:
    """One keep-alive HTTP/1.1 connection to the server; opens a new one after an error."""

    def __init__(self, port, token, timeout=30):
        self.port, self.timeout, self.conn = port, timeout, None
        auth = {"Authorization": f"Bearer {token}"} if token else {}
        self.headers = {None: auth, "application/json": dict(auth, **{"Content-Type": "application/json"}),
                        "application/x-ndjson": dict(auth, **{"Content-Type": "application/x-ndjson"})}

    def request(self, method, path, body=None, content_type=None):
        """(status, body bytes). A request on a reused connection that the server had closed is sent again once."""
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=self.headers[content_type])
                response = self.conn.getresponse()
                data = response.read()
                if response.will_close:
                    self.close()
                return response.status, data
            except (OSError, http.client.HTTPException):
                self.close()
                if not reused or attempt == 2:
                    raise

    def json(self, method, path):
        status, data = self.request(method, path)
        if status != 200:
            raise RuntimeError(f"{method} {path}: HTTP {status} {data[:300]!r}")
        return json.loads(data)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# ---------------------------------------------------------------------------------------------- processes

PROCESSES = []  # every child still to stop on exit


def stop(proc, grace=20):
    """SIGTERM, then SIGKILL after `grace` seconds."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            log(f"pid {proc.pid} still running {grace} s after SIGTERM: SIGKILL")
            proc.kill()
            proc.wait()
    if proc in PROCESSES:
        PROCESSES.remove(proc)


def tail(path, lines=30):
    try:
        return "\n".join(open(path, errors="replace").read().splitlines()[-lines:])
    except OSError:
        return ""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_token(binary, state):
    os.makedirs(state, exist_ok=True)
    out = subprocess.run([binary, "token", "create", "--name", "bench", "--scopes", SCOPES, "--state", state, "--json"],
                         capture_output=True, text=True, env=ENV)
    if out.returncode != 0:
        raise RuntimeError(f"`orchestrator token create` failed ({out.returncode}):\n{out.stderr[-2000:]}")
    try:
        return json.loads(out.stdout)["token"]
    except (ValueError, KeyError, TypeError):
        lines = out.stdout.strip().splitlines()
        if not lines:
            raise RuntimeError(f"`orchestrator token create --json` printed no token:\n{out.stderr[-2000:]}")
        return lines[0].strip()


class Server:
    """`orchestrator serve` on a state folder; ready once GET /healthz answers 200."""

    def __init__(self, binary, state, workflows, port, scheduler, work):
        self.port, self.log_path = port, os.path.join(work, f"serve-{os.path.basename(state)}.log")
        cmd = [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--state", state, "--workflows", workflows]
        if scheduler:
            cmd.append("--with-scheduler")
        with open(self.log_path, "ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=out, env=ENV)
        PROCESSES.append(self.proc)
        self.started = time.perf_counter()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, timeout=30):
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"`orchestrator serve` exited with {self.proc.returncode}:\n{tail(self.log_path)}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    log(f"  serve ready on port {self.port} after {time.perf_counter() - self.started:.2f} s")
                    return
                conn.close()
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"GET /healthz did not answer 200 within {timeout} s:\n{tail(self.log_path)}")

    def stop(self):
        stop(self.proc)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# ---------------------------------------------------------------------------------------------- load generators

def post_bodies(port, token, bodies, content_type, connections, duration=None):
    """POSTs bodies in order over `connections` keep-alive connections until all are sent or `duration` is up."""
    lock = threading.Lock()
    state = {"next": 0, "accepted": 0, "refused": 0, "requests": 0, "failed": 0, "errors": [], "latencies": []}
    deadline = None

    def worker():
        client = Client(port, token)
        accepted = refused = requests = failed = 0
        latencies, errors = [], []
        while True:
            with lock:
                index = state["next"]
                state["next"] += 1
            if index >= len(bodies) or (deadline is not None and time.perf_counter() >= deadline):
                break
            sent = time.perf_counter()
            try:
                status, data = client.request("POST", RECORDS_PATH, bodies[index], content_type)
                if status != 200:
                    raise RuntimeError(f"HTTP {status}: {data[:200]!r}")
                a, r = reply_counts(data)
            except Exception as error:  # counted, reported, and the run goes on
                failed += 1
                if len(errors) < 3:
                    errors.append(repr(error))
                continue
            latencies.append(time.perf_counter() - sent)
            accepted, refused, requests = accepted + a, refused + r, requests + 1
        client.close()
        with lock:
            state["accepted"] += accepted
            state["refused"] += refused
            state["requests"] += requests
            state["failed"] += failed
            state["latencies"] += latencies
            state["errors"] += errors

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    start = time.perf_counter()
    deadline = start + duration if duration else None
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    result = {key: state[key] for key in ("accepted", "refused", "requests", "failed")}
    result.update(seconds=elapsed, exhausted=state["next"] >= len(bodies), errors=state["errors"][:5],
                  latency_p50_ms=ms(percentile(state["latencies"], 50)), latency_p99_ms=ms(percentile(state["latencies"], 99)))
    return result


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 3)


def run_wrk(script_text, url, threads, connections, seconds, work, name):
    script = os.path.join(work, f"{name}.lua")
    open(script, "w").write(script_text)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"^WRK_RESULT (\{.*\})$", out.stdout, re.M)
    if out.returncode != 0 or match is None:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    result = json.loads(match.group(1))
    result["ok"] = result["requests"] - result["status_errors"]
    result["requests_per_second"] = result["ok"] / (result["duration_us"] / 1e6)
    return result


def stream_status(port, token):
    return Client(port, token, timeout=10).json("GET", STREAM_PATH)


def wait_visible(port, token, key, timeout):
    """Seconds until GET /api/v1/transactions answers 200 for key; raises after timeout."""
    client, start = Client(port, token), time.perf_counter()
    while time.perf_counter() - start < timeout:
        status, data = client.request("GET", item_path(*key))
        if status == 200:
            client.close()
            return time.perf_counter() - start
        if status != 404:
            raise RuntimeError(f"GET {item_path(*key)}: HTTP {status} {data[:300]!r}")
        time.sleep(0.05)
    raise RuntimeError(f"record {key} not visible on GET /api/v1/transactions within {timeout} s")


# ---------------------------------------------------------------------------------------------- measures

def measure_ingest(port, token, seconds):
    """1. NDJSON batches of 500 records over 4 connections for `seconds`."""
    count = 80_000 * seconds  # enough for 80,000 records/s; generated before the clock starts
    log(f"  generating {count:,} records")
    bodies, _ = ndjson_batches(PHASE_INGEST, count)
    post_bodies(port, token, bodies[:4], "application/x-ndjson", 4)  # warm-up: connections, statements, pages
    result = post_bodies(port, token, bodies[4:], "application/x-ndjson", 4, duration=seconds)
    result["records_per_second"] = result["accepted"] / result["seconds"]
    if result["exhausted"]:
        log(f"  all {count:,} pre-generated records were sent in {result['seconds']:.1f} s (faster than 80,000/s)")
    return result


def measure_single_posts(port, token, seconds, work):
    """2. One record per POST: wrk -t2 -c16 when installed, otherwise 16 Python threads."""
    before = stream_status(port, token).get("last_seq")
    if shutil.which("wrk"):
        script = WRK_POST.replace("@PATH@", RECORDS_PATH).replace("@TOKEN@", token).replace("@PHASE@", str(PHASE_SINGLE))
        result = run_wrk(script, f"http://127.0.0.1:{port}{RECORDS_PATH}", 2, 16, seconds, work, "post")
        result.update(tool="wrk -t2 -c16", latency_p50_ms=result["p50_us"] / 1000, latency_p99_ms=result["p99_us"] / 1000)
    else:
        # The same concurrency as wrk -c16. Python's client tops out near 3,000-4,000 requests/s on 2 cores
        # (the GIL), so this figure is a lower bound.
        bodies = [record(PHASE_SINGLE, i)[2].encode() for i in range(10_000 * seconds)]
        result = post_bodies(port, token, bodies, "application/json", 16, duration=seconds)
        result["requests_per_second"] = result["requests"] / result["seconds"]
        result["tool"] = "python http.client, 16 threads (a lower bound: the client is CPU-bound)"
    after = stream_status(port, token).get("last_seq")
    if isinstance(before, int) and isinstance(after, int):
        result["records_appended"] = after - before  # cross-check: what the stream log grew by
    return result


def parse_time(value):
    """Epoch seconds from an ISO-8601 text or a number of seconds/milliseconds; None otherwise."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value / 1000 if value > 1e11 else float(value)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return None


def task_seconds(task):
    """A task's duration from duration_ms, or from its started/ended timestamps, whatever the key names."""
    if isinstance(task.get("duration_ms"), (int, float)):
        return task["duration_ms"] / 1000
    started = next((parse_time(v) for k, v in task.items() if "started" in k and parse_time(v) is not None), None)
    ended = next((parse_time(v) for k, v in task.items() if "ended" in k and parse_time(v) is not None), None)
    return ended - started if started is not None and ended is not None else None


def run_detail(binary, state, stdout):
    """The run's JSON: `orchestrator run --json` prints it; otherwise ask `runs list` and `runs show`."""
    try:
        detail = json.loads(stdout)
        if isinstance(detail, dict) and "tasks" in detail:
            return detail
    except ValueError:
        pass
    runs = json.loads(subprocess.run([binary, "runs", "list", "--workflow", "streaming", "--json", "--limit", "1", "--state", state],
                                     capture_output=True, text=True, check=True, env=ENV).stdout)
    return json.loads(subprocess.run([binary, "runs", "show", runs[0]["id"], "--json", "--state", state],
                                     capture_output=True, text=True, check=True, env=ENV).stdout)


def measure_microbatch(binary, work, port, count, reps):
    """3. Ingest `count` records with the scheduler off, then time one manual run on each of `reps` copies."""
    state, folder = os.path.join(work, "mb-state"), os.path.join(work, "mb-wf")
    os.makedirs(folder)
    open(os.path.join(folder, "streaming.yaml"), "w").write(
        WORKFLOW.format(every="2s", max_records=count, lake=os.path.join(work, "mb-lake")))
    token = create_token(binary, state)
    log(f"  generating {count:,} records")
    bodies, _ = ndjson_batches(PHASE_MICROBATCH, count)
    with Server(binary, state, folder, port, False, work):
        loaded = post_bodies(port, token, bodies, "application/x-ndjson", 4)
    if loaded["accepted"] != count:
        raise RuntimeError(f"{loaded['accepted']:,} of {count:,} records accepted: {loaded}")
    log(f"  loaded {count:,} records in {loaded['seconds']:.1f} s ({count / loaded['seconds']:,.0f} records/s)")

    samples = []
    for rep in range(reps):
        copy, lake = os.path.join(work, f"mb-state-{rep}"), os.path.join(work, f"mb-lake-{rep}")
        shutil.copytree(state, copy)
        os.sync()  # the copy's 40 MB of dirty pages are flushed now, not by the kernel during the timed run
        workflow = os.path.join(work, f"mb-streaming-{rep}.yaml")
        open(workflow, "w").write(WORKFLOW.format(every="2s", max_records=count, lake=lake))
        start = time.perf_counter()
        out = subprocess.run([binary, "run", workflow, "--state", copy, "--json"], capture_output=True, text=True, env=ENV)
        wall = time.perf_counter() - start
        if out.returncode != 0:
            raise RuntimeError(f"`orchestrator run` failed ({out.returncode}):\n{out.stderr[-3000:]}")
        detail = run_detail(binary, copy, out.stdout)
        tasks = {task.get("id"): task for task in detail.get("tasks", [])}
        durations = {name: task_seconds(task) for name, task in tasks.items()}
        outputs = (tasks.get("read") or {}).get("outputs") or {}
        processed = int(outputs["records"]) if str(outputs.get("records", "")).isdigit() else None
        if processed is not None and processed != count:
            log(f"  warning: the read task reports {processed:,} records, {count:,} were ingested")
        run_seconds = detail["duration_ms"] / 1000 if isinstance(detail.get("duration_ms"), (int, float)) else None
        task_sum = sum(d for d in durations.values() if d is not None)
        sample = {"wall_seconds": wall, "run_seconds": run_seconds, "task_seconds": durations, "task_sum_seconds": task_sum,
                  "read_outputs": outputs, "records_per_second_wall": count / wall,
                  "records_per_second_run": count / run_seconds if run_seconds else None,
                  "records_per_second_task_sum": count / task_sum if task_sum else None}
        samples.append(sample)
        log(f"  run {rep + 1}/{reps}: wall {wall:.3f} s, run {run_seconds if run_seconds is not None else float('nan'):.3f} s, "
            f"tasks " + ", ".join(f"{k} {v:.3f} s" for k, v in durations.items() if v is not None))
        shutil.rmtree(copy, ignore_errors=True)
        shutil.rmtree(lake, ignore_errors=True)

    def median(key):
        values = [s[key] for s in samples if s[key] is not None]
        return statistics.median(values) if values else None
    return {"records": count, "reps": reps, "load": loaded, "samples": samples,
            "records_per_second": median("records_per_second_wall"), "records_per_second_run": median("records_per_second_run"),
            "records_per_second_task_sum": median("records_per_second_task_sum")}


# The floor of measure 3: the same cleaned rows written, one transaction per table, by Python's sqlite3 and by
# DuckDB into fresh keyed tables, one row per item (the serving schema before it kept one row per invoice, see
# Sources/Streaming/ServingSchema.swift), with seq-guarded upserts: what any program pays to store the batch's rows
# by their keys, against our whole run.
FLOOR_DDL = {
    "invoice_items": "CREATE TABLE invoice_items (invoice_no TEXT NOT NULL, stock_code TEXT NOT NULL, description TEXT, "
                     "quantity INTEGER NOT NULL, invoice_ts INTEGER NOT NULL, unit_price INTEGER NOT NULL, "
                     "customer_id TEXT NOT NULL, country TEXT NOT NULL, revenue INTEGER NOT NULL, seq INTEGER NOT NULL, "
                     "PRIMARY KEY (invoice_no, stock_code)) WITHOUT ROWID",
    "customer_invoices": "CREATE TABLE customer_invoices (customer_id TEXT NOT NULL, invoice_no TEXT NOT NULL, "
                         "stock_code TEXT NOT NULL, quantity INTEGER NOT NULL, invoice_ts INTEGER NOT NULL, "
                         "unit_price INTEGER NOT NULL, revenue INTEGER NOT NULL, seq INTEGER NOT NULL, "
                         "PRIMARY KEY (customer_id, invoice_no, stock_code)) WITHOUT ROWID",
}
FLOOR_COLUMNS = {
    "invoice_items": ("invoice_no", "stock_code", "description", "quantity", "invoice_ts", "unit_price", "customer_id",
                      "country", "revenue", "seq"),
    "customer_invoices": ("customer_id", "invoice_no", "stock_code", "quantity", "invoice_ts", "unit_price", "revenue", "seq"),
}
FLOOR_UPDATE = {  # ON CONFLICT target and DO UPDATE SET ... WHERE, as in ours
    "invoice_items": "(invoice_no, stock_code) DO UPDATE SET description = excluded.description, quantity = excluded.quantity, "
                     "invoice_ts = excluded.invoice_ts, unit_price = excluded.unit_price, customer_id = excluded.customer_id, "
                     "country = excluded.country, revenue = excluded.revenue, seq = excluded.seq "
                     "WHERE excluded.seq >= invoice_items.seq",
    "customer_invoices": "(customer_id, invoice_no, stock_code) DO UPDATE SET quantity = excluded.quantity, "
                         "invoice_ts = excluded.invoice_ts, unit_price = excluded.unit_price, revenue = excluded.revenue, "
                         "seq = excluded.seq WHERE excluded.seq >= customer_invoices.seq",
}
# synchronous=NORMAL, where our serving files use FULL (one more fsync per commit: within the noise at 300,000
# rows); the 64 MiB page cache is ours (SQLiteFile.open(..., cacheMiB: 64)).
FLOOR_SQLITE_PRAGMAS = ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -65536")


def floor_rows(count):
    """The cleaned rows of the first `count` records of measure 3, as the micro-batch stores them, in arrival
    order: {table: [tuple in FLOOR_COLUMNS order]}. invoice_ts is wall-clock microseconds (ServedItem), money in
    thousandths, revenue = quantity x unit price in thousandths, seq = i + 1."""
    import calendar
    from datetime import timedelta
    items, customers = [], []
    for i in range(count):
        invoice, stock, description, quantity, month, day, hour, minute, price, customer, country = \
            record_fields(PHASE_MICROBATCH, i)
        invoice, stock, customer = str(invoice), str(stock), str(customer)
        ts = calendar.timegm((2010, month, day, hour, minute, 0)) * 1_000_000
        price = round(price * 1000)
        revenue, seq = quantity * price, i + 1
        items.append((invoice, stock, description, quantity, ts, price, customer, country, revenue, seq))
        customers.append((customer, invoice, stock, quantity, ts, price, revenue, seq))
    # The values are those of the JSON the server is sent (checked on a few records, outside any timer).
    for i in {0, 1, count // 2, count - 1}:
        sent = json.loads(record(PHASE_MICROBATCH, i)[2])
        row = items[i]
        if (sent["InvoiceNo"], sent["StockCode"], sent["Description"], sent["Quantity"], sent["CustomerID"], sent["Country"]) \
                != (row[0], row[1], row[2], row[3], row[6], row[7]) or round(sent["UnitPrice"] * 1000) != row[5] \
                or datetime.strptime(sent["InvoiceDate"], "%m/%d/%Y %H:%M") != datetime(1970, 1, 1) + timedelta(microseconds=row[4]):
            raise RuntimeError(f"floor row {i} {row} differs from the record sent {sent}")
    return {"invoice_items": items, "customer_invoices": customers}


def floor_sqlite(path, table, rows):
    """Seconds of BEGIN; executemany(upsert); COMMIT into a fresh file holding the empty table."""
    import sqlite3
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in FLOOR_SQLITE_PRAGMAS:
            db.execute(pragma)
        db.execute(FLOOR_DDL[table])
        columns = FLOOR_COLUMNS[table]
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))}) "
               f"ON CONFLICT {FLOOR_UPDATE[table]}")
        start = time.perf_counter()
        db.execute("BEGIN")
        db.executemany(sql, rows)
        db.execute("COMMIT")
        seconds = time.perf_counter() - start
        stored = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        db.close()
    if stored != len(rows):
        raise RuntimeError(f"sqlite3 floor: {stored:,} rows in {table}, {len(rows):,} written")
    return seconds


def floor_duckdb(path, arrow_tables):
    """Seconds per table of BEGIN; INSERT INTO t SELECT ... FROM <arrow table> ON CONFLICT ... DO UPDATE ... WHERE
    excluded.seq >= t.seq; COMMIT, both tables in one fresh DuckDB file (the seq guard is accepted by DuckDB)."""
    import duckdb
    for suffix in ("", ".wal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = duckdb.connect(path)
    try:
        seconds = {}
        for table, arrow in arrow_tables.items():
            # DuckDB's INTEGER is 32 bits: BIGINT holds the microsecond timestamps and 64-bit money, as SQLite's does.
            db.execute(FLOOR_DDL[table].replace(" WITHOUT ROWID", "").replace("INTEGER", "BIGINT"))
            db.register(f"{table}_rows", arrow)
        for table in arrow_tables:
            columns = ", ".join(FLOOR_COLUMNS[table])
            sql = (f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_rows "
                   f"ON CONFLICT {FLOOR_UPDATE[table]}")
            start = time.perf_counter()
            db.execute("BEGIN")
            db.execute(sql)
            db.execute("COMMIT")
            seconds[table] = time.perf_counter() - start
            stored = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if stored != arrow.num_rows:
                raise RuntimeError(f"DuckDB floor: {stored:,} rows in {table}, {arrow.num_rows:,} written")
    finally:
        db.close()
    return seconds


def floor_child(count, work, reps):
    """Run by measure_floor in an interpreter that has duckdb (and pyarrow): prints the floor's figures as JSON."""
    import sqlite3
    rows = floor_rows(count)
    result = {"records": count, "reps": reps, "python": sys.executable, "sqlite_version": sqlite3.sqlite_version,
              "sqlite_pragmas": list(FLOOR_SQLITE_PRAGMAS), "sqlite": [], "duckdb": [], "duckdb_version": None}
    arrow_tables = None
    try:
        import duckdb
        import pyarrow
        result["duckdb_version"] = duckdb.__version__
        types = {"quantity", "invoice_ts", "unit_price", "revenue", "seq"}
        arrow_tables = {table: pyarrow.table({name: pyarrow.array(values, pyarrow.int64() if name in types else pyarrow.string())
                                              for name, values in zip(FLOOR_COLUMNS[table], zip(*rows[table]))})
                        for table in rows}
    except ImportError as error:
        result["duckdb_error"] = f"{sys.executable}: {error}"
    for rep in range(reps):
        result["sqlite"].append({table: floor_sqlite(os.path.join(work, f"floor-{table}-{rep}.sqlite"), table, rows[table])
                                 for table in rows})
        if arrow_tables is not None:
            result["duckdb"].append(floor_duckdb(os.path.join(work, f"floor-{rep}.duckdb"), arrow_tables))
        for name in os.listdir(work):
            if name.startswith("floor-") and f"-{rep}." in name:
                os.remove(os.path.join(work, name))
    print(json.dumps(result))


def floor_python(root):
    """The first interpreter that imports duckdb and pyarrow: $PEERS_PYTHON, /tmp/peers/bin/python, the
    repository's .venv, this one; (this interpreter, None) when none does."""
    candidates = [os.environ.get("PEERS_PYTHON"), "/tmp/peers/bin/python", os.path.join(root, ".venv", "bin", "python"),
                  sys.executable]
    for python in candidates:
        if python and os.access(python, os.X_OK) and subprocess.run(
                [python, "-c", "import duckdb, pyarrow"], capture_output=True).returncode == 0:
            return python, python
    return sys.executable, None


def measure_floor(work, count, reps):
    """The floor of measure 3: `count` cleaned rows upserted into fresh serving tables in one transaction per table
    by sqlite3 executemany and by DuckDB (medians of `reps`; row generation and Arrow conversion not timed)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    python, with_duckdb = floor_python(root)
    folder = os.path.join(work, "floor")
    os.makedirs(folder, exist_ok=True)
    out = subprocess.run([python, os.path.abspath(__file__), "--floor-child", str(count), folder, str(reps)],
                         capture_output=True, text=True)
    shutil.rmtree(folder, ignore_errors=True)
    if out.returncode != 0:
        raise RuntimeError(f"floor child ({python}) failed ({out.returncode}):\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout)
    if with_duckdb is None:
        result.setdefault("duckdb_error", "no interpreter with duckdb and pyarrow (tried $PEERS_PYTHON, "
                                          "/tmp/peers/bin/python, .venv/bin/python, this one)")
    for engine in ("sqlite", "duckdb"):
        samples = result[engine]
        if not samples:
            result[f"{engine}_seconds"] = None
            continue
        tables = {table: statistics.median(s[table] for s in samples) for table in samples[0]}
        total = statistics.median(sum(s.values()) for s in samples)  # the two tables one after the other
        result[f"{engine}_tables_seconds"], result[f"{engine}_seconds"] = tables, total
        result[f"{engine}_records_per_second"] = count / total
    return result


def measure_freshness(port, token, seconds, rate=50, give_up=20):
    """4. Single records posted at `rate`/s; a poller GETs each, in acknowledgement order, until it answers 200.

    Micro-batches take the stream in sequence order, so the poller stops a pass at the first record still
    404: the ones acknowledged after it are not visible either."""
    pending, lock = collections.deque(), threading.Lock()
    latencies, state = [], {"posted": 0, "post_errors": 0, "not_visible": 0, "get_errors": 0, "posting": True}

    def poster():
        client, start = Client(port, token), time.perf_counter()
        for i in range(int(seconds * rate)):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            invoice, stock, text = record(PHASE_FRESHNESS, i)
            try:
                status, data = client.request("POST", RECORDS_PATH, text.encode(), "application/json")
                acked = time.perf_counter()
                if status != 200 or reply_counts(data)[0] != 1:
                    raise RuntimeError(f"HTTP {status} {data[:200]!r}")
            except Exception as error:
                state["post_errors"] += 1
                if state["post_errors"] <= 3:
                    log(f"  POST failed: {error!r}")
                continue
            with lock:
                pending.append((item_path(invoice, stock), acked))
            state["posted"] += 1
        client.close()
        state["posting"] = False

    def poller():
        client = Client(port, token)
        while state["posting"] or pending:
            while pending:
                path, acked = pending[0]
                try:
                    status, _ = client.request("GET", path)
                except (OSError, http.client.HTTPException):
                    status = None
                now = time.perf_counter()
                if status == 200:
                    latencies.append(now - acked)
                elif now - acked > give_up:
                    state["not_visible"] += 1
                else:
                    if status != 404:
                        state["get_errors"] += 1
                    break
                with lock:
                    pending.popleft()
            time.sleep(0.01)
        client.close()

    threads = [threading.Thread(target=poster, daemon=True), threading.Thread(target=poller, daemon=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = dict(state)
    del result["posting"]
    result.update(visible=len(latencies), rate=rate, median_s=percentile(latencies, 50), p99_s=percentile(latencies, 99),
                  max_s=max(latencies) if latencies else None)
    return result


def load_read_keys(port, token, count):
    """Ingests `count` records and waits until the last one is served; returns the GET paths of a sample."""
    bodies, last = ndjson_batches(PHASE_READS, count)
    loaded = post_bodies(port, token, bodies, "application/x-ndjson", 4)
    if loaded["accepted"] != count:
        raise RuntimeError(f"{loaded['accepted']:,} of {count:,} records accepted: {loaded}")
    waited = wait_visible(port, token, last, timeout=120)
    log(f"  {count:,} records loaded and served ({waited:.1f} s after the last acknowledgement)")
    picks = random.Random(42).sample(range(count), min(count, 5000))
    paths = [item_path(*record(PHASE_READS, i)[:2]) for i in picks]
    client = Client(port, token)
    missing = sum(client.request("GET", path)[0] != 200 for path in paths[:50])
    client.close()
    if missing:
        raise RuntimeError(f"{missing} of 50 sampled records are not served")
    return paths


def measure_reads_open_loop(port, token, paths, rate, connections, seconds):
    """5. GETs at a fixed `rate` over `connections` threads, each on its own schedule (open loop).

    Latency counts from the request's scheduled time when the thread is late (so a slow reply delays the
    ones behind it, as it would real clients), from the send time otherwise (the client's sleep overshoot
    is not the server's)."""
    interval = connections / rate
    start = time.perf_counter() + 0.2
    end = start + seconds
    give_up = end + max(2.0, seconds / 2)  # a server far slower than the rate would otherwise keep the test going
    results = []
    lock = threading.Lock()

    def worker(w):
        client, rnd, latencies, bad, k, last = Client(port, token), random.Random(w), [], 0, 0, start
        while True:
            scheduled = start + (k + w / connections) * interval
            if scheduled >= end or time.perf_counter() >= give_up:
                break
            slept = False
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
                slept = True
            sent = time.perf_counter()
            try:
                status = client.request("GET", rnd.choice(paths))[0]
            except (OSError, http.client.HTTPException):
                status = None
            last = time.perf_counter()
            latencies.append(last - (sent if slept else scheduled))
            bad += status != 200
            k += 1
        client.close()
        with lock:
            results.append((latencies, bad, last))

    threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(connections)]
    gc.disable()  # no collector pause inside the measured latencies (the lists hold floats only)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        gc.enable()
    latencies = [x for lat, _, _ in results for x in lat]
    finished = max(last for _, _, last in results)
    return {"requests": len(latencies), "not_sent": max(0, round(rate * seconds) - len(latencies)),
            "non_200": sum(bad for _, bad, _ in results), "target_rate": rate,
            "achieved_rate": len(latencies) / (finished - start), "connections": connections,
            "p50_ms": ms(percentile(latencies, 50)), "p99_ms": ms(percentile(latencies, 99)),
            "p999_ms": ms(percentile(latencies, 99.9)), "max_ms": ms(max(latencies) if latencies else None)}


def measure_reads_wrk(port, token, paths, seconds, work):
    script = WRK_GET.replace("@TOKEN@", token).replace("@PATHS@", ",".join(json.dumps(p) for p in paths))
    return run_wrk(script, f"http://127.0.0.1:{port}/", 2, 8, seconds, work, "get")  # request() sets each path


# ---------------------------------------------------------------------------------------------- main


def streaming_folder(work, name, every="2s", max_records=200000):
    folder = os.path.join(work, name)
    os.makedirs(folder)
    open(os.path.join(folder, "streaming.yaml"), "w").write(
        WORKFLOW.format(every=every, max_records=max_records, lake=os.path.join(work, f"{name}-lake")))
    return folder


TARGETS = {  # key: (label, target text, test on the value)
    "ingest_ndjson": ("1. ingest, NDJSON x500, 4 conns", ">= 50,000 rec/s", lambda v: v >= 50_000),
    "ingest_single": ("2. ingest, one record per POST", ">= 3,000 req/s", lambda v: v >= 3_000),
    "microbatch": ("3. micro-batch processing", ">= 300,000 rec/s", lambda v: v >= 300_000),
    "freshness": ("4. ack -> visible p99, every 2s", "<= 3 s", lambda v: v <= 3),
    "reads": ("5. GET item p99 at 2,000 req/s", "<= 5 ms", lambda v: v <= 5),
}


class Report:
    """The results so far: printed as each measure ends, as a table at the end, and as JSON with --save."""

    def __init__(self):
        self.rows, self.results = [], {}

    def add(self, key, value, unit, detail, extra_condition=True):
        label, target, test = TARGETS[key]
        met = value is not None and test(value) and extra_condition
        text = "-" if value is None else (f"{value:,.0f} {unit}" if value >= 100 else f"{value:,.3f} {unit}")
        self.rows.append((label, text, target, "yes" if met else "NO"))
        self.results[key] = {"value": value, "unit": unit, "target": target, "met": met, "detail": detail}
        print(f"{label}: {text} (target {target}): {'met' if met else 'NOT met'}", flush=True)

    def note(self, label, text, target=""):
        self.rows.append((label, text, target, ""))

    def fail(self, keys, error):
        """Measures that could not be taken; keys already reported are left alone."""
        for key in keys:
            if key not in self.results:
                label, target, _ = TARGETS[key]
                log(f"{label}: failed: {error}")
                self.rows.append((label, "failed", target, "NO"))
                self.results[key] = {"value": None, "target": target, "met": False, "error": str(error)}

    def table(self):
        if not self.rows:
            return "no measures"
        width = max(len(row[0]) for row in self.rows)
        lines = [f"{'measure':<{width}}  {'value':>16}  {'target':<16}  met?"]
        lines += [f"{label:<{width}}  {value:>16}  {target:<16}  {met}" for label, value, target, met in self.rows]
        return "\n".join(lines)


def phase_ingest(binary, work, port, only, durations, report):
    """Phase A: serve without the scheduler; measures 1 and 2 on one state folder."""
    state, folder = os.path.join(work, "ingest-state"), streaming_folder(work, "ingest-wf")
    token = create_token(binary, state)
    with Server(binary, state, folder, port, False, work) as server:
        if 1 in only:
            try:
                r = measure_ingest(server.port, token, durations["ingest"])
                report.add("ingest_ndjson", r["records_per_second"], "rec/s", r, not r["failed"])
                log(f"  {r['accepted']:,} records in {r['seconds']:.1f} s; POST p50 {r['latency_p50_ms']} ms, "
                    f"p99 {r['latency_p99_ms']} ms; refused {r['refused']:,}; failed requests {r['failed']} {r['errors']}")
            except Exception as error:
                report.fail(["ingest_ndjson"], error)
        if 2 in only:
            try:
                r = measure_single_posts(server.port, token, durations["single"], work)
                report.add("ingest_single", r["requests_per_second"], "req/s", r)
                log(f"  {r['tool']}: POST p50 {r['latency_p50_ms']:.2f} ms, p99 {r['latency_p99_ms']:.2f} ms; "
                    f"stream log grew by {r.get('records_appended', '?')} records")
            except Exception as error:
                report.fail(["ingest_single"], error)


def phase_microbatch(binary, work, port, records, reps, report):
    """Phase B: measure 3, and its floor (the same rows upserted by sqlite3 executemany and by DuckDB)."""
    r = measure_microbatch(binary, work, port, records, reps)
    report.add("microbatch", r["records_per_second"], "rec/s", r)
    for key, what in (("records_per_second_run", "run duration"), ("records_per_second_task_sum", "sum of task durations")):
        if r[key]:
            log(f"  {records:,} records / {what}: {r[key]:,.0f} records/s")
            report.note(f"   records / {what}", f"{r[key]:,.0f} rec/s")
    log(f"  floor: the same {records:,} rows upserted into fresh serving tables, one transaction per table, x{reps}")
    try:
        f = measure_floor(work, records, reps)
    except Exception as error:  # the floor is context: measure 3 stands without it
        log(f"  floor failed: {error}")
        report.note("   floor", "failed")
        return
    r["floor"] = f
    for engine, label in (("sqlite", f"sqlite3 {f['sqlite_version']} executemany"), ("duckdb", f"DuckDB {f['duckdb_version']}")):
        if f[f"{engine}_seconds"] is None:
            log(f"  floor, DuckDB: not measured: {f.get('duckdb_error')}")
            report.note("   floor: DuckDB", "not found", "(no duckdb)")
            continue
        tables = f[f"{engine}_tables_seconds"]
        log(f"  floor, {label}: {f[f'{engine}_seconds']:.3f} s ({f[f'{engine}_records_per_second']:,.0f} records/s); "
            + ", ".join(f"{t} {v:.3f} s" for t, v in tables.items()))
        report.note(f"   floor: {label}, both tables", f"{f[f'{engine}_records_per_second']:,.0f} rec/s",
                    f"({f[f'{engine}_seconds']:.3f} s: " + " + ".join(f"{v:.3f}" for v in tables.values()) + ")")
    if r["records_per_second"] and f["sqlite_seconds"]:
        wall = records / r["records_per_second"]
        ratio = wall / f["sqlite_seconds"]
        f["whole_run_vs_sqlite_floor"] = ratio
        log(f"  orchestrator whole run {wall:.3f} s = {ratio:.2f} x the sqlite3 floor")
        report.note("   orchestrator whole run vs sqlite3 floor", f"{ratio:.2f} x", f"({wall:.3f} s)")


def phase_live(binary, work, port, only, durations, read_records, report):
    """Phase C: serve --with-scheduler, the workflow due every 2 s; measures 4 and 5."""
    state, folder = os.path.join(work, "live-state"), streaming_folder(work, "live-wf")
    token = create_token(binary, state)
    with Server(binary, state, folder, port, True, work) as server:
        invoice, stock, text = record(PHASE_WARMUP, 0)
        Client(server.port, token).request("POST", RECORDS_PATH, text.encode(), "application/json")
        log(f"  first record visible {wait_visible(server.port, token, (invoice, stock), timeout=60):.2f} s after its POST (warm-up)")
        if 4 in only:
            try:
                r = measure_freshness(server.port, token, durations["fresh"])
                report.add("freshness", r["p99_s"], "s", r, not r["not_visible"] and not r["post_errors"])
                if r["visible"]:
                    log(f"  {r['visible']} records: median {r['median_s']:.3f} s, p99 {r['p99_s']:.3f} s, max {r['max_s']:.3f} s; "
                        f"not visible within 20 s: {r['not_visible']}; POST errors {r['post_errors']}")
            except Exception as error:
                report.fail(["freshness"], error)
        if 5 in only:
            paths = load_read_keys(server.port, token, read_records)
            measure_reads_open_loop(server.port, token, paths, 2000, 8, 1)  # warm-up
            r = measure_reads_open_loop(server.port, token, paths, 2000, 8, durations["reads"])
            report.add("reads", r["p99_ms"], "ms", r, r["achieved_rate"] >= 1900 and not r["non_200"])
            log(f"  achieved {r['achieved_rate']:,.0f} req/s, p50 {r['p50_ms']:.2f} ms, p99.9 {r['p999_ms']:.2f} ms, "
                f"max {r['max_ms']:.2f} ms, non-200 {r['non_200']}, not sent {r['not_sent']}")
            if shutil.which("wrk"):
                w = measure_reads_wrk(server.port, token, paths, durations["reads"], work)
                report.results["reads"]["detail"]["wrk_closed_loop"] = w
                report.note("   GET item, wrk -t2 -c8 closed loop", f"{w['requests_per_second']:,.0f} req/s", f"(p99 {w['p99_us'] / 1000:.2f} ms)")
                log(f"  wrk closed loop: {w['requests_per_second']:,.0f} req/s, p50 {w['p50_us'] / 1000:.2f} ms, "
                    f"p99 {w['p99_us'] / 1000:.2f} ms, non-2xx {w['status_errors']}")
        try:
            report.results["stream_status"] = stream_status(server.port, token)
        except Exception as error:  # informative only
            log(f"  GET {STREAM_PATH} failed: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short durations and fewer records, for a smoke run")
    parser.add_argument("--port", type=int, help="port for `orchestrator serve` (default: a free one per phase)")
    parser.add_argument("--only", default="1,2,3,4,5", help="measures to take, e.g. 1,3 (default: all)")
    parser.add_argument("--reps", type=int, help="fresh state copies for measure 3, median taken (default 3, 1 with --quick)")
    parser.add_argument("--binary", default=".build/release/orchestrator")
    parser.add_argument("--save", action="store_true", help="write the results to bench/results/stream.json")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (state, logs, lake) for inspection")
    args = parser.parse_args()
    only = {int(x) for x in args.only.split(",") if x.strip()}
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary} not found: build it first, from the repository root:\n"
                 f"    swift build -c release --product orchestrator")
    if shutil.which("wrk") is None and only & {2, 5}:
        log("wrk not installed (install it with `apt-get install -y wrk`): Python http.client threads stand in "
            "for measure 2, and the closed-loop read figure is skipped")
    quick = args.quick
    durations = {"ingest": 3 if quick else 10, "single": 3 if quick else 10, "fresh": 8 if quick else 30, "reads": 3 if quick else 10}
    mb_records, reps = (50_000 if quick else 300_000), args.reps or (1 if quick else 3)
    read_records = 10_000 if quick else 50_000
    sys.setswitchinterval(0.0005)  # a thread waiting long for the GIL would add to the measured latencies
    port = lambda: args.port or free_port()  # noqa: E731
    work = tempfile.mkdtemp(prefix="bench-stream-")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit("hung up"))
    log(f"work folder {work}; {os.cpu_count()} CPUs; wrk: {shutil.which('wrk') or 'no'}{'; quick run' if quick else ''}")
    report = Report()
    try:
        if only & {1, 2}:
            log("phase A: serve without the scheduler; ingest")
            try:
                phase_ingest(binary, work, port(), only, durations, report)
            except Exception as error:
                report.fail([k for n, k in ((1, "ingest_ndjson"), (2, "ingest_single")) if n in only], error)
        if 3 in only:
            log(f"phase B: {mb_records:,} records ingested with the scheduler off, then `orchestrator run` x{reps}")
            try:
                phase_microbatch(binary, work, port(), mb_records, reps, report)
            except Exception as error:
                report.fail(["microbatch"], error)
        if only & {4, 5}:
            log("phase C: serve --with-scheduler, the streaming workflow due every 2 s")
            try:
                phase_live(binary, work, port(), only, durations, read_records, report)
            except Exception as error:
                report.fail([k for n, k in ((4, "freshness"), (5, "reads")) if n in only], error)
    finally:
        for proc in list(PROCESSES):
            stop(proc)
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(report.table())
    if args.save:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "stream.json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as out:
            json.dump({"date": datetime.now().astimezone().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
                       "quick": quick, "wrk": shutil.which("wrk"), "measures": report.results}, out, indent=2, sort_keys=True)
        print(f"\nresults written to {path}")
    if any("error" in r for r in report.results.values()):
        sys.exit(1)  # a measure could not be taken (a target missed is not an error)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--floor-child"]:  # measure_floor's subprocess: COUNT WORK REPS
        floor_child(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    else:
        main()
