#!/usr/bin/env python3
"""The web UI in a real browser: headless Chromium driven by Selenium against a live
`orchestrator serve --with-scheduler`.

    check_web_ui.py --url http://127.0.0.1:PORT --token TOKEN --out SCREENSHOTS \
        --failing-workflow flaky --batch-workflow batch [--pause-workflow tick]

The token needs runs:read and runs:write (admin is simplest). Scenarios, in order:
  a. login form, paste the token, the workflows table lists the server's workflows
  b. trigger the batch workflow from its row; on its run page, without a reload, every DAG node
     and the run status turn succeeded; no two nodes overlap; every node says its state in words
  c. open a task from the DAG: the panel's log equals GET .../logs
  d. the runs page lists the run; the status and workflow filters
  e. the failing workflow fails; Retry turns it succeeded without a reload
  f. pause and resume a workflow with its button, checked through the API
  g. the streams pages (only when the server has a stream)
  h. at 390 px wide no page scrolls sideways
  i. dark mode (prefers-color-scheme) really changes the colours
Each failure stops the run with a message saying what was expected and what the page showed
(exit 1; exit 2 when the browser or its driver is missing). Waits are explicit, with deadlines.
Writes screenshots and `ui-summary.json` (run ids, the retried run, timings) into --out, and
prints a one-line timing summary.
"""
import argparse
import base64
import json
import os
import re
import shutil
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError as error:  # pragma: no cover - setup problem, reported plainly
    print(f"check_web_ui: selenium is not installed in this Python ({sys.executable}): {error}; "
          "run ./scripts/test, which installs it into .venv", file=sys.stderr)
    sys.exit(2)

DESKTOP = (1440, 900)
MOBILE = (390, 844)
POLL = 0.05

# Records, in the page's own clock, when the runs table and the DAG first appear and when the
# frame after that is painted: installed before any page script runs, on every navigation.
TIMING_PROBE = """
(() => {
  const marks = {};
  Object.defineProperty(window, '__uiTiming', { value: marks });
  const watch = { runs_table: '#runs-table tbody tr[data-run]', dag: 'svg#dag g.node' };
  const check = () => {
    for (const [key, selector] of Object.entries(watch)) {
      if (key in marks || !document.querySelector(selector)) continue;
      const dom = performance.now();
      marks[key] = { dom, paint: null };
      requestAnimationFrame(() => { marks[key].paint = performance.now(); });
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();
"""


class CheckFailed(Exception):
    """A scenario's expectation that the page did not meet."""


class API:
    """The runs API, with the same token the browser uses."""

    def __init__(self, base, token):
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method, path, query=None, body=None):
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return json.loads(reply.read() or b"null")
        except urllib.error.HTTPError as error:
            raise CheckFailed(f"{method} {path} answered {error.code}: {error.read()[:500]!r}") from None

    def get(self, path, **query):
        return self.call("GET", path, query or None)

    def log_text(self, run, task, attempt):
        path = f"/api/v1/runs/{q(run)}/tasks/{q(task)}/logs"
        text, offset = "", 0
        while True:
            page = self.get(path, attempt=attempt, offset=offset)
            text += page["text"]
            if page["next_offset"] <= offset or page["next_offset"] >= page["size"]:
                return text, page["complete"]
            offset = page["next_offset"]


def q(value):
    return urllib.parse.quote(str(value), safe="")


