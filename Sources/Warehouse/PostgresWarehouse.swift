import Logging

/// Loads CSV tables into PostgreSQL with `COPY ... FROM STDIN`, all tables in one transaction
/// (`PostgresLoadStatements`), each checked against the rows and money sums that were sent
/// before anything commits, then `ANALYZE`d.
public struct PostgresWarehouse: Warehouse {
    public let url: WarehouseURL
    let logger: Logger

    /// - Parameter logger: for postgres-nio's own events; nothing logged carries the password.
    public init(url: WarehouseURL, logger: Logger = Logger(label: "warehouse", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.url = url
        self.logger = logger
    }

    public func load(_ request: LoadRequest) async throws -> LoadReport {
        let files = SourceFolder.ordered(request.tables)
        var headers: [[String]] = []
        for file in files {
            guard file.format == .csv else {
                throw WarehouseError.unsupportedSource(table: file.table.name, file: file.path,
                                                       reason: "dialect postgres loads CSV files; Parquet is for dialect redshift")
            }
            headers.append(try SourceFolder.header(of: file))
        }
        _ = try SQLIdentifier(request.schema, what: "schema")
        let statements = PostgresLoadStatements(schema: request.schema, mode: request.mode)
        let tables = files.map(\.table)
        let session = try await PostgresSession.open(url, logger: logger)
        var report: [(table: String, rows: Int)] = []
        do {
            for sql in statements.begin { try await session.execute(sql) }
            for (file, header) in zip(files, headers) {
                for sql in statements.stage(file.table) { try await session.execute(sql, table: file.table.name) }
                let sent = try await session.copy(file, header: header, into: PostgresLoadStatements.stagingName(file.table))
                let stored = try await session.totals(statements.totals(file.table), table: file.table)
                try sent.verify(database: stored, table: file.table.name)
                report.append((file.table.name, sent.rows))
            }
            for sql in statements.unlinkForeignKeys(tables, known: RetailTables.all) { try await session.execute(sql) }
            for table in tables {
                for sql in statements.publish(table) { try await session.execute(sql, table: table.name) }
            }
            let existingTables = Set(try await session.rows(statements.existingTables).compactMap { $0.first ?? nil })
            let existingKeys = Set(try await session.rows(statements.existingForeignKeys).compactMap { $0.first ?? nil })
            for sql in statements.addForeignKeys(tables + RetailTables.all, existingTables: existingTables, existingKeys: existingKeys) {
                try await session.execute(sql)
            }
            try await session.execute("COMMIT")
        } catch {
            await session.rollback()
            await session.close()
            throw error
        }
        do {
            for table in tables { try await session.execute(statements.analyze(table), table: table.name) }
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        return LoadReport(rowsLoaded: report)
    }
}
