/// A record the reader could not turn into fields.
public struct CSVRecordIssue: Sendable, Equatable {
    /// Physical line (1-based) on which the record starts.
    public var line: Int
    public var reason: QuarantineReason
    /// The record's bytes without its final line break (truncated for `record_too_long`).
    public var raw: [UInt8]

    public init(line: Int, reason: QuarantineReason, raw: [UInt8]) {
        self.line = line
        self.reason = reason
        self.raw = raw
    }
}
