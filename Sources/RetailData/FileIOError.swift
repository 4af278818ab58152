#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A failure of a low-level file operation, naming the file and the system's reason.
public enum FileIOError: Error, LocalizedError, Equatable, Sendable {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open file \(path): \(reason)"
        case .readFailed(let path, let reason): return "cannot read file \(path): \(reason)"
        case .writeFailed(let path, let reason): return "cannot write file \(path): \(reason)"
        }
    }

    /// The text for the current `errno`.
    static func systemReason(_ code: Int32 = errno) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}
