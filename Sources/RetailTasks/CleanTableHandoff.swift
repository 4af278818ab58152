import Foundation
import OrchestratorEngine
import RetailData
import RetailExports

/// How the cleaned table passes from `clean` to the tasks after it: written to a binary file
/// (so `retry` in a new process can read it), and kept in the run's memory so tasks in the same
/// process skip reading it back.
enum CleanTableHandoff {
    static func publish(_ table: SalesTable, path: String, context: TaskContext) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // Written beside and renamed in: a reader never sees a half-written table.
        let temporary = path + ".tmp-\(context.runID.rawValue)"
        try table.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            throw TaskFailure("cannot move the cleaned table into place at '\(path)': \(String(cString: strerror(errno)))")
        }
        context.artifacts.store(table, for: path)
    }

    /// The cleaned table named by the task's `table` key.
    static func table(_ context: TaskContext) throws -> SalesTable {
        let path = context.resolvePath(try context.requiredString("table"))
        if let table = context.artifacts.value(for: path, as: SalesTable.self) { return table }
        let table = try SalesTable(contentsOf: URL(fileURLWithPath: path))
        context.artifacts.store(table, for: path)
        return table
    }

    /// The table validated for aggregation, computed once per run.
    static func prepared(_ context: TaskContext) throws -> PreparedSales {
        let path = context.resolvePath(try context.requiredString("table"))
        let key = path + "#prepared"
        if let prepared = context.artifacts.value(for: key, as: PreparedSales.self) { return prepared }
        let prepared = try PreparedSales(try table(context))
        context.artifacts.store(prepared, for: key)
        return prepared
    }
}
