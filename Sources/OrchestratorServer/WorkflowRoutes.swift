import Foundation
import Hummingbird
import NIOCore
import OrchestratorCore
import OrchestratorEngine
import OrchestratorScheduler
import OrchestratorStore

/// `/api/v1/workflows...`: the folder's workflows, their graphs, pause and trigger.
struct WorkflowRoutes: Sendable {
    let backend: RunsBackend

    func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsRead)
        let loaded = await backend.catalog.workflows()
        let paused = try await backend.store.pausedWorkflows()
        var items: [WorkflowJSON] = []
        for name in loaded.keys.sorted() {
            items.append(try await describe(loaded[name]!, paused: paused))
        }
        return try RunsJSON.response(["workflows": items])
    }

    func one(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsRead)
        let loaded = try await workflow(context)
        return try RunsJSON.response(try await describe(loaded, paused: try await backend.store.pausedWorkflows()))
    }

    func graph(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsRead)
        return try RunsJSON.response(GraphJSON(try await workflow(context).workflow))
    }

    func pause(_ request: Request, context: APIContext) async throws -> Response {
        try await setPaused(true, context: context)
    }

    func unpause(_ request: Request, context: APIContext) async throws -> Response {
        try await setPaused(false, context: context)
    }

    /// `POST /api/v1/workflows/{name}/runs`: creates a manual run with the body's params and hands
    /// it to this process's scheduler; 409 when there is none (or it stands by).
    func trigger(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsWrite)
        let loaded = try await workflow(context)
        let overrides = try await TriggerBody.params(request)
        // Values from the API are literal: `${env.X}` would read the server's environment.
        if let (name, _) = overrides.first(where: { $0.1.contains("${") }) {
            throw APIError.badRequest("param '\(name)' contains '${': templates are not accepted from the API, only literal values")
        }
        guard let scheduler = backend.scheduler, await scheduler.isActive else { throw RunRoutes.noScheduler }
        let params: [String: String]
        do {
            params = try RunLauncher.resolveParams(loaded.workflow, overrides: overrides)
        } catch let error as RunLauncher.LaunchError {
            throw APIError.badRequest(error.localizedDescription)
        }
        let plan: RunPlan
        do {
            plan = try await backend.launcher.createRun(loaded.workflow, record: loaded.record, params: params, trigger: .manual)
        } catch let error as RunLauncher.LaunchError {
            throw APIError.badRequest(error.localizedDescription)
        }
        try await RunRoutes.hand(plan, trigger: .manual, to: scheduler, store: backend.store)
        guard let summary = try await backend.store.runDetail(plan.runID)?.summary else { throw APIError.notFound("run '\(plan.runID)' vanished") }
        return try RunsJSON.response(["run": summary], status: .accepted)
    }

    func setPaused(_ paused: Bool, context: APIContext) async throws -> Response {
        try context.require(.runsWrite)
        let loaded = try await workflow(context)
        let changed = try await backend.store.setPaused(workflow: loaded.name, paused: paused, now: Timestamps.now())
        backend.scheduler?.poke()
        return try RunsJSON.response(PauseJSON(workflow: loaded.name, paused: paused, changed: changed))
    }

    func workflow(_ context: APIContext) async throws -> LoadedWorkflow {
        let name = try context.pathParameter("name")
        guard let loaded = await backend.catalog.workflow(named: name) else {
            throw APIError.notFound("no workflow '\(name)' in the workflow folder")
        }
        return loaded
    }

    func describe(_ loaded: LoadedWorkflow, paused: Set<String>) async throws -> WorkflowJSON {
        let recent = try await backend.store.listRuns(RunFilter(workflow: loaded.name, limit: 20))
        return WorkflowJSON.make(loaded, paused: paused.contains(loaded.name), recent: recent, now: Date())
    }
}

struct PauseJSON: Encodable {
    var workflow: String
    var paused: Bool
    var changed: Bool
}

/// The body of a trigger: `{"params": {"name": "value"}}`, or nothing.
enum TriggerBody {
    static func params(_ request: Request) async throws -> [(String, String)] {
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: 1 << 20)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "payload_too_large", "a trigger body is at most 1 MiB")
        }
        guard bytes.readableBytes > 0 else { return [] }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))
        } catch {
            throw APIError.badRequest("the body is not JSON: expected {\"params\": {\"name\": \"value\"}}")
        }
        guard let top = object as? [String: Any] else { throw APIError.badRequest("the body must be a JSON object like {\"params\": {\"name\": \"value\"}}") }
        if let extra = top.keys.sorted().first(where: { $0 != "params" }) {
            throw APIError.badRequest("unknown field '\(extra)' in the body; only 'params' is accepted")
        }
        guard let raw = top["params"] else { return [] }
        guard let params = raw as? [String: Any] else { throw APIError.badRequest("'params' must be an object of strings") }
        return try params.keys.sorted().map { name in
            guard let value = params[name] as? String else { throw APIError.badRequest("param '\(name)' must be a string") }
            return (name, value)
        }
    }
}
