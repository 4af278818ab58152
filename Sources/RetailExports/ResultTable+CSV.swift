import RetailData

extension ResultTable {
    /// Size of the chunks `encodeCSV` hands out.
    static let csvChunkSize = 1 << 20

    /// The table as CSV bytes: a header row of the column names, then one line per row.
    ///
    /// Deterministic: the same table and format always give the same bytes.
    public func csvBytes(format: CSVFormat) -> [UInt8] {
        var bytes: [UInt8] = []
        encodeCSV(format: format) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Encodes the table as CSV, handing the bytes to `consume` in order, in chunks of about
    /// `csvChunkSize` bytes (so a large table never sits in memory as text all at once).
    ///
    /// - Parameters:
    ///   - rows: the rows to write (all by default). Encoding disjoint ranges on several threads and
    ///     concatenating the results in order gives the same bytes as one call.
    ///   - withHeader: whether to start with the BOM (if the format has one) and the header row.
    public func encodeCSV<E: Error>(
        format: CSVFormat, rows: Range<Int>? = nil, withHeader: Bool = true,
        _ consume: (UnsafeBufferPointer<UInt8>) throws(E) -> Void
    ) throws(E) {
        let encoder = CSVRowEncoder(self)
        let chunk = Self.csvChunkSize
        var buffer = encoder.buffer(format: format, withHeader: withHeader, reservingCapacity: chunk)
        try encoder.encode(rows ?? 0..<rowCount, into: &buffer, drainingPast: chunk, consume)
        try buffer.drain(into: consume)
    }
}
