#if canImport(Glibc)
import Glibc
#endif

/// A short run identifier that sorts by creation time: 10 base-32 characters of milliseconds
/// since 1970, then 4 random ones (`01jd3k7q2m-x4tz` style, without the dash).
public struct RunID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Crockford's base-32 alphabet, lower-case: no i, l, o, u.
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A new id for `milliseconds` since 1970.
    public static func generate(milliseconds: UInt64, random: UInt64 = UInt64.random(in: 0...UInt64.max)) -> RunID {
        var chars = [UInt8](repeating: 0, count: 14)
        var time = milliseconds
        for index in stride(from: 9, through: 0, by: -1) {
            chars[index] = alphabet[Int(time & 31)]
            time >>= 5
        }
        var bits = random
        for index in 10..<14 {
            chars[index] = alphabet[Int(bits & 31)]
            bits >>= 5
        }
        return RunID(rawValue: String(decoding: chars, as: UTF8.self))
    }

    /// An id derived from a stable key (a workflow and its logical date), for scheduled slots.
    public static func derived(prefix: String, key: String) -> RunID {
        RunID(rawValue: prefix + "-" + key)
    }

    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}
