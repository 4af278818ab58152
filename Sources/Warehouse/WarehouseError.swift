import Foundation

/// Why a load failed. Messages name the table, file and line, and never carry a password.
public enum WarehouseError: Error, LocalizedError, Sendable, Equatable {
    case invalidURL(String, reason: String)
    case invalidName(String, what: String)
    case noConnection(String)
    case unknownConnection(String, file: String)
    case connectionsFile(String, line: Int, reason: String)
    case connect(url: String, reason: String)
    case sourceMissing(String)
    case noTables(String)
    case tableMissing(String, source: String)
    case unsupportedSource(table: String, file: String, reason: String)
    case header(table: String, file: String, reason: String)
    case badRow(table: String, file: String, line: Int, reason: String)
    case copyFailed(table: String, file: String, line: Int?, reason: String)
    case statementFailed(table: String?, statement: String, reason: String)
    case mismatch(table: String, what: String, sent: String, database: String)
    case redshiftNeeds(String)
    case connectionClosed

    public var errorDescription: String? {
        switch self {
        case .invalidURL(let url, let reason): "invalid warehouse URL '\(url)': \(reason)"
        case .invalidName(let name, let what): "invalid \(what) '\(name)': use letters, digits and _ (not first), at most \(SQLIdentifier.maximumLength) characters"
        case .noConnection(let hint): "no warehouse connection: \(hint)"
        case .unknownConnection(let name, let file): "no connection named '\(name)' in \(file)"
        case .connectionsFile(let file, let line, let reason): "\(file):\(line): \(reason)"
        case .connect(let url, let reason): "could not connect to \(url): \(reason)"
        case .sourceMissing(let path): "source '\(path)' does not exist"
        case .noTables(let path): "source '\(path)' holds no .csv or .parquet tables"
        case .tableMissing(let table, let source): "table '\(table)' has no file in '\(source)' (looked for \(table).csv, \(table).parquet, \(table)/)"
        case .unsupportedSource(let table, let file, let reason): "table \(table): \(file): \(reason)"
        case .header(let table, let file, let reason): "table \(table): \(file):1: \(reason)"
        case .badRow(let table, let file, let line, let reason): "table \(table): \(file):\(line): \(reason)"
        case .copyFailed(let table, let file, let line, let reason):
            line.map { "table \(table): COPY failed at \(file):\($0): \(reason)" } ?? "table \(table): COPY of \(file) failed: \(reason)"
        case .statementFailed(let table, let statement, let reason):
            (table.map { "table \($0): " } ?? "") + "\(reason) (in: \(statement))"
        case .mismatch(let table, let what, let sent, let database):
            "table \(table): \(what) differs after the load: sent \(sent), the database has \(database); rolled back"
        case .redshiftNeeds(let what): "dialect redshift needs \(what)"
        case .connectionClosed: "the server closed the connection"
        }
    }
}