class Browser:
    """One headless Chromium with the helpers the scenarios share."""

    def __init__(self, args):
        self.args = args
        self.base = args.url.rstrip("/")
        chromium = args.chromium or os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
        driver_path = args.chromedriver or os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
        if not chromium or not os.access(chromium, os.X_OK):
            raise SetupError("no Chromium: install the Debian packages 'chromium chromium-driver' (.ci/run does), or set CHROMIUM")
        if not driver_path or not os.access(driver_path, os.X_OK):
            raise SetupError("no chromedriver: install the Debian package 'chromium-driver' (.ci/run does), or set CHROMEDRIVER")
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                     "--force-color-profile=srgb", "--hide-scrollbars", f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        try:
            service = Service(executable_path=driver_path, log_output=args.driver_log,
                              service_args=["--verbose"] if args.driver_log else [])
            self.driver = webdriver.Chrome(service=service, options=options)
        except WebDriverException as error:
            raise SetupError(f"Chromium ({chromium}) with {driver_path} did not start: {error.msg}") from None
        self.driver.set_page_load_timeout(30)
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TIMING_PROBE})

    def quit(self):
        try:
            self.driver.quit()
        except WebDriverException:
            pass

    # ---- navigation and waiting ----

    def open(self, path):
        try:
            self.driver.get(self.base + path)
        except TimeoutException:
            raise CheckFailed(f"loading {path} did not finish in 30 s (are all of the browser's 6 connections to the "
                              f"server held by event streams of earlier pages?)\n{self.describe()}") from None

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def wait(self, condition, timeout, what):
        """Waits until `condition(driver)` is truthy and returns it; fails with `what` and the page's state."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=POLL, ignored_exceptions=(WebDriverException,)).until(condition)
        except TimeoutException:
            raise CheckFailed(f"after {timeout:g} s: {what}\n{self.describe()}") from None

    def describe(self):
        """Where the page is, for failure messages: URL, the alert region, the main content's start."""
        try:
            url = self.driver.current_url
            message = self.js("const m = document.getElementById('message'); return m ? `${m.dataset.kind || ''}: ${m.textContent}` : '(no #message)'")
            main = self.js("const m = document.getElementById('main'); return m ? m.innerText.slice(0, 600) : document.body.innerText.slice(0, 600)")
            return f"  page: {url}\n  #message: {message}\n  main text: {main!r}"
        except WebDriverException as error:
            return f"  (page state unavailable: {error.msg})"

    def find(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def one(self, selector, timeout=15):
        return self.wait(lambda d: (d.find_elements(By.CSS_SELECTOR, selector) or [None])[0], timeout, f"no element matches {selector}")

    def visible(self, selector, timeout=15):
        def shown(d):
            found = d.find_elements(By.CSS_SELECTOR, selector)
            return found[0] if found and found[0].is_displayed() else None
        return self.wait(shown, timeout, f"{selector} is not visible")

    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def mark_page(self):
        """Marks the loaded document: `assert_same_page` then proves there was no reload since."""
        self.js("window.__checkNoReload = 'kept';")

    def assert_same_page(self, what):
        if self.js("return window.__checkNoReload || null") != "kept":
            raise CheckFailed(f"{what}: the page was reloaded (the check needs live updates without a reload)")

    def no_error_message(self, what):
        kind, text = self.js("const m = document.getElementById('message'); return [m.dataset.kind || '', m.textContent];")
        if kind == "error" and text.strip():
            raise CheckFailed(f"{what}: the page shows an error in #message: {text!r}")

    def timing(self, key):
        """Milliseconds from the navigation's start to the first frame painted with `key`'s element."""
        def painted(d):
            mark = d.execute_script("return (window.__uiTiming || {})[arguments[0]] || null", key)
            return mark if mark and mark.get("paint") is not None else None
        mark = self.wait(painted, 15, f"the timing probe never saw {key}")
        return round(mark["paint"], 1)

    def screenshot(self, name, full=True):
        """A PNG of the whole page (beyond the viewport), in --out."""
        path = os.path.join(self.args.out, name)
        self.js("window.scrollTo(0, 0)")
        params = {"format": "png"}
        if full:
            size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000), "scale": 1})
        data = self.driver.execute_cdp_cmd("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        return path

    def console_errors(self):
        """Severe console entries since the last call (JavaScript errors, failed module loads)."""
        try:
            entries = self.driver.get_log("browser")
        except WebDriverException:
            return []
        return [e["message"] for e in entries if e.get("level") == "SEVERE"]

    def set_viewport(self, width, height, mobile):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def clear_viewport(self):
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


class SetupError(Exception):
    """The browser or its driver is missing or does not start."""


# ---- reading the page ----

def dag_nodes(browser):
    """The DAG's nodes as the SVG draws them: id, state, the words shown, and the box."""
    return browser.js("""
      return [...document.querySelectorAll('svg#dag g.node')].map((g) => {
        const r = g.querySelector('rect');
        const num = (a) => Number.parseFloat(r ? r.getAttribute(a) : 'NaN');
        return { task: g.getAttribute('data-task'), state: g.getAttribute('data-state'),
                 id_text: g.querySelector('text.node-id')?.textContent ?? null,
                 state_text: g.querySelector('text.state')?.textContent ?? null,
                 x: num('x'), y: num('y'), width: num('width'), height: num('height') };
      });""")


def run_status(browser):
    return browser.js("const s = document.getElementById('run-status'); return s ? s.textContent.trim() : null;")


def overlapping(nodes):
    """Pairs of node boxes that intersect (sharing an edge is not overlapping)."""
    pairs = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            if a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
               a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]:
                pairs.append((a["task"], b["task"]))
    return pairs


