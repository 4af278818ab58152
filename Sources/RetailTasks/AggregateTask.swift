import Foundation
import OrchestratorCore
import OrchestratorEngine
import Parquet
import RetailData
import RetailExports

/// `aggregate`: monthly_revenue, country_revenue, top_products and customer_rfm, each as CSV
/// and Parquet, swapped in as one folder.
struct AggregateTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "aggregate", summary: "computes the four sales aggregates (CSV + Parquet)", keys: [
            .init("table", required: true, summary: "the cleaned table written by a clean task"),
            .init("out", required: true, summary: "the aggregates folder, e.g. data/out/aggregates"),
            .init("top_products", summary: "how many products top_products keeps, default 100"),
        ])
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let out = context.resolvePath(try context.requiredString("out"))
        let limit = try context.integer("top_products", default: 100)
        let prepared = try CleanTableHandoff.prepared(context)
        let tables = try await BlockingWork.run {
            let aggregates = try SalesAggregates(prepared, topProductLimit: limit)
            try DirectorySwap.replace(out, runID: context.runID.rawValue) { staging in
                try aggregates.writeCSV(to: OutputDirectory(path: staging))
                let writer = ParquetWriter(codec: .snappy)
                for table in aggregates.tables {
                    try writer.write(columns: table.parquetColumns, to: staging + "/\(table.name).parquet")
                }
            }
            return aggregates.tables.map { "\($0.name)=\($0.rowCount)" }
        }
        context.log.write("wrote \(tables.joined(separator: ", ")) to \(out)")
        return TaskResult(outputs: [("path", out)])
    }
}
