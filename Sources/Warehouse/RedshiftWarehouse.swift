import Foundation
import Logging

/// Loads tables into Amazon Redshift over the PostgreSQL protocol with `COPY ... FROM 's3://...'`
/// (`RedshiftStatements`): the files must already be under `s3URI` (as `s3_sync` puts them).
/// CSV tables are counted and summed locally and checked against the staged rows before commit;
/// Parquet tables are not checked.
///
/// Not verified against a real Redshift: the statements are golden-tested, and all but the `COPY`
/// are run on PostgreSQL in the tests.
public struct RedshiftWarehouse: Warehouse {
    public let url: WarehouseURL
    public let s3URI: String
    public let iamRole: String
    let logger: Logger

    public init(url: WarehouseURL, s3URI: String, iamRole: String,
                logger: Logger = Logger(label: "warehouse", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.url = url
        self.s3URI = s3URI
        self.iamRole = iamRole
        self.logger = logger
    }

    public func load(_ request: LoadRequest) async throws -> LoadReport {
        guard s3URI.hasPrefix("s3://") else { throw WarehouseError.redshiftNeeds("s3_uri as s3://BUCKET/PREFIX, where the source folder was uploaded") }
        guard !iamRole.isEmpty else { throw WarehouseError.redshiftNeeds("iam_role (arn:aws:iam::ACCOUNT:role/NAME)") }
        _ = try SQLIdentifier(request.schema, what: "schema")
        let files = SourceFolder.ordered(request.tables)
        var sent: [String: LoadTotals] = [:]
        for file in files where file.format == .csv {
            sent[file.table.name] = try await Self.totals(of: file, header: SourceFolder.header(of: file))
        }
        let statements = RedshiftStatements(schema: request.schema, mode: request.mode, iamRole: iamRole).statements(files, s3URI: s3URI)
        let session = try await PostgresSession.open(url, logger: logger)
        var rows: [String: Int] = [:]
        var committed = false
        do {
            for statement in statements {
                switch statement.kind {
                case .execute, .copy:
                    try await session.execute(statement.sql, table: statement.table)
                    if statement.sql == "COMMIT" { committed = true }
                case .totals:
                    guard let name = statement.table, let table = files.first(where: { $0.table.name == name })?.table else { continue }
                    let stored = try await session.totals(statement.sql, table: table)
                    try sent[name]?.verify(database: stored, table: name)
                    rows[name] = stored.rows
                }
            }
        } catch {
            if !committed { await session.rollback() }
            await session.close()
            throw error
        }
        await session.close()
        return LoadReport(rowsLoaded: files.map { ($0.table.name, rows[$0.table.name] ?? 0) })
    }

    /// The rows and money sums of a CSV file, read without sending it anywhere.
    static func totals(of file: TableFile, header: [String]) async throws -> LoadTotals {
        var stream = CSVTableStream(file, header: header)
        return try await stream.run { _ in }
    }
}
