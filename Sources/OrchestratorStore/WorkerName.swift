/// The name a worker registers under (`orchestrator worker --name`); unique among the workers of
/// one database, and the owner recorded on each of its claims.
public struct WorkerName: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
                          ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static func < (lhs: WorkerName, rhs: WorkerName) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}