def wait_run_page(browser, run_id, expected_nodes, want_status, timeout, what):
    """Waits, on the open run page, until every node and #run-status show `want_status`."""
    def done(_):
        nodes = dag_nodes(browser)
        return (len(nodes) == expected_nodes and all(n["state"] == want_status for n in nodes)
                and run_status(browser) == want_status)
    try:
        browser.wait(done, timeout, what)
    except CheckFailed as error:
        states = {n["task"]: n["state"] for n in dag_nodes(browser)}
        raise CheckFailed(f"{error}\n  run {run_id}: #run-status {run_status(browser)!r}, nodes {states}") from None


def check_dag_drawing(browser, run, what):
    """No overlaps, every node labelled with its id and its state in words, edges as the API's graph."""
    nodes = dag_nodes(browser)
    if any(n["width"] != n["width"] or n["width"] <= 0 or n["height"] <= 0 for n in nodes):
        raise CheckFailed(f"{what}: a node's rect has no size: {nodes}")
    overlaps = overlapping(nodes)
    if overlaps:
        raise CheckFailed(f"{what}: DAG nodes overlap: {overlaps}\n  boxes: {nodes}")
    for n in nodes:
        if n["id_text"] != n["task"]:
            raise CheckFailed(f"{what}: node {n['task']} is labelled {n['id_text']!r}, not its id")
        if n["state_text"] != n["state"]:
            raise CheckFailed(f"{what}: node {n['task']} is {n['state']} but its text says {n['state_text']!r} (colour alone is not enough)")
    drawn = sorted(tuple(e) for e in browser.js(
        "return [...document.querySelectorAll('svg#dag path.edge')].map((p) => [p.getAttribute('data-from'), p.getAttribute('data-to')]);"))
    expected = sorted((e["from"], e["to"]) for e in run["graph"]["edges"])
    if drawn != expected:
        raise CheckFailed(f"{what}: the DAG's edges {drawn} are not the run's graph {expected}")
    if {n["task"] for n in nodes} != {n["id"] for n in run["graph"]["nodes"]}:
        raise CheckFailed(f"{what}: the DAG's nodes {sorted(n['task'] for n in nodes)} are not the run's tasks")


def attempts_of(run):
    return sum(len(t.get("attempt_history") or []) for t in run["tasks"])


def trigger_from_row(browser, workflow, params):
    """Opens the row's trigger form, fills `params` (only those the form has), submits, and returns the new run's id."""
    row = f'#workflows-table tr[data-workflow="{workflow}"]'
    browser.one(row).find_element(By.CSS_SELECTOR, "button.trigger").click()
    form = browser.visible(f'form.trigger-form[data-workflow="{workflow}"]')
    for name, value in params.items():
        fields = form.find_elements(By.CSS_SELECTOR, f'input[name="{name}"]')
        if fields:
            fields[0].clear()
            fields[0].send_keys(value)
    browser.js("window.__triggerClicked = performance.now();")
    form.find_element(By.CSS_SELECTOR, "button.trigger-submit").click()
    match = browser.wait(lambda d: re.fullmatch(r"/runs/([^/]+)", urllib.parse.urlsplit(d.current_url).path), 20,
                         f"submitting the trigger form of {workflow} did not lead to /runs/ID")
    return urllib.parse.unquote(match.group(1))


# ---- the scenarios ----

