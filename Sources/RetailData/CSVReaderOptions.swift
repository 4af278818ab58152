/// Settings of a `CSVStreamReader`.
public struct CSVReaderOptions: Sendable, Equatable {
    /// Text encoding of the file (see `InputEncoding`).
    public var encoding: InputEncoding
    /// Bytes read from the file at a time. The buffer holds `maxRecordBytes + chunkSize`.
    public var chunkSize: Int
    /// Longest record accepted; longer ones are quarantined as `record_too_long` and skipped
    /// without being held in memory (only their first `quarantineRawLimit` bytes are kept).
    public var maxRecordBytes: Int
    /// How many bytes of an over-long record are kept as its quarantine text.
    public var quarantineRawLimit: Int

    public init(encoding: InputEncoding = .auto, chunkSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20,
                quarantineRawLimit: Int = 64 << 10) {
        self.encoding = encoding
        self.chunkSize = max(64, chunkSize)
        self.maxRecordBytes = max(16, maxRecordBytes)
        self.quarantineRawLimit = max(16, quarantineRawLimit)
    }
}
