import RetailData

/// The records of one micro-batch, cleaned by the batch pipeline's `SalesCleaner`.
///
/// Cleaning is deterministic, so a micro-batch that restarts after a crash rebuilds exactly the
/// same table from the same range. Duplicate detection is off: in a stream every accepted record
/// is its own event (its sequence number is its identity), and the serving tables' keys absorb
/// resends.
public struct MicroBatch: Sendable {
    public var stream: String
    public var range: StreamDatabase.BatchRange
    public var table: SalesTable
    /// The stream sequence of each table row.
    public var seqs: [Int64]
    public var read: Int
    public var dropped: [DropReason: Int]
    public var quarantined: [QuarantineReason: Int]
    /// Oldest `received_at` in the batch, epoch milliseconds.
    public var oldestReceivedAt: Int64?

    public static let rules = CleaningRules(dropDuplicates: false)

    /// Reads the range from the log and cleans it, feeding the stored bytes straight to the cleaner.
    public static func load(_ database: StreamDatabase, stream: String, range: StreamDatabase.BatchRange) throws -> MicroBatch {
        let cleaner = try SalesCleaner(rules: rules)
        cleaner.reserveCapacity(Int(range.count))
        var seqs: [Int64] = []
        seqs.reserveCapacity(Int(range.count))
        var read = 0
        var oldest: Int64?
        let noRawText = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        try database.scan(stream: stream, from: range.first, through: range.last) { seq, receivedAt, fields in
            read += 1
            if oldest == nil { oldest = receivedAt }
            if case .kept = cleaner.process(fields, line: Int(seq), raw: noRawText) { seqs.append(seq) }
        }
        var dropped: [DropReason: Int] = [:]
        for reason in DropReason.allCases where cleaner.dropped[reason] > 0 { dropped[reason] = cleaner.dropped[reason] }
        var quarantined: [QuarantineReason: Int] = [:]
        for reason in QuarantineReason.allCases where cleaner.quarantined[reason] > 0 { quarantined[reason] = cleaner.quarantined[reason] }
        return MicroBatch(stream: stream, range: range, table: cleaner.takeTable(encoding: .utf8), seqs: seqs, read: read,
                          dropped: dropped, quarantined: quarantined, oldestReceivedAt: oldest)
    }
}