def scenario_login(browser, api, summary):
    workflows = api.get("/api/v1/workflows")["workflows"]
    browser.open("/")
    field = browser.visible("#token-input")
    if not browser.find("#login-button"):
        raise CheckFailed("the login form has no #login-button")
    if browser.find("#workflows-table"):
        raise CheckFailed("the workflows table shows before any token was given")
    field.send_keys(browser.args.token)
    browser.one("#login-button").click()
    names = sorted(w["name"] for w in workflows)
    browser.wait(lambda d: sorted(e.get_attribute("data-workflow") for e in d.find_elements(By.CSS_SELECTOR, "#workflows-table tr[data-workflow]")) == names,
                 15, f"the workflows table should list {names}")
    if browser.find("#logout-link") and not browser.one("#logout-link").is_displayed():
        raise CheckFailed("signed in, but #logout-link is hidden")
    for name in (browser.args.batch_workflow, browser.args.failing_workflow):
        if name not in names:
            raise CheckFailed(f"the server has no workflow {name!r} (it has {names})")
    browser.no_error_message("workflows page")
    summary["workflows"] = names
    browser.screenshot("workflows.png")


def scenario_batch_run(browser, api, summary):
    name = browser.args.batch_workflow
    workflow = api.get(f"/api/v1/workflows/{q(name)}")
    params = {"rows": browser.args.rows} if any(p["name"] == "rows" for p in workflow["params"]) else {}
    run_id = trigger_from_row(browser, name, params)
    summary["batch_run"] = run_id
    browser.mark_page()
    browser.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "svg#dag g.node"), 20, "the run page drew no DAG")
    run = api.get(f"/api/v1/runs/{q(run_id)}")
    count = len(run["graph"]["nodes"])
    if count != workflow["task_count"] or len(run["tasks"]) != count:
        raise CheckFailed(f"run {run_id} has {count} graph nodes and {len(run['tasks'])} tasks; the workflow has {workflow['task_count']}")
    if browser.args.expect_tasks and count != browser.args.expect_tasks:
        raise CheckFailed(f"the batch workflow should have {browser.args.expect_tasks} tasks, run {run_id} has {count}")
    if params and run["params"].get("rows") != params["rows"]:
        raise CheckFailed(f"the form sent rows={run['params'].get('rows')!r}, not {params['rows']!r}")
    started = time.monotonic()
    seen = set()

    def finished(_):
        nodes = dag_nodes(browser)
        seen.update(n["state"] for n in nodes)
        return (len(nodes) == count and all(n["state"] == "succeeded" for n in nodes)
                and run_status(browser) == "succeeded")
    try:
        browser.wait(finished, browser.args.run_timeout, f"every node of run {run_id} and #run-status should become succeeded")
    except CheckFailed as error:
        api_state = api.get(f"/api/v1/runs/{q(run_id)}")
        raise CheckFailed(f"{error}\n  nodes: {[(n['task'], n['state']) for n in dag_nodes(browser)]}\n"
                          f"  API: {api_state['status']} {[(t['id'], t['state']) for t in api_state['tasks']]}") from None
    summary["timing"]["batch_live_succeeded_s"] = round(time.monotonic() - started, 2)
    summary["batch_states_seen"] = sorted(seen)
    browser.assert_same_page("the batch run")
    run = api.get(f"/api/v1/runs/{q(run_id)}")
    if run["status"] != "succeeded":
        raise CheckFailed(f"the page says succeeded but the API says run {run_id} is {run['status']}")
    check_dag_drawing(browser, run, f"run {run_id}")
    rows = browser.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#tasks-table tr[data-task]")) == count and all(
        e.get_attribute("data-state") == "succeeded" for e in d.find_elements(By.CSS_SELECTOR, "#tasks-table tr[data-task]")),
        15, f"#tasks-table should list the {count} tasks as succeeded")
    attempts = attempts_of(run)
    browser.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "svg#gantt g.bar[data-attempt]")) == attempts, 15,
                 f"the Gantt chart should draw {attempts} attempt bars")
    for button, shown in (("#retry-button", True), ("#cancel-button", False)):
        if browser.one(button).is_displayed() != shown:
            raise CheckFailed(f"a succeeded run should {'show' if shown else 'hide'} {button}")
    browser.no_error_message(f"run {run_id}")
    browser.screenshot("run.png")
    return run


