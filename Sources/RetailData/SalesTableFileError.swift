import Foundation

/// A `SalesTable` binary file that cannot be written or read back.
public enum SalesTableFileError: Error, LocalizedError, Equatable, Sendable {
    /// The file is not a complete, consistent table.
    case corrupt(path: String, detail: String)
    /// The table to write breaks its own invariants.
    case inconsistent(path: String, detail: String)

    public var errorDescription: String? {
        switch self {
        case .corrupt(let path, let detail): return "sales table file \(path) is corrupt: \(detail)"
        case .inconsistent(let path, let detail): return "cannot write sales table \(path): \(detail)"
        }
    }
}
