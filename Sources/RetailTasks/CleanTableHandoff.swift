import Foundation
import OrchestratorEngine
import RetailData
import RetailExports

/// How the cleaned table passes from `clean` to the tasks after it: written to a binary file
/// (so `retry` in a new process can read it), and kept in the run's memory so tasks in the same
/// process skip reading it back.
///
/// The file is written beside its path first (`stage`, as soon as the table is built) and renamed
/// into place only when the clean task succeeds (`publish`): a reader never sees a half-written
/// table, nor the table of a failed clean.
enum CleanTableHandoff {
    /// Where `stage` writes the table for `path` before it is published.
    static func stagingPath(for path: String, runID: String) -> String {
        path + ".tmp-\(runID)"
    }

    /// Writes `table` to `staging` (creating its folder).
    static func stage(_ table: SalesTable, at staging: String) throws {
        try FileManager.default.createDirectory(atPath: (staging as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try table.write(to: URL(fileURLWithPath: staging))
    }

    /// Starts building `table`'s `PreparedSales` on a thread of its own, for `publish` to hand to
    /// the run's aggregating tasks: it runs while `clean` still writes the table file and finishes
    /// (a core is otherwise idle then), instead of after it in the first task that needs it.
    static func prepareInBackground(_ table: SalesTable) -> BackgroundResult<PreparedSales> {
        BackgroundResult { try PreparedSales(table) }
    }

    /// Moves the table staged at `staging` to `path` and keeps `table` (and its `PreparedSales`
    /// being built by `preparing`) for the run's later tasks.
    static func publish(_ table: SalesTable, staged staging: String, path: String,
                        preparing: BackgroundResult<PreparedSales>?, context: TaskContext) throws {
        guard rename(staging, path) == 0 else {
            throw TaskFailure("cannot move the cleaned table into place at '\(path)': \(String(cString: strerror(errno)))")
        }
        context.artifacts.store(table, for: path)
        if let preparing { context.artifacts.store(preparing, for: preparedKey(path)) }
    }

    /// Removes a staged table that will not be published (the clean failed).
    static func discard(staged staging: String) {
        unlink(staging)
    }

    /// The cleaned table named by the task's `table` key.
    static func table(_ context: TaskContext) throws -> SalesTable {
        let path = context.resolvePath(try context.requiredString("table"))
        if let table = context.artifacts.value(for: path, as: SalesTable.self) { return table }
        let table = try SalesTable(contentsOf: URL(fileURLWithPath: path))
        context.artifacts.store(table, for: path)
        return table
    }

    /// The table validated for aggregation, computed once per run: waited for when `clean` ran in
    /// this process and started it, built here otherwise.
    static func prepared(_ context: TaskContext) throws -> PreparedSales {
        let path = context.resolvePath(try context.requiredString("table"))
        let key = preparedKey(path)
        if let prepared = context.artifacts.value(for: key, as: PreparedSales.self) { return prepared }
        let prepared = try context.artifacts.value(for: key, as: BackgroundResult<PreparedSales>.self)?.wait()
            ?? PreparedSales(try table(context))
        context.artifacts.store(prepared, for: key)
        return prepared
    }

    private static func preparedKey(_ path: String) -> String {
        path + "#prepared"
    }
}