def scenario_task(browser, api, summary, run):
    run_id = run["id"]
    browser.open(f"/runs/{q(run_id)}")
    summary["timing"]["run_dag_paint_ms"] = browser.timing("dag")
    browser.wait(lambda _: len(dag_nodes(browser)) == len(run["tasks"]) and all(n["state"] == "succeeded" for n in dag_nodes(browser)),
                 15, "a fresh load of the run page should show every node succeeded")
    # The first task (in graph order) whose log has text.
    chosen, expected = None, ""
    for task in run["tasks"]:
        text, complete = api.log_text(run_id, task["id"], task["attempts"])
        if text.strip() and complete:
            chosen, expected = task, text
            break
    if chosen is None:
        raise CheckFailed(f"no task of run {run_id} has a log to compare")
    node = browser.one(f'svg#dag g.node[data-task="{chosen["id"]}"] rect')
    node.click()
    browser.wait(lambda d: urllib.parse.urlsplit(d.current_url).path == f"/runs/{q(run_id)}/tasks/{q(chosen['id'])}", 10,
                 f"clicking node {chosen['id']} should open /runs/{run_id}/tasks/{chosen['id']}")
    browser.visible("#task-panel")
    browser.wait(lambda d: d.find_element(By.ID, "task-state").text.strip() == "succeeded", 10,
                 f"#task-state of {chosen['id']} should say succeeded")
    browser.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#attempts-table tr[data-attempt]")) == chosen["attempts"], 10,
                 f"#attempts-table should list {chosen['attempts']} attempt(s)")
    try:
        browser.wait(lambda _: browser.js("return document.getElementById('log').textContent") == expected, 15,
                     f"pre#log should hold the log of {chosen['id']} as GET /logs returns it ({len(expected)} characters)")
    except CheckFailed as error:
        shown = browser.js("return document.getElementById('log').textContent")
        raise CheckFailed(f"{error}\n  API: {expected[:400]!r}\n  page: {shown[:400]!r}") from None
    browser.wait(lambda d: "complete" in d.find_element(By.ID, "log-status").text, 10,
                 "#log-status should say the log is complete")
    options = browser.js("return [...document.querySelectorAll('#attempt-select option')].map((o) => o.value)")
    if options != [str(n) for n in range(1, chosen["attempts"] + 1)]:
        raise CheckFailed(f"#attempt-select offers {options}, not attempts 1..{chosen['attempts']}")
    selected = browser.find(f'svg#dag g.node.selected[data-task="{chosen["id"]}"]')
    if not selected:
        raise CheckFailed(f"the DAG does not mark {chosen['id']} as selected")
    browser.no_error_message("task panel")
    summary["task_checked"] = chosen["id"]
    browser.screenshot("task.png")


def runs_rows(driver):
    """The runs table's rows as (run id, status), read in one go (live events replace rows)."""
    return [tuple(r) for r in driver.execute_script(
        "return [...document.querySelectorAll('#runs-table tr[data-run]')].map((tr) => [tr.dataset.run, tr.dataset.status]);")]


def choose(browser, select_id, value):
    """Picks `value` in the <select> as a user would; retried when the page re-renders its options meanwhile."""
    def pick(d):
        Select(d.find_element(By.ID, select_id)).select_by_value(value)
        return d.find_element(By.ID, select_id).get_attribute("value") == value
    browser.wait(pick, 10, f"could not choose {value!r} in #{select_id}")


def query_param(driver, name):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query).get(name, [""])[0]


