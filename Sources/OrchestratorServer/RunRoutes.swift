import Foundation
import Hummingbird
import Streaming
import OrchestratorCore
import OrchestratorEngine
import OrchestratorScheduler
import OrchestratorStore

/// `/api/v1/runs...`: the run list, one run, retry and cancel, with the CLI's rules and messages.
struct RunRoutes: Sendable {
    let backend: RunsBackend

    static let noScheduler = APIError(.conflict, "no_scheduler",
                                      "no scheduler runs in this server process: start it with 'orchestrator serve --with-scheduler', or use the CLI")

    /// `GET /api/v1/runs?workflow=&status=&since=&limit=&cursor=`, newest first, a page at a time.
    func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsRead)
        let query = request.uri.queryParameters
        var filter = RunFilter(limit: 50)
        if let workflow = query.get("workflow"), !workflow.isEmpty { filter.workflow = workflow }
        if let text = query.get("status"), !text.isEmpty {
            guard let status = RunState(rawValue: text) else {
                throw APIError.badRequest("status '\(text)' is not a run state; use one of \(RunState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.status = status
        }
        if let text = query.get("since"), !text.isEmpty {
            guard let since = QueryValue.instant(text) else {
                throw APIError.badRequest("since '\(text)' is not a date or time; use YYYY-MM-DD or an ISO 8601 time such as 2026-11-30T05:00:00Z")
            }
            filter.since = since
        }
        if let text = query.get("limit") {
            filter.limit = try QueryValue.integer(text, name: "limit", in: 1...500)
        }
        if let cursor = query.get("cursor"), !cursor.isEmpty {
            guard let position = RunCursor.decode(cursor) else { throw APIError.badRequest("cursor '\(cursor)' is not one this API gave out") }
            filter.after = position
        }
        let limit = filter.limit
        filter.limit += 1
        let page = try await backend.store.listRuns(filter)
        let shown = Array(page.prefix(limit))
        let next = page.count > limit ? shown.last.map { RunCursor.encode($0.position) } : nil
        return try RunsJSON.response(RunPage(runs: shown, nextCursor: next))
    }

    func detail(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsRead)
        let detail = try await runDetail(context)
        var graph: GraphJSON?
        if let record = try await backend.store.workflow(hash: detail.workflowHash),
           case .success(let workflow) = WorkflowLoader.load(text: record.yaml, file: record.file, catalog: backend.registry.catalog) {
            graph = GraphJSON(workflow)
        }
        return try RunsJSON.response(RunDetailJSON(detail: detail, graph: graph))
    }

    /// `POST /api/v1/runs/{id}/retry`: as `orchestrator retry`, executed by this process's scheduler.
    func retry(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsWrite)
        let id = RunID(rawValue: try context.pathParameter("id"))
        guard let scheduler = backend.scheduler, await scheduler.isActive else { throw Self.noScheduler }
        let plan: RunPlan
        do {
            plan = try await backend.launcher.reopenForRetry(id)
        } catch StoreError.unknownRun(let run) {
            throw APIError.notFound(StoreError.unknownRun(run).localizedDescription)
        } catch let error as StoreError {
            throw APIError(.conflict, "conflict", error.localizedDescription)
        } catch let error as RunLauncher.LaunchError {
            throw APIError(.conflict, "conflict", error.localizedDescription)
        } catch let error as DiagnosticsError {
            throw APIError(.conflict, "conflict", "the workflow stored with run '\(id)' no longer loads: \(error)")
        }
        try await Self.hand(plan, trigger: .retry, to: scheduler, store: backend.store)
        guard let summary = try await backend.store.runDetail(id)?.summary else { throw APIError.notFound("run '\(id)' vanished") }
        return try RunsJSON.response(["run": summary], status: .accepted)
    }

    /// `POST /api/v1/runs/{id}/cancel`: asks the process running it to stop, as `orchestrator cancel`.
    func cancel(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsWrite)
        let id = RunID(rawValue: try context.pathParameter("id"))
        try await backend.launcher.reapOrphans()
        guard let status = try await backend.store.requestCancel(id, now: Timestamps.now()) else {
            throw APIError.notFound(StoreError.unknownRun(id.rawValue).localizedDescription)
        }
        return try RunsJSON.response(CancelJSON(id: id.rawValue, status: status), status: .accepted)
    }

    func runDetail(_ context: APIContext) async throws -> RunDetail {
        let id = RunID(rawValue: try context.pathParameter("id"))
        guard let detail = try await backend.store.runDetail(id) else {
            throw APIError.notFound(StoreError.unknownRun(id.rawValue).localizedDescription)
        }
        return detail
    }

    /// Gives a created or reopened run to the scheduler; if it stopped scheduling meanwhile, the
    /// run is ended `interrupted` (resumable with `retry`) rather than left running.
    static func hand(_ plan: RunPlan, trigger: RunTrigger, to scheduler: Scheduler, store: any RunStore) async throws {
        do {
            try await scheduler.submit(plan, trigger: trigger)
        } catch {
            try await store.finishRun(plan.runID, status: .interrupted, error: error.description, now: Timestamps.now())
            throw noScheduler
        }
    }
}

struct RunPage: Encodable {
    var runs: [RunSummary]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey { case runs, nextCursor = "next_cursor" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runs, forKey: .runs)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

struct CancelJSON: Encodable {
    var id: String
    var status: RunState
}

/// Opaque run-list cursors: base64url of `queued_at` and the id of the last run shown.
enum RunCursor {
    static func encode(_ position: RunPosition) -> String {
        Base64URL.encode(Array("\(position.queuedAt) \(position.id.rawValue)".utf8))
    }

    static func decode(_ cursor: String) -> RunPosition? {
        guard let bytes = Base64URL.decode(cursor), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let parts = text.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let millis = EpochMillis(parts[0]) else { return nil }
        return RunPosition(queuedAt: millis, id: RunID(rawValue: String(parts[1])))
    }
}

/// Query values with their ranges, each failure naming the parameter and the value.
enum QueryValue {
    static func integer(_ text: String, name: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw APIError.badRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (UTC), or any ISO 8601 time with a zone and optional fraction.
    static func instant(_ text: String) -> EpochMillis? {
        if let millis = Timestamps.parse(text) { return millis }
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) {
                let millis = (date.timeIntervalSince1970 * 1000).rounded()
                guard millis.isFinite, abs(millis) < 9e15 else { return nil }
                return EpochMillis(millis)
            }
        }
        return nil
    }
}
