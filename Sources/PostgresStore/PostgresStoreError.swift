import Foundation
import PostgresNIO

/// Why an operation on an open PostgreSQL run store failed. Messages name the database (the URL
/// with its password as `***`) and say what the server said.
public enum PostgresStoreError: LocalizedError, Sendable {
    /// A statement failed: the server's message and the statement's first line.
    case statementFailed(database: String, statement: String, reason: String)
    /// No connection could be had (server down, pool shut down).
    case unavailable(database: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .statementFailed(let database, _, _): "state database '\(database)': \(detail)"
        case .unavailable(let database, _): "state database '\(database)' is unavailable: \(detail)"
        }
    }

    /// What went wrong, without the database.
    var detail: String {
        switch self {
        case .statementFailed(_, let statement, let reason): "\(reason) (in: \(statement))"
        case .unavailable(_, let reason): reason
        }
    }

    /// The server's message with its detail and SQLSTATE, or the client-side reason.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo, let message = info[.message] {
            return message + (info[.detail].map { " (\($0))" } ?? "") + (info[.sqlState].map { " [SQLSTATE \($0)]" } ?? "")
        }
        return error.underlying.map { "\(error.code.description): \($0)" } ?? error.code.description
    }
}
