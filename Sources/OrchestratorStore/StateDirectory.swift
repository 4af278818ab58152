import Foundation

/// The state folder: `orchestrator.sqlite` and `logs/RUN/TASK.attempt-N.log`.
public struct StateDirectory: Sendable, Equatable {
    public let root: String

    public init(root: String) { self.root = root }

    /// `--state DIR`, else `$ORCHESTRATOR_STATE`, else `./state`.
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> StateDirectory {
        StateDirectory(root: option ?? environment["ORCHESTRATOR_STATE"] ?? "state")
    }

    public var databasePath: String { root + "/orchestrator.sqlite" }
    public var logsRoot: String { root + "/logs" }

    /// How attempt logs lie in `logsRoot` (`LogLayout`).
    public var logLayout: LogLayout { LogLayout(root: logsRoot) }

    /// Where an attempt's log goes (`LogLayout`). Runs recorded before this layout keep their
    /// stored paths (`AttemptRecord.logPath`).
    public func logPath(run: String, task: String, attempt: Int) -> String {
        logLayout.path(run: run, task: task, attempt: attempt)
    }

    /// The log file to read for an attempt: the path it recorded, when that lies inside this state
    /// folder's logs (runs written before a change of layout keep theirs); otherwise where this
    /// folder puts it. A recorded path elsewhere (another host's folder, or a row written by hand
    /// into a shared database) is never opened. Relative paths are taken from the working folder.
    public func attemptLog(recorded: String, run: String, task: String, attempt: Int) -> String {
        func absolute(_ path: String) -> String {
            let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            return (full as NSString).standardizingPath
        }
        let root = absolute(logsRoot) + "/"
        let candidate = absolute(recorded)
        if candidate.hasPrefix(root), FileManager.default.fileExists(atPath: candidate) { return candidate }
        return logPath(run: run, task: task, attempt: attempt)
    }

    /// The file a task writes its outputs to (`ORCHESTRATOR_OUTPUT`), beside the attempt's log.
    public static func outputPath(logPath: String) -> String {
        (logPath.hasSuffix(".log") ? String(logPath.dropLast(4)) : logPath) + ".outputs"
    }

    /// Creates the folder when missing and checks that it can be written.
    public func prepare() throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if !manager.fileExists(atPath: root, isDirectory: &isDirectory) {
            do {
                try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotCreateFolder(path: root, reason: (error as NSError).localizedDescription)
            }
        } else if !isDirectory.boolValue {
            throw StoreError.cannotCreateFolder(path: root, reason: "a file with that name exists")
        }
        guard access(root, W_OK) == 0 else { throw StoreError.notWritable(path: root) }
    }
}
