import Foundation
import Hummingbird
import NIOCore
import OrchestratorCore
import OrchestratorScheduler
import OrchestratorStore

/// The runs API's JSON shapes (see `docs/openapi.yaml`), built from the store's records.
enum RunsJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[AttemptRecord.omitLogPath] = true
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        JSONResponse.make(bytes: try encoder.encode(value), status: status)
    }

    static func line(_ value: some Encodable) -> String {
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A workflow's nodes and edges.
struct GraphJSON: Encodable {
    struct Node: Encodable {
        var id: String
        var type: String
        var dependsOn: [String]
        enum CodingKeys: String, CodingKey { case id, type, dependsOn = "depends_on" }
    }

    struct Edge: Encodable {
        var from: String
        var to: String
    }

    var workflow: String
    var nodes: [Node]
    var edges: [Edge]

    init(_ workflow: Workflow) {
        self.workflow = workflow.name
        nodes = workflow.tasks.map { Node(id: $0.id, type: $0.type, dependsOn: $0.dependsOn) }
        edges = workflow.tasks.flatMap { task in task.dependsOn.map { Edge(from: $0, to: task.id) } }
    }
}

/// A run with its tasks, attempts and graph: `GET /api/v1/runs/{id}`.
struct RunDetailJSON: Encodable {
    var detail: RunDetail
    var graph: GraphJSON?

    enum CodingKeys: String, CodingKey { case graph, cancelRequested = "cancel_requested" }

    func encode(to encoder: any Encoder) throws {
        try detail.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(graph, forKey: .graph)
        try container.encode(detail.cancelRequested, forKey: .cancelRequested)
    }
}

/// One workflow of the folder with its schedule and recent runs: `GET /api/v1/workflows`.
struct WorkflowJSON: Encodable {
    struct RunRef: Encodable {
        var id: String
        var status: RunState
        var logicalDate: String
        enum CodingKeys: String, CodingKey { case id, status, logicalDate = "logical_date" }
    }

    struct Param: Encodable {
        var name: String
        var `default`: String?
    }

    var name: String
    var file: String
    var description: String?
    var schedule: String?
    var scheduleExpression: String?
    var timezone: String?
    var paused: Bool
    var nextDue: String?
    var lastRun: RunRef?
    var recent: [RunRef]
    var params: [Param]
    var taskCount: Int

    enum CodingKeys: String, CodingKey {
        case name, file, description, schedule, timezone, paused, recent, params
        case scheduleExpression = "schedule_expression", nextDue = "next_due", lastRun = "last_run", taskCount = "task_count"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(file, forKey: .file)
        try container.encode(description, forKey: .description)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(scheduleExpression, forKey: .scheduleExpression)
        try container.encode(timezone, forKey: .timezone)
        try container.encode(paused, forKey: .paused)
        try container.encode(nextDue, forKey: .nextDue)
        try container.encode(lastRun, forKey: .lastRun)
        try container.encode(recent, forKey: .recent)
        try container.encode(params, forKey: .params)
        try container.encode(taskCount, forKey: .taskCount)
    }

    static func make(_ loaded: LoadedWorkflow, paused: Bool, recent: [RunSummary], now: Date) -> WorkflowJSON {
        let config = loaded.workflow.schedule
        let refs = recent.map { RunRef(id: $0.id.rawValue, status: $0.status, logicalDate: $0.logicalDate) }
        let next = paused ? nil : config?.schedule.nextFire(after: now)
        return WorkflowJSON(
            name: loaded.name, file: loaded.file, description: loaded.workflow.description,
            schedule: config?.schedule.words, scheduleExpression: config?.schedule.expression,
            timezone: config?.schedule.zoneName,
            paused: paused, nextDue: next.map { Timestamps.iso8601(EpochMillis(($0.timeIntervalSince1970 * 1000).rounded())) },
            lastRun: refs.first, recent: refs, params: loaded.workflow.params.map { Param(name: $0.name, default: $0.value) },
            taskCount: loaded.workflow.tasks.count)
    }
}
