import Foundation
import Logging
import PostgresNIO

/// One connection to the warehouse, with errors turned into `WarehouseError`s that name the
/// table and say what the server said (never the password).
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    static func open(_ url: WarehouseURL, logger: Logger) async throws -> PostgresSession {
        do {
            let connection = try await PostgresConnection.connect(configuration: try url.connectionConfiguration(), id: 1, logger: logger)
            return PostgresSession(connection: connection, logger: logger)
        } catch {
            throw WarehouseError.connect(url: url.description, reason: Self.reason(error))
        }
    }

    func close() async {
        guard !connection.isClosed else { return }
        try? await connection.close()
    }

    /// Rolls back the open transaction, unless the connection is gone (then the server already has).
    /// A query on a connection closed mid-COPY would wait forever in postgres-nio 1.33.2.
    func rollback() async {
        guard !connection.isClosed else { return }
        try? await execute("ROLLBACK")
    }

    /// Runs one statement and drops its rows.
    func execute(_ sql: String, table: String? = nil) async throws {
        _ = try await rows(sql, table: table)
    }

    /// Runs one statement; every value as text (nil for NULL).
    func rows(_ sql: String, table: String? = nil) async throws -> [[String?]] {
        do {
            var result: [[String?]] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                let cells = row.makeRandomAccess()
                result.append(try (0..<cells.count).map { try cells[$0].decode(String?.self) })
            }
            return result
        } catch {
            throw WarehouseError.statementFailed(table: table, statement: Self.summary(sql), reason: Self.reason(error))
        }
    }

    /// `count(*)` and the money sums of `query` (from `TableDDL.totalsQuery`).
    func totals(_ query: String, table: TableSchema) async throws -> LoadTotals {
        let values = try await rows(query, table: table.name).first ?? []
        let texts = values.map { $0 ?? "" }
        guard texts.count == table.moneyColumns.count + 1, let count = Int(texts[0]) else {
            throw WarehouseError.statementFailed(table: table.name, statement: Self.summary(query), reason: "unexpected result \(texts)")
        }
        let sums = zip(table.moneyColumns, texts.dropFirst()).map { ($0, MoneyText.thousandths(Array($1.utf8)) ?? Int128.min) }
        return LoadTotals(rows: count, sums: sums)
    }

    /// Streams the CSV `file` into `staging` with `COPY ... FROM STDIN` and returns what was sent.
    func copy(_ file: TableFile, header: [String], into staging: String) async throws -> LoadTotals {
        let (connection, logger) = (self.connection, self.logger)
        do {
            return try await untilClosed {
                var stream = CSVTableStream(file, header: header)
                var totals: LoadTotals?
                do {
                    try await connection.copyFrom(table: staging, columns: header, logger: logger) { writer in
                        totals = try await stream.run { try await writer.write(ByteBuffer(bytes: $0)) }
                    }
                } catch let error as WarehouseError {
                    throw error
                } catch {
                    let row = (error as? PSQLError)?.serverInfo?[.locationContext].flatMap(Self.copyRow)
                    throw WarehouseError.copyFailed(table: file.table.name, file: file.path, line: row.flatMap { stream.line(ofRow: $0) },
                                                    reason: Self.reason(error))
                }
                return totals ?? LoadTotals(rows: 0, sums: [])
            }
        } catch WarehouseError.connectionClosed {
            throw WarehouseError.copyFailed(table: file.table.name, file: file.path, line: nil, reason: "the server closed the connection")
        }
    }

    /// Runs `work`, but returns with an error as soon as the connection closes: postgres-nio
    /// 1.33.2 leaves a COPY writer waiting forever when the server ends the connection mid-COPY
    /// (as `pg_terminate_backend` does). The abandoned work is cancelled and left to end on its own.
    private func untilClosed<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let closed = connection.closeFuture
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let once = ResumeOnce(continuation)
            let task = Task {
                do { once.resume(.success(try await work())) } catch { once.resume(.failure(error)) }
            }
            closed.whenComplete { _ in
                task.cancel()
                once.resume(.failure(WarehouseError.connectionClosed))
            }
        }
    }

    /// The data row number in a COPY context such as `COPY t, line 5, column revenue: "x"`.
    static func copyRow(_ context: String) -> Int? {
        guard let range = context.range(of: ", line ") else { return nil }
        return Int(context[range.upperBound...].prefix { $0.isNumber })
    }

    /// The server's message (with detail and hint), or the client-side reason.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo, let message = info[.message] {
            var text = message
            if let detail = info[.detail] { text += " (\(detail))" }
            if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
            return text
        }
        if let underlying = error.underlying { return "\(error.code.description): \(underlying)" }
        return error.code.description
    }

    /// The statement's first line, for error messages.
    static func summary(_ sql: String) -> String {
        let first = sql.prefix { $0 != "\n" }
        return first.count < sql.count ? first + " ..." : String(first)
    }
}
