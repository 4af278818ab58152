#!/usr/bin/env python3
"""Runs API and web UI benchmark, on the 1,000,000-run history of bench/history.py.

Measures, against a live `orchestrator serve` on that state folder:

  - `GET /api/v1/runs?limit=50` latency over one keep-alive connection (p50, p99), also filtered
    by workflow, by status, and a page far down the cursor chain; beside it the same listing
    through the CLI (`runs list --limit 50`, whole process) as the floor the API is built on;
  - the runs page in headless Chromium (selenium, Debian's chromium + chromium-driver): time from
    navigation start to the first paint of the table's rows (median of --pages loads);
  - a run page with a 100-task DAG (10 chains of 10 noop tasks, run by `orchestrator run` into the
    same state): navigation start to all 100 nodes drawn, and the DAG's own render time.

Targets (issue 13): runs API p99 < 50 ms; runs table first paint < 1 s; 100-task run page < 300 ms.

Usage: bench/ui.py [--runs-in-history N] [--requests 500] [--pages 7] [--binary PATH] [--keep DIR]
Run from the repository root, with the test venv (`./scripts/test` makes .venv with selenium).
"""
import argparse, http.client, json, os, re, signal, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import history  # noqa: E402  (fills the state database)

# Installed before any page script: records when the first table row and the DAG's nodes appear,
# on the page's own clock (milliseconds since navigation start), then the next frame (painted).
OBSERVER = """
window.__marks = {};
new MutationObserver(() => {
  const mark = (name, ok) => {
    if (window.__marks[name] === undefined && ok()) {
      window.__marks[name] = -1;
      requestAnimationFrame(() => { window.__marks[name] = performance.now(); });
    }
  };
  mark('table', () => document.querySelector('#runs-table tr[data-run]'));
  mark('dag', () => document.querySelectorAll('svg#dag g.node').length >= 100);
}).observe(document, {subtree: true, childList: true});
"""


def start_server(binary, state, workflows):
    log = open(os.path.join(state, "serve-bench.log"), "w+")
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--state", state, "--workflows", workflows],
                            stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline:
        log.seek(0)
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", log.read())
        if match:
            return proc, int(match.group(1))
        if proc.poll() is not None:
            raise SystemExit(f"serve exited: {open(log.name).read()}")
        time.sleep(0.05)
    raise SystemExit("serve did not start within 60 s")


def token(binary, state):
    out = subprocess.run([binary, "token", "create", "--name", f"bench-{time.time_ns()}", "--scopes", "runs:read",
                          "--state", state, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["token"]


def latencies(port, secret, path, count):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Authorization": f"Bearer {secret}"}
    samples = []
    body = None
    for _ in range(count):
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status == 200, (response.status, body[:300])
    connection.close()
    samples.sort()
    return samples[len(samples) // 2], samples[min(len(samples) - 1, int(len(samples) * 0.99))], json.loads(body)


def deep_cursor(port, secret, pages):
    """The cursor of page `pages` of 50, following next_cursor from the first page."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    cursor = None
    for _ in range(pages):
        path = "/api/v1/runs?limit=50" + (f"&cursor={cursor}" if cursor else "")
        connection.request("GET", path, headers={"Authorization": f"Bearer {secret}"})
        cursor = json.loads(connection.getresponse().read())["next_cursor"]
    connection.close()
    return cursor


def hundred_task_run(binary, state, folder):
    tasks = []
    for chain in range(10):
        for step in range(10):
            tasks.append(f"  - id: c{chain}s{step}\n    type: noop\n" + (f"    depends_on: [c{chain}s{step - 1}]\n" if step else ""))
    path = os.path.join(folder, "dag100.yaml")
    open(path, "w").write("name: dag100\ntasks:\n" + "".join(tasks))
    out = subprocess.run([binary, "run", path, "--state", state, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["id"]


def browser(port, secret, run_id, pages):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,900"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
        base = f"http://127.0.0.1:{port}"
        driver.get(base + "/")
        driver.execute_script("sessionStorage.setItem('orchestrator.token', arguments[0])", secret)

        def measure(path, mark):
            samples = []
            for _ in range(pages):
                driver.get(base + path)
                deadline = time.time() + 30
                value = None
                while time.time() < deadline:
                    value = driver.execute_script(f"return window.__marks && window.__marks['{mark}']")
                    if value is not None and value >= 0:
                        break
                    time.sleep(0.01)
                assert value is not None and value >= 0, f"{path}: '{mark}' never appeared"
                samples.append(value)
            return statistics.median(samples), min(samples), max(samples)

        table = measure("/runs", "table")
        dag = measure(f"/runs/{run_id}", "dag")
        return table, dag
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs-in-history", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--pages", type=int, default=7)
    parser.add_argument("--binary", default=".build/release/orchestrator")
    parser.add_argument("--keep", help="state folder to fill and keep (default: a temp folder)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)

    state = args.keep or tempfile.mkdtemp(prefix="bench-ui-")
    path = os.path.join(state, "orchestrator.sqlite")
    if not os.path.exists(path) or args.keep is None:
        history.prepare(binary, state)
        print(f"filling {path} with {args.runs_in_history:,} runs", file=sys.stderr)
        history.fill(path, args.runs_in_history)
    folder = tempfile.mkdtemp(prefix="bench-ui-wf-")
    run_id = hundred_task_run(binary, state, folder)
    cli = history.runs_list_median(binary, state, args.pages)

    proc, port = start_server(binary, state, folder)
    try:
        secret = token(binary, state)
        cursor = deep_cursor(port, secret, 100)
        rows = [
            ("newest 50", "/api/v1/runs?limit=50"),
            ("workflow=hist3", "/api/v1/runs?limit=50&workflow=hist3"),
            ("status=failed", "/api/v1/runs?limit=50&status=failed"),
            ("page 101 (cursor)", f"/api/v1/runs?limit=50&cursor={cursor}"),
            ("one run (10 tasks)", "/api/v1/runs/" + "hist0-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(history.START))),
        ]
        print(f"history: {args.runs_in_history:,} runs; binary {args.binary}")
        print(f"| request | p50 | p99 | requests |")
        print(f"| --- | --- | --- | --- |")
        for label, request in rows:
            p50, p99, body = latencies(port, secret, request, args.requests)
            count = len(body["runs"]) if "runs" in body else len(body.get("tasks", []))
            print(f"| `GET {request.split('&cursor')[0]}` {label} ({count} items) | {p50:.1f} ms | {p99:.1f} ms | {args.requests} |")
        print(f"| floor: `orchestrator runs list --limit 50` whole process | {cli[0] * 1000:.0f} ms (median) | max {cli[2] * 1000:.0f} ms | {args.pages} |")
        table, dag = browser(port, secret, run_id, args.pages)
        print(f"headless Chromium, median of {args.pages} loads (min-max):")
        print(f"  /runs table first paint: {table[0]:.0f} ms ({table[1]:.0f}-{table[2]:.0f})   target < 1000 ms")
        print(f"  /runs/{run_id} 100-task DAG drawn: {dag[0]:.0f} ms ({dag[1]:.0f}-{dag[2]:.0f})   target < 300 ms")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
