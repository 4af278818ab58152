import Foundation
import OrchestratorCore
import OrchestratorStore
import PostgresNIO

extension PostgresRunStore {
    public func listRuns(_ filter: RunFilter) async throws -> [RunSummary] {
        var parameters = PostgresParameters()
        var clauses: [String] = []
        if let workflow = filter.workflow { clauses.append("workflow = \(parameters.bind(workflow))") }
        if let status = filter.status { clauses.append("status = \(parameters.bind(status.rawValue))") }
        if let since = filter.since { clauses.append("queued_at >= \(parameters.bind(since))") }
        if let after = filter.after {
            clauses.append("(queued_at, id) < (\(parameters.bind(after.queuedAt)), \(parameters.bind(after.id.rawValue)))")
        }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        // A negative limit lists everything, as SQLite's LIMIT does.
        let limit = filter.limit < 0 ? "ALL" : parameters.bind(filter.limit)
        let query = parameters.query("SELECT * FROM runs \(whereClause) ORDER BY queued_at DESC, id DESC LIMIT \(limit)")
        return try await statement(query).map(Self.summary)
    }

    public func runDetail(_ id: RunID) async throws -> RunDetail? {
        try await read { transaction in
            guard let row = try await transaction.rows("SELECT * FROM runs WHERE id = \(id.rawValue)").first else { return nil }
            let outputs = try Self.outputs(try await transaction.rows(Self.outputsQuery(id)))
            var attempts: [String: [AttemptRecord]] = [:]
            for attempt in try await transaction.rows("SELECT * FROM attempts WHERE run_id = \(id.rawValue) ORDER BY task_id, attempt") {
                let record = AttemptRecord(attempt: try attempt.value("attempt", as: Int.self),
                                           status: AttemptRecord.Status(rawValue: try attempt.value("status")) ?? .failed,
                                           startedAt: try attempt.value("started_at"), endedAt: try attempt.value("ended_at"),
                                           exitCode: try attempt.value("exit_code"), error: try attempt.value("error"),
                                           logPath: try attempt.value("log_path"))
                attempts[try attempt.value("task_id"), default: []].append(record)
            }
            let tasks = try await transaction.rows("SELECT * FROM task_instances WHERE run_id = \(id.rawValue) ORDER BY position").map { task in
                let taskID: String = try task.value("task_id")
                return TaskRecord(id: taskID, state: TaskState(rawValue: try task.value("state")) ?? .failed, attempts: try task.value("try_number"),
                                  startedAt: try task.value("started_at"), endedAt: try task.value("ended_at"), exitCode: try task.value("exit_code"),
                                  error: try task.value("error"), outputs: outputs[taskID] ?? [:], attemptHistory: attempts[taskID] ?? [])
            }
            let params = (try? JSONDecoder().decode([String: String].self, from: Data(try row.value("params", as: String.self).utf8))) ?? [:]
            let pid: Int32? = try row.value("owner_pid")
            let host: String? = try row.value("owner_host")
            return RunDetail(summary: try Self.summary(row), workflowHash: try row.value("workflow_hash"), params: params,
                             owner: pid.map { RunOwner(pid: $0, host: host ?? "") }, heartbeatAt: try row.value("heartbeat_at"),
                             cancelRequested: try row.value("cancel_requested"), tasks: tasks)
        }
    }

    public func workflow(hash: String) async throws -> WorkflowRecord? {
        try await statement("SELECT name, hash, file, yaml FROM workflows WHERE hash = \(hash)").first.map { row in
            WorkflowRecord(name: try row.value("name"), hash: try row.value("hash"), file: try row.value("file"), yaml: try row.value("yaml"))
        }
    }

    public func outputs(of run: RunID) async throws -> [String: [String: String]] {
        try Self.outputs(try await statement(Self.outputsQuery(run)))
    }

    static func outputsQuery(_ run: RunID) -> PostgresQuery {
        "SELECT task_id, key, value FROM outputs WHERE run_id = \(run.rawValue)"
    }

    /// Rows of `outputsQuery`: task id -> key -> value.
    static func outputs(_ rows: [PostgresRandomAccessRow]) throws -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for row in rows {
            result[try row.value("task_id"), default: [:]][try row.value("key")] = try row.value("value", as: String.self)
        }
        return result
    }

    /// A `runs` row as listed.
    static func summary(_ row: PostgresRandomAccessRow) throws -> RunSummary {
        RunSummary(id: RunID(rawValue: try row.value("id")), workflow: try row.value("workflow"),
                   status: RunState(rawValue: try row.value("status")) ?? .failed,
                   trigger: RunTrigger(rawValue: try row.value("trigger")) ?? .manual, logicalDate: try row.value("logical_date"),
                   queuedAt: try row.value("queued_at"), startedAt: try row.value("started_at"), endedAt: try row.value("ended_at"),
                   error: try row.value("error"), intervalStart: try row.value("interval_start"), intervalEnd: try row.value("interval_end"))
    }
}
