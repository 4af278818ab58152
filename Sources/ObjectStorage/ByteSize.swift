/// A number of bytes, written in workflows as `16MiB`, `8 MB`, `512KiB` or a plain number.
public struct ByteSize: Sendable, Equatable, Comparable, Hashable, CustomStringConvertible {
    public var bytes: Int64

    public init(bytes: Int64) { self.bytes = bytes }

    public static func mebibytes(_ count: Int64) -> ByteSize { ByteSize(bytes: count << 20) }

    private static let units: [(suffix: String, factor: Int64)] = [
        ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("b", 1),
    ]

    /// Parses `text`; nil when it is not a whole number with an optional unit.
    public init?(_ text: String) {
        let lowered = text.lowercased().filter { !$0.isWhitespace }
        let unit = Self.units.first { lowered.hasSuffix($0.suffix) }
        let digits = unit.map { String(lowered.dropLast($0.suffix.count)) } ?? lowered
        guard let count = Int64(digits), count >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: unit?.factor ?? 1)
        guard !overflow else { return nil }
        bytes = product
    }

    public var description: String {
        for (suffix, factor) in [("GiB", Int64(1) << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return "\(bytes) bytes"
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }
}