def scenario_runs_page(browser, api, summary, run):
    run_id = run["id"]
    browser.open("/runs")
    summary["timing"]["runs_table_paint_ms"] = browser.timing("runs_table")
    browser.wait(lambda d: dict(runs_rows(d)).get(run_id) == "succeeded", 10, f"/runs should list run {run_id} as succeeded")
    browser.screenshot("runs.png")

    for status in ("succeeded", "failed"):
        choose(browser, "filter-status", status)
        browser.wait(lambda d: query_param(d, "status") == status, 10, f"choosing status {status} should put it in the URL")
        browser.wait(lambda d: all(s == status for _, s in runs_rows(d)) and ((run_id in dict(runs_rows(d))) == (status == "succeeded")), 10,
                     f"filtered by {status}, /runs should list only {status} runs, {'with' if status == 'succeeded' else 'without'} run {run_id}")
    choose(browser, "filter-status", "")
    browser.wait(lambda d: query_param(d, "status") == "", 10, "choosing any status should take it out of the URL")
    name = browser.args.batch_workflow
    browser.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f'#filter-workflow option[value="{name}"]'), 10,
                 f"#filter-workflow should offer {name}")
    choose(browser, "filter-workflow", name)
    browser.wait(lambda d: query_param(d, "workflow") == name, 10, f"choosing workflow {name} should put it in the URL")
    expected = sorted(r["id"] for r in api.get("/api/v1/runs", workflow=name, limit=50)["runs"])
    browser.wait(lambda d: sorted(r for r, _ in runs_rows(d)) == expected, 10,
                 f"filtered by workflow {name}, /runs should list {expected}")
    browser.no_error_message("runs page")


def scenario_retry(browser, api, summary):
    name = browser.args.failing_workflow
    browser.open("/")
    run_id = trigger_from_row(browser, name, {})
    browser.mark_page()
    browser.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "svg#dag g.node"), 20, "the run page drew no DAG")
    run = api.get(f"/api/v1/runs/{q(run_id)}")
    count = len(run["graph"]["nodes"])
    browser.wait(lambda _: run_status(browser) == "failed", browser.args.run_timeout, f"run {run_id} of {name} should fail first")
    browser.wait(lambda _: any(n["state"] == "failed" for n in dag_nodes(browser)), 10,
                 f"run {run_id} failed but no node shows failed: {[(n['task'], n['state']) for n in dag_nodes(browser)]}")
    check_dag_drawing(browser, api.get(f"/api/v1/runs/{q(run_id)}"), f"failed run {run_id}")
    browser.visible("#retry-button").click()
    summary["retried"] = {run_id: "failed"}
    # The UI goes to the new run when the server makes one; this server reopens the same run.
    browser.wait(lambda d: re.fullmatch(r"/runs/[^/]+", urllib.parse.urlsplit(d.current_url).path), 10, "after Retry the page should stay on a run")
    final_id = urllib.parse.unquote(browser.path().split("/")[2])
    if final_id != run_id:
        summary["retried"] = {}
        summary["retry_run"] = final_id
    wait_run_page(browser, final_id, count, "succeeded", browser.args.run_timeout,
                  f"after Retry, run {final_id} should turn succeeded on the page, without a reload")
    browser.assert_same_page("the retried run")
    run = api.get(f"/api/v1/runs/{q(final_id)}")
    if run["status"] != "succeeded":
        raise CheckFailed(f"the page says succeeded but the API says run {final_id} is {run['status']}")
    history = [[a["status"] for a in t["attempt_history"]] for t in run["tasks"]]
    if ["failed", "succeeded"] not in history:
        raise CheckFailed(f"the retried run's attempts should include a failed then a succeeded one: {history}")
    browser.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "svg#gantt g.bar[data-attempt]")) == attempts_of(run), 15,
                 f"the Gantt chart should draw the {attempts_of(run)} attempts, the failed one too")
    if not browser.find('svg#gantt g.bar[data-status="failed"]'):
        raise CheckFailed("the Gantt chart shows no failed attempt bar after the retry")
    summary["failing_run"] = final_id
    browser.screenshot("retried.png")


def scenario_pause(browser, api, summary):
    name = browser.args.pause_workflow or browser.args.batch_workflow
    row = f'#workflows-table tr[data-workflow="{name}"]'
    browser.open("/")
    before = api.get(f"/api/v1/workflows/{q(name)}")["paused"]
    if before:
        raise CheckFailed(f"workflow {name} is already paused before the check")
    for want in (True, False):
        browser.one(row).find_element(By.CSS_SELECTOR, "button.pause-toggle").click()
        browser.wait(lambda d: d.find_element(By.CSS_SELECTOR, row).get_attribute("data-paused") == str(want).lower(), 10,
                     f"{row} should become data-paused={str(want).lower()}")
        browser.wait(lambda _: api.get(f"/api/v1/workflows/{q(name)}")["paused"] is want, 10,
                     f"the API should report {name} paused={want}")
        label = browser.one(row).find_element(By.CSS_SELECTOR, "button.pause-toggle").text.strip()
        if label != ("Resume" if want else "Pause"):
            raise CheckFailed(f"with {name} paused={want} its button says {label!r}")
        if want:
            browser.open("/")
            browser.wait(lambda d: d.find_element(By.CSS_SELECTOR, row).get_attribute("data-paused") == "true", 10,
                         f"after a reload {name} should still show paused")
    browser.no_error_message("pause/resume")
    summary["paused_and_resumed"] = name


