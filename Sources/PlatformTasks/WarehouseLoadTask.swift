import Foundation
import ObjectStorage
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
            .init("s3_uri", summary: "redshift: s3://BUCKET/PREFIX where the task puts the tables' files for the COPY"),
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
            if settings.dialect == .redshift, let s3URI = settings.s3URI {
                try await Self.upload(files, from: settings.source, to: s3URI, context: context)
            }
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

    /// Redshift reads from S3 only: the tables' files go to `s3_uri` first, through the same sync as
    /// `s3_sync` (unchanged objects are skipped), so the COPY statements find them there.
    static func upload(_ files: [TableFile], from source: String, to s3URI: String, context: TaskContext) async throws {
        let id = context.task.id
        let destination: S3URI
        let configuration: S3Configuration
        do {
            destination = try S3URI(s3URI)
            configuration = try S3Configuration.fromEnvironment(context.environment)
        } catch let error as S3URI.ParseError {
            throw TaskFailure("task '\(id)': s3_uri: \(error.description)")
        } catch let error as S3ConfigurationError {
            throw TaskFailure("task '\(id)': \(error.description)")
        }
        var withStyle = configuration
        withStyle.forcePathStyle = configuration.endpointIsAddress
        // Only the files of the tables being loaded: NAME.csv, NAME.parquet, or everything under NAME/.
        let root = source.hasSuffix("/") ? source : source + "/"
        let include = files.map { file in
            let relative = file.path.hasPrefix(root) ? String(file.path.dropFirst(root.count)) : (file.path as NSString).lastPathComponent
            return file.format == .parquetDataset ? relative + "/*" : relative
        }
        let settings = S3SyncSettings(source: source, destination: destination, filter: SyncFilter(include: include, exclude: []),
                                      configuration: withStyle)
        let tally = try await S3Client.with(withStyle) { client in
            try await S3SyncExecutor(settings: settings, concurrency: 8, log: context.log).run(store: client)
        }
        context.log.write("warehouse_load: \(tally.uploaded) file(s) put under \(s3URI), \(tally.skipped) unchanged")
    }
}
