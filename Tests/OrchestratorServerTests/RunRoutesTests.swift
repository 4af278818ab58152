import Foundation
import Hummingbird
import HummingbirdTesting
import OrchestratorCore
@testable import OrchestratorServer
import OrchestratorStore
import SQLiteStore
import Streaming
import Testing

/// The runs API through the router: workflows, runs, paging, logs, the actions, auth.
@Suite struct RunRoutesTests {
    static let nightly = """
        name: nightly
        description: The nightly load.
        schedule: "0 2 * * *"
        timezone: Europe/London
        params:
          day: "2026-11-30"
        tasks:
          - id: extract
            type: noop
          - id: load
            type: noop
            depends_on: [extract]
        """

    /// Fails on its first attempt (no marker yet), succeeds once retried.
    static func flaky(_ marker: String) -> String {
        """
        name: flaky
        tasks:
          - id: hello
            type: shell
            run: echo "hello from the log"; echo "é"
          - id: once
            type: shell
            depends_on: [hello]
            run: "test -f '\(marker)' || { touch '\(marker)'; echo first try fails; exit 3; }"
        """
    }

    func get(_ fixture: APIFixture, _ uri: String, scopes: Set<Scope> = [.runsRead]) async throws -> TestResponse {
        let token = try fixture.token(scopes)
        return try await fixture.withClient { client in try await client.send(.get, uri, token: token) }
    }

    func post(_ fixture: APIFixture, _ uri: String, body: String? = nil, scopes: Set<Scope> = [.runsWrite]) async throws -> TestResponse {
        let token = try fixture.token(scopes)
        return try await fixture.withClient { client in try await client.send(.post, uri, token: token, body: body, contentType: "application/json") }
    }

    /// Records a finished run of `workflow` queued at `queuedAt`.
    func addRun(_ fixture: APIFixture, id: String, workflow: String = "nightly", queuedAt: EpochMillis, status: RunState = .succeeded) async throws {
        let record = WorkflowRecord(name: workflow, hash: "h-\(workflow)", file: "workflows/\(workflow).yaml", yaml: Self.nightly)
        try await fixture.store.createRun(NewRun(id: RunID(rawValue: id), workflow: record, trigger: .manual, logicalDate: "2026-11-30",
                                                 params: [:], taskIDs: ["extract", "load"], owner: RunOwner(pid: 1, host: "elsewhere"),
                                                 now: queuedAt))
        try await fixture.store.finishRun(RunID(rawValue: id), status: status, error: nil, now: queuedAt + 10)
    }