def scenario_streams(browser, api, summary):
    streams = api.get("/api/v1/streams")["streams"]
    if not streams:
        print("check_web_ui: note: the server has no stream; skipping the streams pages")
        summary["streams"] = "skipped: no stream"
        return
    names = sorted(s["stream"] for s in streams)
    browser.open("/streams")
    browser.wait(lambda d: sorted(e.get_attribute("data-stream") for e in d.find_elements(By.CSS_SELECTOR, "#streams-table tr[data-stream]")) == names,
                 10, f"/streams should list {names}")
    name = names[0]
    browser.one(f'#streams-table tr[data-stream="{name}"] a').click()
    browser.wait(lambda d: urllib.parse.urlsplit(d.current_url).path == f"/streams/{q(name)}", 10, f"the link should open /streams/{name}")
    points = api.get(f"/api/v1/streams/{q(name)}/rate", minutes=60)["points"]
    browser.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "svg#rate-chart rect.rate-bar")) == len(points), 10,
                 f"svg#rate-chart should draw {len(points)} bars, one a minute")
    last_seq = next(s["last_seq"] for s in streams if s["stream"] == name)
    shown = re.sub(r"\D", "", browser.js("return document.getElementById('stream-last-seq').textContent"))
    if shown != str(last_seq):
        raise CheckFailed(f"the stream page shows last sequence {shown!r}, the API {last_seq}")
    browser.no_error_message("stream page")
    summary["streams"] = names
    browser.screenshot("streams.png")


def scenario_mobile(browser, api, summary, run):
    browser.set_viewport(*MOBILE, mobile=True)
    try:
        pages = [("/", "#workflows-table tr[data-workflow]"), ("/runs", "#runs-table tr[data-run]"),
                 (f"/runs/{q(run['id'])}", "svg#dag g.node")]
        for path, ready in pages:
            browser.open(path)
            browser.one(ready)
            width = browser.js("return window.innerWidth")
            if width != MOBILE[0]:
                raise CheckFailed(f"the emulated viewport is {width} px wide, not {MOBILE[0]}")
            browser.wait(lambda _: browser.js("return document.documentElement.scrollWidth <= window.innerWidth"), 5,
                         f"at {MOBILE[0]} px, {path} scrolls sideways: scrollWidth "
                         f"{browser.js('return document.documentElement.scrollWidth')} > innerWidth {width}; widest: {widest(browser)}")
        wait_run_page(browser, run["id"], len(run["tasks"]), "succeeded", 15, "the run page at 390 px")
        svg_width = browser.js("return document.getElementById('dag').getBoundingClientRect().right")
        if svg_width > MOBILE[0] + 0.5:
            raise CheckFailed(f"at {MOBILE[0]} px the DAG reaches x={svg_width}, past the screen")
        browser.screenshot("run-390.png")
    finally:
        browser.clear_viewport()


def widest(browser):
    """The elements that stick out of the viewport, for a useful overflow message."""
    return browser.js("""
      const out = [];
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 0.5 && !el.closest('.table-wrap, .dag-wrap, .gantt-wrap, .chart-wrap, pre'))
          out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} right=${Math.round(r.right)}`);
        if (out.length >= 5) break;
      }
      return out;""")


