import Foundation

/// A date pattern that cannot be used.
public enum DatePatternError: Error, LocalizedError, Equatable, Sendable {
    case invalid(pattern: String, detail: String)

    public var errorDescription: String? {
        switch self {
        case .invalid(let pattern, let detail): return "invalid date format \"\(pattern)\": \(detail)"
        }
    }
}
