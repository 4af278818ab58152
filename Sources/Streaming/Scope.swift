import Foundation

/// What a token may do. `admin` grants every scope.
public enum Scope: String, Sendable, CaseIterable, Codable, Hashable {
    case recordsWrite = "records:write"
    case transactionsRead = "transactions:read"
    /// The runs API's reads: workflows, runs, task logs, events.
    case runsRead = "runs:read"
    /// The runs API's actions: trigger, retry, cancel, pause.
    case runsWrite = "runs:write"
    /// `GET /metrics` when the server guards it (`serve --metrics-auth`).
    case metricsRead = "metrics:read"
    case admin

    /// Parses `records:write,transactions:read`; throws naming the first unknown scope.
    public static func parseList(_ text: String) throws(ScopeError) -> Set<Scope> {
        var scopes = Set<Scope>()
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let scope = Scope(rawValue: part) else { throw ScopeError(value: part) }
            scopes.insert(scope)
        }
        if scopes.isEmpty { throw ScopeError(value: text) }
        return scopes
    }
}

/// A scope name that does not exist.
public struct ScopeError: Error, Sendable, CustomStringConvertible {
    public var value: String
    public var description: String {
        "unknown scope '\(value)'; use one or more of \(Scope.allCases.map(\.rawValue).joined(separator: ", ")), separated by commas"
    }
}

extension Set where Element == Scope {
    /// True when these scopes allow `scope` (directly or through `admin`).
    public func allows(_ scope: Scope) -> Bool { contains(scope) || contains(.admin) }
}
