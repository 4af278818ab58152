import Foundation
import OrchestratorCore

/// Everything one attempt of a task gets: its rendered configuration, environment and files.
public struct TaskContext: Sendable {
    public var runID: RunID
    public var workflow: String
    public var task: TaskSpec
    public var attempt: Int
    public var logicalDate: String
    public var params: [String: String]
    /// The task's type-specific keys with every template filled in.
    public var config: [ConfigEntry]
    /// The environment for processes: the orchestrator's own, the task's `env`, and ORCHESTRATOR_* variables.
    public var environment: [String: String]
    public var workingDirectory: String?
    public var logPath: String
    /// The file a process appends `key=value` lines to, to publish outputs.
    public var outputPath: String
    public var log: TaskLog
    /// Values handed between in-process tasks of this run (see `RunArtifacts`).
    public var artifacts: RunArtifacts

    /// The text of a scalar key, rendered.
    public func string(_ key: String) -> String? {
        config.first { $0.key == key }?.value.text
    }

    /// A required scalar key; throws a failure naming the key when it is missing.
    public func requiredString(_ key: String) throws -> String {
        guard let value = string(key) else { throw TaskFailure("task '\(task.id)' needs key '\(key)'") }
        return value
    }

    /// `path` resolved against the working directory.
    public func resolvePath(_ path: String) -> String {
        guard !path.hasPrefix("/"), let workingDirectory else { return path }
        return workingDirectory + "/" + path
    }
}

/// Appends lines to an attempt's log file. Safe to use from any thread.
public final class TaskLog: Sendable {
    let handle: FileHandle?
    public let path: String

    public init(path: String) {
        self.path = path
        FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }

    public func write(_ line: String) {
        try? handle?.write(contentsOf: Data((line + "\n").utf8))
    }

    deinit { try? handle?.close() }
}
