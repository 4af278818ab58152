import Foundation
import OrchestratorCore

/// Milliseconds since 1970-01-01T00:00:00Z.
public typealias EpochMillis = Int64

/// A workflow definition as it was run, kept so that `retry` re-runs exactly the same YAML.
public struct WorkflowRecord: Sendable, Equatable {
    public var name: String
    /// FNV-1a 64-bit hash of the YAML text, as 16 hex digits.
    public var hash: String
    public var file: String
    public var yaml: String

    public init(name: String, hash: String, file: String, yaml: String) {
        self.name = name
        self.hash = hash
        self.file = file
        self.yaml = yaml
    }
}

/// Who executes a run: a process on a host, alive while it heartbeats.
public struct RunOwner: Sendable, Equatable {
    public var pid: Int32
    public var host: String

    public init(pid: Int32, host: String) {
        self.pid = pid
        self.host = host
    }
}

/// What is needed to create a run and its task instances.
public struct NewRun: Sendable {
    public var id: RunID
    public var workflow: WorkflowRecord
    public var trigger: RunTrigger
    public var logicalDate: String
    public var params: [String: String]
    public var taskIDs: [String]
    public var owner: RunOwner
    public var now: EpochMillis
    /// The data interval of a scheduled or backfilled run, as ISO 8601 instants.
    public var interval: (start: String, end: String)?

    public init(id: RunID, workflow: WorkflowRecord, trigger: RunTrigger, logicalDate: String,
                params: [String: String], taskIDs: [String], owner: RunOwner, now: EpochMillis,
                interval: (start: String, end: String)? = nil) {
        self.interval = interval
        self.id = id
        self.workflow = workflow
        self.trigger = trigger
        self.logicalDate = logicalDate
        self.params = params
        self.taskIDs = taskIDs
        self.owner = owner
        self.now = now
    }
}

/// One run as listed by `runs list`.
public struct RunSummary: Sendable, Equatable, Encodable {
    public var id: RunID
    public var workflow: String
    public var status: RunState
    public var trigger: RunTrigger
    public var logicalDate: String
    public var queuedAt: EpochMillis
    public var startedAt: EpochMillis?
    public var endedAt: EpochMillis?
    public var error: String?
    public var intervalStart: String? = nil
    public var intervalEnd: String? = nil

    public init(id: RunID, workflow: String, status: RunState, trigger: RunTrigger, logicalDate: String, queuedAt: EpochMillis,
                startedAt: EpochMillis? = nil, endedAt: EpochMillis? = nil, error: String? = nil,
                intervalStart: String? = nil, intervalEnd: String? = nil) {
        self.id = id
        self.workflow = workflow
        self.status = status
        self.trigger = trigger
        self.logicalDate = logicalDate
        self.queuedAt = queuedAt
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.error = error
        self.intervalStart = intervalStart
        self.intervalEnd = intervalEnd
    }

    public var durationMs: EpochMillis? {
        guard let startedAt else { return nil }
        return (endedAt ?? startedAt) - startedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, workflow, status, trigger, error
        case logicalDate = "logical_date", startedAt = "started_at", endedAt = "ended_at", durationMs = "duration_ms"
        case intervalStart = "interval_start", intervalEnd = "interval_end", queuedAt = "queued_at"
    }

    public var position: RunPosition { RunPosition(queuedAt: queuedAt, id: id) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(workflow, forKey: .workflow)
        try container.encode(status, forKey: .status)
        try container.encode(trigger, forKey: .trigger)
        try container.encode(logicalDate, forKey: .logicalDate)
        try container.encodeIfPresent(intervalStart, forKey: .intervalStart)
        try container.encodeIfPresent(intervalEnd, forKey: .intervalEnd)
        try container.encode(Timestamps.iso8601(queuedAt), forKey: .queuedAt)
        try container.encode(startedAt.map(Timestamps.iso8601), forKey: .startedAt)
        try container.encode(endedAt.map(Timestamps.iso8601), forKey: .endedAt)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(error, forKey: .error)
    }
}

