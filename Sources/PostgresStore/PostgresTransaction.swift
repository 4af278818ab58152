import Logging
import PostgresNIO

/// A leased connection inside one transaction of the store. Statements fail with a
/// `PostgresStoreError` that names the database and gives the server's message.
struct PostgresTransaction: Sendable {
    let connection: PostgresConnection
    /// The store's URL, password hidden, for error messages.
    let database: String

    static let logger = Logger(label: "orchestrator.postgres-store", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `query` and returns its rows; prepared when its text is a `PreparedShape`'s.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        do {
            if let prepared = PreparedShapes.byText[query.sql] { return try await prepared(connection, query.binds) }
            return try await connection.query(query, logger: Self.logger).collect().map { $0.makeRandomAccess() }
        } catch {
            let first = query.sql.drop { $0 == " " || $0 == "\n" }.prefix { $0 != "\n" }
            throw PostgresStoreError.statementFailed(database: database, statement: String(first), reason: PostgresStoreError.reason(error))
        }
    }

    /// The first column of the first row, when there is a row.
    func value<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type = Value.self) async throws -> Value? {
        guard let row = try await rows(query).first else { return nil }
        return try row[0].decode(Value.self)
    }

    /// Runs `body` between `begin` and `COMMIT`, rolling back when it throws.
    func run<Value>(begin: String, _ body: (PostgresTransaction) async throws -> Value) async throws -> Value {
        try await rows(PostgresQuery(unsafeSQL: begin))
        do {
            let value = try await body(self)
            try await rows("COMMIT")
            return value
        } catch {
            if !connection.isClosed { _ = try? await rows("ROLLBACK") }
            throw error
        }
    }
}