def scenario_dark(browser, api, summary, run):
    def background():
        return browser.js("return getComputedStyle(document.body).backgroundColor")

    def luminance(css):
        parts = [float(v) for v in re.findall(r"[\d.]+", css)[:3]]
        return sum(w * v / 255 for w, v in zip((0.2126, 0.7152, 0.0722), parts)) if len(parts) == 3 else None

    browser.open(f"/runs/{q(run['id'])}")
    browser.one("svg#dag g.node")
    light = luminance(background())
    browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        dark = browser.wait(lambda _: (lambda v: v if v is not None and v < 0.3 else None)(luminance(background())), 5,
                            f"with prefers-color-scheme: dark the page background should be dark (light one: {light})")
        if light is not None and light < 0.5:
            raise CheckFailed(f"the light page background is dark already ({background()})")
        summary["dark_background_luminance"] = round(dark, 3)
        browser.screenshot("run-dark.png")
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


SCENARIOS = ["login", "batch", "task", "runs", "retry", "pause", "streams", "mobile", "dark"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", required=True, help="a token with runs:read and runs:write (admin)")
    parser.add_argument("--out", required=True, help="folder for the screenshots and ui-summary.json")
    parser.add_argument("--failing-workflow", required=True, help="fails on its first attempt, succeeds when retried")
    parser.add_argument("--batch-workflow", required=True, help="the batch pipeline to trigger")
    parser.add_argument("--pause-workflow", help="the workflow to pause and resume (default: the batch workflow)")
    parser.add_argument("--rows", default="2000", help="the batch workflow's rows param (when it has one)")
    parser.add_argument("--expect-tasks", type=int, default=7, help="the batch workflow's task count (0: any)")
    parser.add_argument("--run-timeout", type=float, default=90, help="seconds a run may take to finish")
    parser.add_argument("--chromium", help="the browser (default: chromium on PATH, or $CHROMIUM)")
    parser.add_argument("--driver-log", help="write chromedriver's verbose log here (for debugging the browser itself)")
    parser.add_argument("--chromedriver", help="the driver (default: chromedriver on PATH, or $CHROMEDRIVER)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    api = API(args.url, args.token)
    summary = {"timing": {}}
    started = time.monotonic()
    try:
        browser = Browser(args)
    except SetupError as error:
        print(f"check_web_ui: {error}", file=sys.stderr)
        return 2
    current = None
    try:
        current = "login"
        scenario_login(browser, api, summary)
        current = "batch"
        run = scenario_batch_run(browser, api, summary)
        current = "task"
        scenario_task(browser, api, summary, run)
        current = "runs"
        scenario_runs_page(browser, api, summary, run)
        current = "retry"
        scenario_retry(browser, api, summary)
        current = "pause"
        scenario_pause(browser, api, summary)
        current = "streams"
        scenario_streams(browser, api, summary)
        current = "mobile"
        scenario_mobile(browser, api, summary, run)
        current = "dark"
        scenario_dark(browser, api, summary, run)
        current = "console"
        errors = browser.console_errors()
        if errors:
            raise CheckFailed("the browser console has errors:\n  " + "\n  ".join(errors[:10]))
    except CheckFailed as error:
        try:
            shot = browser.screenshot("failure.png")
        except WebDriverException:
            shot = "(none)"
        console = "\n  ".join(browser.console_errors()[:10]) or "(none)"
        print(f"check_web_ui: FAILED in scenario '{current}': {error}\n  screenshot: {shot}\n  console errors: {console}", file=sys.stderr)
        return 1
    except WebDriverException as error:
        where = "".join(traceback.format_tb(error.__traceback__)[-6:])
        print(f"check_web_ui: FAILED in scenario '{current}': the browser failed: {error.msg}\n{browser.describe()}\n{where}", file=sys.stderr)
        return 1
    finally:
        summary["elapsed_s"] = round(time.monotonic() - started, 1)
        with open(os.path.join(args.out, "ui-summary.json"), "w") as file:
            json.dump(summary, file, indent=2, sort_keys=True)
        browser.quit()
    t = summary["timing"]
    print(f"check_web_ui: ok: {len(SCENARIOS)} scenarios in {summary['elapsed_s']} s; screenshots in {args.out}")
    print(f"timing: runs_table_first_paint_ms={t['runs_table_paint_ms']} run_dag_first_paint_ms={t['run_dag_paint_ms']} "
          f"batch_run_live_to_succeeded_s={t['batch_live_succeeded_s']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