    /// Polls the store until the run has `status`, for at most `limit`.
    func waitFor(_ fixture: APIFixture, run: String, status: RunState, within limit: Duration = .seconds(20)) async throws -> RunDetail? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let detail = try await fixture.store.runDetail(RunID(rawValue: run)), detail.summary.status == status { return detail }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await fixture.store.runDetail(RunID(rawValue: run))
    }

    @Test func workflowsShowTheScheduleInWordsAndRecentRuns() async throws {
        let fixture = try await APIFixture(workflows: ["nightly.yaml": Self.nightly])
        try await addRun(fixture, id: "r1", queuedAt: 1_000)
        try await addRun(fixture, id: "r2", queuedAt: 2_000, status: .failed)
        let json = try await get(fixture, "/api/v1/workflows").json()
        let items = try #require(json["workflows"]?.array)
        #expect(items.count == 1)
        let nightly = items[0]
        #expect(nightly["name"]?.string == "nightly")
        #expect(nightly["description"]?.string == "The nightly load.")
        #expect(nightly["schedule"]?.string == "every day at 02:00 Europe/London")
        #expect(nightly["schedule_expression"]?.string == "0 2 * * *")
        #expect(nightly["timezone"]?.string == "Europe/London")
        #expect(nightly["task_count"]?.int == 2)
        #expect(nightly["recent"]?.array?.map { $0["id"]?.string } == ["r2", "r1"])
        #expect(nightly["last_run"]?["status"]?.string == "failed")
        #expect(nightly["params"]?.array?.first?["default"]?.string == "2026-11-30")
        #expect(nightly["next_due"]?.string?.hasSuffix("Z") == true)

        let graph = try await get(fixture, "/api/v1/workflows/nightly/graph").json()
        #expect(graph["nodes"]?.array?.map { $0["id"]?.string } == ["extract", "load"])
        #expect(graph["edges"]?.array?.map { [$0["from"]?.string, $0["to"]?.string] } == [["extract", "load"]])
        let missing = try await get(fixture, "/api/v1/workflows/nope")
        #expect(try missing.expectError(.notFound, "not_found") == "no workflow 'nope' in the workflow folder")
    }

    @Test func runsArePagedNewestFirstWithACursor() async throws {
        let fixture = try await APIFixture()
        for index in 1...5 { try await addRun(fixture, id: "run-\(index)", queuedAt: EpochMillis(index) * 1_000) }
        try await addRun(fixture, id: "other", workflow: "other", queuedAt: 3_500, status: .failed)
        var seen: [String] = []
        var uri = "/api/v1/runs?workflow=nightly&limit=2"
        var pages = 0
        while true {
            let json = try await get(fixture, uri).json()
            pages += 1
            seen += try #require(json["runs"]?.array).compactMap { $0["id"]?.string }
            guard let cursor = json["next_cursor"]?.string else { break }
            uri = "/api/v1/runs?workflow=nightly&limit=2&cursor=\(cursor)"
        }
        #expect(seen == ["run-5", "run-4", "run-3", "run-2", "run-1"])
        #expect(pages == 3)
        let failed = try await get(fixture, "/api/v1/runs?status=failed").json()
        #expect(failed["runs"]?.array?.map { $0["id"]?.string } == ["other"])
        let since = try await get(fixture, "/api/v1/runs?since=1970-01-01T00:00:04Z").json()
        #expect(since["runs"]?.array?.map { $0["id"]?.string } == ["run-5", "run-4"])
        let first = try #require(failed["runs"]?.array?.first)
        #expect(first.keys == ["duration_ms", "ended_at", "error", "id", "logical_date", "queued_at", "started_at", "status", "trigger", "workflow"])
    }

    @Test(arguments: [
        ("limit=0", "limit must be a whole number from 1 to 500, got '0'"),
        ("limit=x", "limit must be a whole number from 1 to 500, got 'x'"),
        ("status=done", "status 'done' is not a run state; use one of queued, running, succeeded, failed, cancelled, skipped, interrupted"),
        ("since=yesterday", "since 'yesterday' is not a date or time; use YYYY-MM-DD or an ISO 8601 time such as 2026-11-30T05:00:00Z"),
        ("cursor=abc", "cursor 'abc' is not one this API gave out"),
    ])
    func badListParametersAre400NamingTheValue(query: String, message: String) async throws {
        let fixture = try await APIFixture()
        let response = try await get(fixture, "/api/v1/runs?\(query)")
        #expect(try response.expectError(.badRequest, "bad_request") == message)
    }

    @Test func scopesGuardReadsAndActions() async throws {
        let fixture = try await APIFixture(workflows: ["nightly.yaml": Self.nightly])
        let anonymous = try await fixture.withClient { client in try await client.send(.get, "/api/v1/runs") }
        try anonymous.expectError(.unauthorized, "unauthorized")
        try await get(fixture, "/api/v1/runs", scopes: [.transactionsRead]).expectError(.forbidden, "insufficient_scope")
        try await post(fixture, "/api/v1/workflows/nightly/pause", scopes: [.runsRead]).expectError(.forbidden, "insufficient_scope")
        #expect(try await get(fixture, "/api/v1/runs", scopes: [.admin]).status == .ok)
    }

    @Test func triggerAndRetryNeedASchedulerInTheProcess() async throws {
        let fixture = try await APIFixture(workflows: ["nightly.yaml": Self.nightly])
        try await addRun(fixture, id: "r1", queuedAt: 1_000, status: .failed)
        let trigger = try await post(fixture, "/api/v1/workflows/nightly/runs")
        #expect(try trigger.expectError(.conflict, "no_scheduler").contains("--with-scheduler"))
        try await post(fixture, "/api/v1/runs/r1/retry").expectError(.conflict, "no_scheduler")
        #expect(try await fixture.store.listRuns(RunFilter()).count == 1, "a refused trigger creates no run")
    }

    @Test func pauseAndUnpauseReportWhetherAnythingChanged() async throws {
        let fixture = try await APIFixture(workflows: ["nightly.yaml": Self.nightly])
        let first = try await post(fixture, "/api/v1/workflows/nightly/pause").json()
        let second = try await post(fixture, "/api/v1/workflows/nightly/pause").json()
        #expect(first["changed"] == .bool(true))
        #expect(second["changed"] == .bool(false))
        #expect(try await fixture.store.pausedWorkflows() == ["nightly"])
        #expect(try await get(fixture, "/api/v1/workflows/nightly").json()["paused"] == .bool(true))
        let resumed = try await post(fixture, "/api/v1/workflows/nightly/unpause").json()
        #expect(resumed["paused"] == .bool(false))
        #expect(resumed["changed"] == .bool(true))
        try await post(fixture, "/api/v1/workflows/nope/pause").expectError(.notFound, "not_found")
    }

    @Test func aTriggeredRunFailsIsRetriedAndServesItsLogs() async throws {
        let marker = NSTemporaryDirectory() + "flaky-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let fixture = try await APIFixture(workflows: ["flaky.yaml": Self.flaky(marker)], scheduler: true)
        try await fixture.waitForScheduler()
        let bad = try await post(fixture, "/api/v1/workflows/flaky/runs", body: #"{"params": {"nope": "1"}}"#)
        #expect(try bad.expectError(.badRequest, "bad_request").hasPrefix("unknown param 'nope' for workflow 'flaky'"))

        let template = try await post(fixture, "/api/v1/workflows/flaky/runs", body: #"{"params": {"day": "${env.HOME}"}}"#)
        #expect(try template.expectError(.badRequest, "bad_request")
            == "param 'day' contains '${': templates are not accepted from the API, only literal values")

        let triggered = try await post(fixture, "/api/v1/workflows/flaky/runs", body: "{}")
        #expect(triggered.status == .accepted, "\(triggered.text)")
        let id = try #require(try triggered.json()["run"]?["id"]?.string)
        let failed = try await waitFor(fixture, run: id, status: .failed)
        #expect(failed?.summary.status == .failed)

        let detail = try await get(fixture, "/api/v1/runs/\(id)").json()
        #expect(detail["cancel_requested"] == .bool(false))
        #expect(detail["graph"]?["edges"]?.array?.count == 1)
        let tasks = try #require(detail["tasks"]?.array)
        #expect(tasks.map { $0["state"]?.string } == ["succeeded", "failed"])
        #expect(tasks[1]["attempt_history"]?.array?.first?["exit_code"]?.int == 3)
        #expect(tasks[1]["attempt_history"]?.array?.first?.keys?.contains("log_path") == false)

        let log = try await get(fixture, "/api/v1/runs/\(id)/tasks/hello/logs").json()
        #expect(log["text"]?.string?.contains("hello from the log\né\n") == true)
        #expect(log["complete"] == .bool(true))
        #expect(log["next_offset"]?.int == log["size"]?.int)
        let tail = try await get(fixture, "/api/v1/runs/\(id)/tasks/hello/logs?offset=\(log["size"]!.int! - 3)").json()
        #expect(tail["text"]?.string == "é\n")
        try await get(fixture, "/api/v1/runs/\(id)/tasks/hello/logs?attempt=9").expectError(.notFound, "not_found")
        try await get(fixture, "/api/v1/runs/\(id)/tasks/nope/logs").expectError(.notFound, "not_found")
        let stream = try await get(fixture, "/api/v1/runs/\(id)/tasks/once/logs/stream")
        #expect(stream.headers[.contentType] == "text/event-stream")
        #expect(stream.text.contains("event: log\ndata: {\"offset\":0,\"text\":\"first try fails\\n\"}"), "\(stream.text)")
        #expect(stream.text.hasSuffix("event: end\ndata: {\"attempt\":1,\"status\":\"failed\"}\n\n"), "\(stream.text)")

        let retried = try await post(fixture, "/api/v1/runs/\(id)/retry")
        #expect(retried.status == .accepted, "\(retried.text)")
        let succeeded = try await waitFor(fixture, run: id, status: .succeeded)
        #expect(succeeded?.tasks.map(\.attempts) == [1, 2])
        let again = try await post(fixture, "/api/v1/runs/\(id)/retry")
        #expect(try again.expectError(.conflict, "conflict")
            == "run '\(id)' is succeeded; only finished runs with failed, cancelled or interrupted tasks can be retried")
        try await post(fixture, "/api/v1/runs/nope/retry").expectError(.notFound, "not_found")
        let cancel = try await post(fixture, "/api/v1/runs/\(id)/cancel").json()
        #expect(cancel["status"]?.string == "succeeded")
        await fixture.stop()
    }

    @Test func theChangeTrackerReportsRunsAndTasksOfAnyProcess() async throws {
        let fixture = try await APIFixture()
        var tracker = RunChangeTracker()
        try await addRun(fixture, id: "old", queuedAt: 1_000)
        // A run page that read "running" just before subscribing must learn that the run ended.
        #expect(try await tracker.poll(fixture.store).map(\.text) == ["run old succeeded"], "the first poll reports runs as they are")
        #expect(try await tracker.poll(fixture.store).map(\.text).isEmpty, "then only changes")
        let record = WorkflowRecord(name: "nightly", hash: "h", file: "f", yaml: Self.nightly)
        try await fixture.store.createRun(NewRun(id: RunID(rawValue: "live"), workflow: record, trigger: .manual, logicalDate: "d",
                                                 params: [:], taskIDs: ["extract", "load"], owner: RunOwner(pid: 1, host: "h"), now: 5_000))
        let started = try await tracker.poll(fixture.store).map(\.text)
        #expect(started.contains("run live running"))
        #expect(started.contains("task live extract pending"))
        try await fixture.store.startAttempt(run: RunID(rawValue: "live"), task: "extract", attempt: 1, logPath: "x", now: 5_100)
        #expect(try await tracker.poll(fixture.store).map(\.text) == ["task live extract running"])
        try await fixture.store.finishRun(RunID(rawValue: "live"), status: .failed, error: "x", now: 6_000)
        let ended = try await tracker.poll(fixture.store).map(\.text)
        #expect(ended.first == "run live failed")
        #expect(try await tracker.poll(fixture.store).map(\.text).isEmpty)
    }

    @Test func theWebUIIsServedForEveryPageAddressAndFile() async throws {
        let fixture = try await APIFixture()
        let web = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/OrchestratorServer/Web").path
        let files = try FileManager.default.contentsOfDirectory(atPath: web).filter { !$0.hasPrefix(".") }
        #expect(files.contains("app.js"))
        try await fixture.withClient { client in
            for page in ["/", "/runs", "/runs/abc", "/runs/abc/tasks/t1", "/workflows/x", "/streams/transactions"] {
                let response = try await client.send(.get, page)
                #expect(response.status == .ok, "\(page)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(page)")
                #expect(response.text.contains("/ui/app.js"), "\(page)")
            }
            for file in files {
                let response = try await client.send(.get, "/ui/\(file)")
                #expect(response.status == .ok, "\(file) is in Web/ but not served")
                let bytes = try Data(contentsOf: URL(fileURLWithPath: web + "/" + file))
                #expect(Data(response.body.readableBytesView) == bytes, "\(file) differs from the compiled copy")
            }
            #expect(try await client.send(.get, "/ui/app.js").headers[.contentType] == "text/javascript; charset=utf-8")
            try await client.send(.get, "/ui/nope.js").expectError(.notFound, "not_found")
        }
    }

    @Test func metricsAreOpenOrGuardedByTheirScope() async throws {
        let open = try await APIFixture()
        open.registry.makeCounter(name: "probe_total", labels: [("a", "b")]).increment(by: Int64(3))
        let text = try await open.withClient { client in try await client.send(.get, "/metrics") }
        #expect(text.status == .ok)
        #expect(text.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(text.text.contains("probe_total{a=\"b\"} 3"), "\(text.text)")

        let guarded = try await APIFixture(metricsAuth: true)
        let reader = try guarded.token([.metricsRead])
        let runsOnly = try guarded.token([.runsRead])
        try await guarded.withClient { client in
            try await client.send(.get, "/metrics").expectError(.unauthorized, "unauthorized")
            try await client.send(.get, "/metrics", token: runsOnly).expectError(.forbidden, "insufficient_scope")
            #expect(try await client.send(.get, "/metrics", token: reader).status == .ok)
        }
    }

    @Test func streamsListTheirStandingAndRecordsPerMinute() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([Records.item("1", "A"), Records.item("1", "B"), Records.item("2", "A")])
        let list = try await get(fixture, "/api/v1/streams").json()
        let streams = try #require(list["streams"]?.array)
        #expect(streams.map { $0["stream"]?.string } == ["transactions"])
        #expect(streams.first?["last_seq"]?.int == 3)
        #expect(streams.first?["lag_records"]?.int == 0)
        let rate = try await get(fixture, "/api/v1/streams/transactions/rate?minutes=5").json()
        let points = try #require(rate["points"]?.array)
        #expect(points.count == 5)
        #expect(points.compactMap { $0["records"]?.int }.reduce(0, +) == 3)
        #expect(points.suffix(2).compactMap { $0["records"]?.int }.reduce(0, +) == 3, "the records arrived in the last minute or two")
        #expect(points.first?["minute"]?.string?.hasSuffix(":00Z") == true)
        try await get(fixture, "/api/v1/streams/nope/rate").expectError(.notFound, "not_found")
        let bad = try await get(fixture, "/api/v1/streams/transactions/rate?minutes=0")
        #expect(try bad.expectError(.badRequest, "bad_request") == "minutes must be a whole number from 1 to 1440, got '0'")
    }

    @Test func aLogSliceNeverEndsInsideACharacter() {
        #expect(LogSlice.incompleteTail(Array("ab".utf8)) == 0)
        #expect(LogSlice.incompleteTail(Array("aé".utf8).dropLast()) == 1)
        #expect(LogSlice.incompleteTail(Array("a😀".utf8).dropLast()) == 3)
        #expect(LogSlice.incompleteTail(Array("a😀".utf8)) == 0)
        #expect(LogSlice.incompleteTail([]) == 0)
    }

    @Test func aRunningAttemptsHalfWrittenCharacterWaitsForItsLastByte() async throws {
        let state = StateDirectory(root: NSTemporaryDirectory() + "log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: state.root) }
        let logs = FolderLogStore(folder: state, runs: try SQLiteRunStore(state: state))
        let log = AttemptLogID(run: RunID(rawValue: "r1"), task: "t", attempt: 1)
        try await logs.append(Array(Array("ok é".utf8).dropLast()), to: log)
        let running = try await LogSlice.read(log, in: logs, from: 0, upTo: 1 << 10, complete: false)
        #expect(running.text == "ok ")
        #expect(running.consumed == 3)
        let ended = try await LogSlice.read(log, in: logs, from: 0, upTo: 1 << 10, complete: true)
        #expect(ended.text == "ok \u{FFFD}", "a final file's broken tail is shown, not held back forever")
        #expect(ended.consumed == 4)
    }
}

extension RunChangeTracker.Change {
    /// `run ID STATUS` or `task RUN TASK STATE`, for compact expectations.
    var text: String {
        switch self {
        case .run(let summary): "run \(summary.id) \(summary.status.rawValue)"
        case .task(let run, _, let task, let state, _): "task \(run) \(task) \(state.rawValue)"
        }
    }
}
