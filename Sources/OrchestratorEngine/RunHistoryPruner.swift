import Foundation
import OrchestratorCore
import OrchestratorStore

/// Deletes finished runs and their log folders: `orchestrator cleanup` and the scheduler's
/// per-workflow retention (`keep_runs`, `keep_for`) both go through here.
public struct RunHistoryPruner: Sendable {
    public let store: any RunStore
    public let state: StateDirectory

    public init(store: any RunStore, state: StateDirectory) {
        self.store = store
        self.state = state
    }

    /// What a pruning removed (or would remove, in a dry run).
    public struct Result: Sendable, Encodable {
        public var dryRun: Bool
        public var runs: Int
        public var taskInstances: Int
        public var logBytes: Int64

        enum CodingKeys: String, CodingKey {
            case dryRun = "dry_run", runs, taskInstances = "task_instances", logBytes = "log_bytes"
        }
    }

    /// Applies a workflow's retention; nil when it keeps everything.
    public func apply(_ retention: RunRetention, workflow: String, now: EpochMillis) async throws -> Result? {
        guard !retention.keepsEverything else { return nil }
        return try await prune(queuedBefore: retention.keepFor.map { now - $0.milliseconds }, keepNewest: retention.keepRuns,
                               workflow: workflow, dryRun: false)
    }

    public func prune(queuedBefore cutoff: EpochMillis?, keepNewest: Int?, workflow: String?, dryRun: Bool) async throws -> Result {
        let report = try await store.cleanup(queuedBefore: cutoff, keepNewest: keepNewest, workflow: workflow, dryRun: dryRun)
        var bytes: Int64 = 0
        for run in report.runs {
            let folder = state.logsRoot + "/" + run.rawValue
            bytes += Self.size(of: folder)
            if !dryRun { try? FileManager.default.removeItem(atPath: folder) }
        }
        return Result(dryRun: dryRun, runs: report.runs.count, taskInstances: report.taskInstances, logBytes: bytes)
    }

    static func size(of folder: String) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return 0 }
        var total: Int64 = 0
        while let item = walker.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + item)
            if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? Int64) ?? 0 }
        }
        return total
    }
}