/// One try of a task.
public struct AttemptRecord: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Codable {
        case running, succeeded, failed, cancelled, interrupted
    }

    public var attempt: Int
    public var status: Status
    public var startedAt: EpochMillis
    public var endedAt: EpochMillis?
    public var exitCode: Int32?
    public var error: String?
    public var logPath: String

    public init(attempt: Int, status: Status, startedAt: EpochMillis, endedAt: EpochMillis? = nil, exitCode: Int32? = nil,
                error: String? = nil, logPath: String) {
        self.attempt = attempt
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.exitCode = exitCode
        self.error = error
        self.logPath = logPath
    }

    /// Set to true in an encoder's `userInfo` to leave `log_path` out (the HTTP API does not show
    /// server paths; it serves the log itself).
    public static let omitLogPath = CodingUserInfoKey(rawValue: "omitLogPath")!

    enum CodingKeys: String, CodingKey {
        case attempt, status, error
        case startedAt = "started_at", endedAt = "ended_at", exitCode = "exit_code", logPath = "log_path"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attempt, forKey: .attempt)
        try container.encode(status, forKey: .status)
        try container.encode(Timestamps.iso8601(startedAt), forKey: .startedAt)
        try container.encode(endedAt.map(Timestamps.iso8601), forKey: .endedAt)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(error, forKey: .error)
        if encoder.userInfo[Self.omitLogPath] as? Bool != true { try container.encode(logPath, forKey: .logPath) }
    }
}

/// A task instance with its attempts and outputs, as `runs show` prints it.
public struct TaskRecord: Sendable, Equatable, Encodable {
    public var id: String
    public var state: TaskState
    public var attempts: Int
    public var startedAt: EpochMillis?
    public var endedAt: EpochMillis?
    public var exitCode: Int32?
    public var error: String?
    public var outputs: [String: String]
    public var attemptHistory: [AttemptRecord]

    public init(id: String, state: TaskState, attempts: Int, startedAt: EpochMillis?, endedAt: EpochMillis?, exitCode: Int32?,
                error: String?, outputs: [String: String], attemptHistory: [AttemptRecord]) {
        self.id = id
        self.state = state
        self.attempts = attempts
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.exitCode = exitCode
        self.error = error
        self.outputs = outputs
        self.attemptHistory = attemptHistory
    }

    public var durationMs: EpochMillis? {
        guard let startedAt, let endedAt else { return nil }
        return endedAt - startedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, state, attempts, error, outputs
        case startedAt = "started_at", endedAt = "ended_at", exitCode = "exit_code", durationMs = "duration_ms"
        case attemptHistory = "attempt_history"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(state, forKey: .state)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(error, forKey: .error)
        try container.encode(startedAt.map(Timestamps.iso8601), forKey: .startedAt)
        try container.encode(endedAt.map(Timestamps.iso8601), forKey: .endedAt)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(attemptHistory, forKey: .attemptHistory)
    }
}

/// A run with everything `runs show` reports.
public struct RunDetail: Sendable, Equatable, Encodable {
    public var summary: RunSummary
    public var workflowHash: String
    public var params: [String: String]
    public var owner: RunOwner?
    public var heartbeatAt: EpochMillis?
    public var cancelRequested: Bool
    public var tasks: [TaskRecord]

    public init(summary: RunSummary, workflowHash: String, params: [String: String], owner: RunOwner?, heartbeatAt: EpochMillis?,
                cancelRequested: Bool, tasks: [TaskRecord]) {
        self.summary = summary
        self.workflowHash = workflowHash
        self.params = params
        self.owner = owner
        self.heartbeatAt = heartbeatAt
        self.cancelRequested = cancelRequested
        self.tasks = tasks
    }

    enum CodingKeys: String, CodingKey {
        case params, tasks
        case workflowHash = "workflow_hash"
    }

    /// The summary's fields (as `runs list` prints them), plus the detail's own.
    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(workflowHash, forKey: .workflowHash)
        try container.encode(params, forKey: .params)
        try container.encode(tasks, forKey: .tasks)
    }
}

/// Filters for `runs list`.
public struct RunFilter: Sendable {
    public var workflow: String?
    public var status: RunState?
    public var since: EpochMillis?
    public var limit: Int
    /// Only runs listed after this one (newest first): the keyset of the next page.
    public var after: RunPosition?

    public init(workflow: String? = nil, status: RunState? = nil, since: EpochMillis? = nil, limit: Int = 20, after: RunPosition? = nil) {
        self.workflow = workflow
        self.status = status
        self.since = since
        self.limit = limit
        self.after = after
    }
}

/// Where a run sits in the newest-first listing: by queue time, then id.
public struct RunPosition: Sendable, Equatable {
    public var queuedAt: EpochMillis
    public var id: RunID

    public init(queuedAt: EpochMillis, id: RunID) {
        self.queuedAt = queuedAt
        self.id = id
    }
}
