import Foundation
import Testing

/// The web UI in a real browser, and `/metrics` against the run history, on a live
/// `orchestrator serve --with-scheduler`: `scripts/check_web_ui.py` drives headless Chromium
/// through Selenium (login, trigger, the live DAG, a task's log, the runs filters, retry,
/// pause, streams, a phone-sized screen, dark mode), then `scripts/check_metrics.py` compares the
/// Prometheus counters with the runs the API lists. Without Chromium, chromedriver or the venv's
/// selenium and prometheus_client the test fails (it never skips): `.ci/run` and `scripts/test`
/// install them.
@Suite(.serialized) struct WebUITests {
    /// The venv's Python (or `$ORCHESTRATOR_PYTHON`) when it has selenium and prometheus_client.
    static func python() async -> String? {
        let candidates = [ProcessInfo.processInfo.environment["ORCHESTRATOR_PYTHON"], BatchPipelineTests.repository + "/.venv/bin/python"]
        for path in candidates.compactMap({ $0 }) where FileManager.default.isExecutableFile(atPath: path) {
            let check = Process()
            check.executableURL = URL(fileURLWithPath: path)
            check.arguments = ["-c", "import selenium, prometheus_client"]
            check.standardOutput = FileHandle.nullDevice
            check.standardError = FileHandle.nullDevice
            guard (try? check.run()) != nil else { continue }
            await DaemonTests.exit(of: check, within: .seconds(30))
            if check.terminationStatus == 0 { return path }
        }
        return nil
    }

    /// The first of `names` on PATH.
    static func onPath(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// Fails on its first attempt and succeeds on the next: the first one leaves the marker.
    static func flakyWorkflow(marker: String) -> String {
        """
        name: flaky
        description: Fails on its first attempt and succeeds when retried (a marker file remembers).
        defaults: {retries: 0}
        tasks:
          - {id: prepare, type: shell, run: echo preparing}
          - id: flaky_step
            type: shell
            depends_on: [prepare]
            run: |
              if [ -f '\(marker)' ]; then echo "marker found: succeeding"; else touch '\(marker)'; echo "no marker yet: failing" >&2; exit 1; fi
        """
    }

    static let tickWorkflow = """
        name: tick
        description: A heartbeat every 5 seconds, for the scheduler's metrics and the pause button.
        schedule: {every: 5s}
        max_active_runs: 1
        tasks:
          - {id: beat, type: shell, run: echo tick}
        """

    struct ScriptResult {
        var status: Int32
        var output: String
    }

    /// Runs a Python script from `scripts/` to its end (killed after `limit`), output to a file in the folder.
    static func script(_ python: String, _ name: String, _ arguments: [String], in cli: CLI, within limit: Duration) async throws -> ScriptResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [BatchPipelineTests.repository + "/scripts/" + name] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: BatchPipelineTests.repository)
        let log = cli.folder + "/" + name + ".txt"
        FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = process.standardOutput
        process.standardInput = FileHandle.nullDevice
        try process.run()
        await DaemonTests.exit(of: process, within: limit)
        var output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        if process.isRunning {
            DaemonTests.stop(process)
            output += "\n(killed after \(limit))"
        }
        return ScriptResult(status: process.terminationStatus, output: output)
    }

    @Test func theUIDrivesRunsInABrowserAndMetricsMatchTheHistory() async throws {
        guard let python = await Self.python() else {
            Issue.record("needs a Python with selenium and prometheus_client: run ./scripts/test (it installs them into .venv) or set ORCHESTRATOR_PYTHON")
            return
        }
        guard Self.onPath(["chromium", "chromium-browser"]) != nil, Self.onPath(["chromedriver"]) != nil else {
            Issue.record("needs Chromium and chromedriver on PATH: apt-get install -y chromium chromium-driver (.ci/run installs them)")
            return
        }
        let cli = try StreamingServeTests.setUp([
            "batch.yaml": try String(contentsOfFile: BatchPipelineTests.workflow, encoding: .utf8),
            "tick.yaml": Self.tickWorkflow,
        ])
        try cli.write("wf/flaky.yaml", Self.flakyWorkflow(marker: cli.folder + "/flaky.marker"))
        let screenshots = cli.folder + "/screenshots"
        print("WebUITests: screenshots and script output in \(cli.folder)")
        let created = try cli.json(["token", "create", "--name", "ui", "--scopes", "admin", "--json", "--state", "state"])
        let token = try #require((created as? [String: Any])?["token"] as? String)
        let server = try await ServeProcess.start(cli, name: "serve")
        defer { DaemonTests.stop(server.process) }
        let url = "http://127.0.0.1:\(server.port)"

        // A stream with one record, for the streams pages and the stream metrics.
        let record = #"{"InvoiceNo":"536365","StockCode":"85123A","Description":"WHITE HANGING HEART T-LIGHT HOLDER","Quantity":6,"InvoiceDate":"12/1/2010 8:26","UnitPrice":2.55,"CustomerID":17850.0,"Country":"United Kingdom"}"#
        #expect(try await server.request("POST", "/api/v1/streams/transactions/records", token: token, body: record).status == 200)

        let ui = try await Self.script(python, "check_web_ui.py", [
            "--url", url, "--token", token, "--out", screenshots,
            "--failing-workflow", "flaky", "--batch-workflow", "batch", "--pause-workflow", "tick", "--rows", "2000", "--run-timeout", "60",
        ], in: cli, within: .seconds(150))
        #expect(ui.status == 0, "check_web_ui.py failed (screenshots in \(screenshots)):\n\(ui.output.suffix(6000))\nserver log:\n\(cli.output("serve").stderr.suffix(3000))")
        if let timing = ui.output.split(separator: "\n").first(where: { $0.hasPrefix("timing:") }) { print("WebUITests: \(timing)") }

        // The run the UI retried ended once before (failed): the metrics count that end too.
        let summary = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: screenshots + "/ui-summary.json")))) as? [String: Any]
        let retried = (summary?["retried"] as? [String: String]) ?? [:]
        #expect(ui.status != 0 || retried.count == 1, "the UI check should report the run it retried: \(summary ?? [:])")
        let metrics = try await Self.script(python, "check_metrics.py",
                                            ["--url", url, "--token", token] + retried.sorted { $0.key < $1.key }.flatMap { ["--retried", "\($0.key)=\($0.value)"] },
                                            in: cli, within: .seconds(90))
        #expect(metrics.status == 0, "check_metrics.py failed:\n\(metrics.output.suffix(6000))")
        #expect(metrics.output.contains("check_metrics: ok"), "\(metrics.output.suffix(2000))")

        #expect(server.process.isRunning, "the server died: \(cli.output("serve").stderr.suffix(3000))")
        #expect(await DaemonTests.terminate(server.process) == 0, "\(cli.output("serve").stderr.suffix(3000))")
    }
}
