import Foundation
import OrchestratorCore
import OrchestratorEngine
import Warehouse

/// `warehouse_load`: loads a folder of tables (the batch's `powerbi/` or `aggregates/`) into
/// PostgreSQL with `COPY ... FROM STDIN`, or into Redshift with `COPY ... FROM 's3://...'`, all
/// tables in one transaction, checked against the rows and money sums sent before commit.
///
/// Outputs `rows_loaded_<table>` per table and `rows_loaded` in all. The password (from the
/// connection's URL or `PGPASSWORD`) never reaches the log, errors or outputs.
public struct WarehouseLoadTask: TaskType {
    public init() {}

    public var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "warehouse_load", summary: "loads CSV/Parquet tables into PostgreSQL or Redshift in one transaction", keys: [
            .init("source", required: true, summary: "a folder of tables (NAME.csv, NAME.parquet or NAME/), or one file"),
            .init("tables", summary: "the tables to load (a list, or comma-separated); default every table in source"),
            .init("schema", summary: "the database schema, default public (created if missing)"),
            .init("url", summary: "postgres://user@host:port/db?sslmode=require, without a password; default $ORCHESTRATOR_WAREHOUSE_URL"),
            .init("connection", summary: "a connection name in the connections file ($ORCHESTRATOR_CONNECTIONS, lines 'name = url')"),
            .init("dialect", summary: "postgres (default) or redshift"),
            .init("mode", summary: "replace (default) or append"),
            .init("s3_uri", summary: "redshift: s3://BUCKET/PREFIX where the source folder was uploaded"),
            .init("iam_role", summary: "redshift: the IAM role ARN the COPY uses"),
        ])
    }

    public func execute(_ context: TaskContext) async throws -> TaskResult {
        do {
            let settings = try WarehouseLoadSettings(context)
            let preferring: TableFile.Format = settings.dialect == .postgres ? .csv : .parquet
            let files = try SourceFolder.tables(at: settings.source, named: settings.tables, preferring: preferring)
            context.log.write("warehouse_load: \(files.count) tables from \(settings.source) into \(settings.url) schema \(settings.schema), "
                              + "dialect \(settings.dialect.rawValue), mode \(settings.mode.rawValue)")
            let report = try await settings.warehouse.load(LoadRequest(schema: settings.schema, mode: settings.mode, tables: files))
            var outputs: [(key: String, value: String)] = []
            for entry in report.rowsLoaded {
                context.log.write("warehouse_load: \(entry.table): \(entry.rows) rows")
                outputs.append(("rows_loaded_\(entry.table)", String(entry.rows)))
            }
            outputs.append(("rows_loaded", String(report.totalRows)))
            return TaskResult(outputs: outputs)
        } catch let error as WarehouseError {
            throw TaskFailure(error.errorDescription ?? "warehouse load failed")
        }
    }
}
