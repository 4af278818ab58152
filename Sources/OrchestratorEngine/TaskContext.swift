import Foundation
import OrchestratorStore
import Synchronization
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
    /// Shows a message to the person running the workflow (progress output), and logs it.
    public var notice: @Sendable (String) -> Void
    /// The state folder of the run (`--state`): where databases such as `streams.sqlite` live.
    public var stateRoot: String = "state"

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

/// Appends lines to an attempt's log file, opened on first use. Safe to use from any thread.
public final class TaskLog: Sendable {
    public let path: String
    let descriptor = Mutex<Int32>(-1)

    public init(path: String) { self.path = path }

    public func write(_ line: String) {
        descriptor.withLock { fd in
            if fd < 0 { fd = LogFile.openAppending(path) }
            guard fd >= 0 else { return }
            var bytes = Array((line + "\n").utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    deinit {
        descriptor.withLock { fd in if fd >= 0 { close(fd) } }
    }
}
