import Foundation

/// Errors that stop a CSV file from being read at all (bad records are quarantined instead).
public enum CSVReaderError: Error, LocalizedError, Equatable, Sendable {
    /// The file has no header line.
    case emptyInput(path: String)
    /// The header line is longer than the reader's buffer.
    case headerTooLong(path: String, limit: Int)
    /// Required columns are absent from the header.
    case missingColumns(missing: [String], header: String, path: String, line: Int)

    public var errorDescription: String? {
        switch self {
        case .emptyInput(let path):
            return "empty input: no header line in \(path)"
        case .headerTooLong(let path, let limit):
            return "header line of \(path) is longer than \(limit) bytes"
        case .missingColumns(let missing, let header, let path, let line):
            let noun = missing.count == 1 ? "column" : "columns"
            return "missing required \(noun) \(missing.joined(separator: ", ")) in header of \(path) (line \(line)); header found: \"\(header)\""
        }
    }
}
