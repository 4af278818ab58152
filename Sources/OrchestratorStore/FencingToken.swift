/// The number that names one claim of a queued attempt. Tokens only ever grow across the whole
/// database (a PostgreSQL sequence, a counter row in SQLite), so a token is never handed out twice,
/// and a claim taken later always carries a higher one.
///
/// Every write a worker makes about a claimed attempt presents the token; once the claim is done
/// or expired, the token is dead and such writes change nothing.
public struct FencingToken: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }

    public static func < (lhs: FencingToken, rhs: FencingToken) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}
