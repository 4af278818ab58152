import Foundation

/// What cleaning one input did, serialized as JSON with snake_case keys.
///
/// Invariant: `rows_read == rows_clean + sum(dropped) + rows_quarantined`.
public struct QualityReport: Sendable, Equatable, Codable {
    /// The input file.
    public struct Input: Sendable, Equatable, Codable {
        public var path: String
        public var sizeBytes: Int
        /// Lower-case hex SHA-256 of the whole file.
        public var sha256: String
        /// Encoding the file was read with.
        public var encoding: DetectedEncoding
        /// Blank lines skipped (they are not records).
        public var blankLines: Int

        public init(path: String, sizeBytes: Int, sha256: String, encoding: DetectedEncoding, blankLines: Int = 0) {
            self.path = path
            self.sizeBytes = sizeBytes
            self.sha256 = sha256
            self.encoding = encoding
            self.blankLines = blankLines
        }

        enum CodingKeys: String, CodingKey {
            case path
            case sizeBytes = "size_bytes"
            case sha256
            case encoding
            case blankLines = "blank_lines"
        }
    }

    /// Records after the header (blank lines excluded).
    public var rowsRead: Int
    public var rowsClean: Int
    public var dropped: ReasonCounts<DropReason>
    public var rowsQuarantined: Int
    public var quarantined: ReasonCounts<QuarantineReason>
    public var input: Input

    public init(rowsRead: Int, rowsClean: Int, dropped: ReasonCounts<DropReason>, rowsQuarantined: Int,
                quarantined: ReasonCounts<QuarantineReason>, input: Input) {
        self.rowsRead = rowsRead
        self.rowsClean = rowsClean
        self.dropped = dropped
        self.rowsQuarantined = rowsQuarantined
        self.quarantined = quarantined
        self.input = input
    }

    enum CodingKeys: String, CodingKey {
        case rowsRead = "rows_read"
        case rowsClean = "rows_clean"
        case dropped
        case rowsQuarantined = "rows_quarantined"
        case quarantined
        case input
    }

    /// True when every read row is accounted for exactly once.
    public var isBalanced: Bool {
        rowsRead == rowsClean + dropped.total + rowsQuarantined && rowsQuarantined == quarantined.total
    }

    /// Quarantined rows over rows read (0 for an empty file).
    public var quarantineRatio: Double {
        rowsRead == 0 ? 0 : Double(rowsQuarantined) / Double(rowsRead)
    }

    /// Pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes `jsonData()` to `url`, in place and without `fsync` (a synced write costs the batch
    /// milliseconds of waiting); callers that need atomicity write into a folder they swap in.
    public func write(to url: URL) throws {
        let writer = try ByteFileWriter(path: url.path)
        try jsonData().withUnsafeBytes { try writer.writeDirect($0) }
        try writer.close()
    }
}
