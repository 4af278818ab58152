import Foundation

/// A failure to write export files.
public enum ExportError: LocalizedError, Sendable {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotWriteFile(path: String, reason: String)
    case invalidFileName(String)

    public var errorDescription: String? {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            "cannot create directory '\(path)': \(reason)"
        case .cannotWriteFile(let path, let reason):
            "cannot write file '\(path)': \(reason)"
        case .invalidFileName(let name):
            "file name '\(name)' is not a plain relative name"
        }
    }
}
