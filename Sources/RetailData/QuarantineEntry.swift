/// One quarantined record: where it starts, why, and its raw text.
public struct QuarantineEntry: Sendable, Equatable, Hashable {
    /// Physical line (1-based, the header is line 1) on which the record starts.
    public var line: Int
    public var reason: QuarantineReason
    /// The record as it appears in the file, without its final line break (embedded line breaks kept).
    /// Decoded with the file's detected encoding; bytes that are invalid UTF-8 are shown as Latin-1.
    public var raw: String

    public init(line: Int, reason: QuarantineReason, raw: String) {
        self.line = line
        self.reason = reason
        self.raw = raw
    }
}
