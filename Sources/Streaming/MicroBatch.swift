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

    /// Reads the range from the log and cleans it.
    public static func load(_ database: StreamDatabase, stream: String, range: StreamDatabase.BatchRange) throws -> MicroBatch {
        let entries = try database.entries(stream: stream, from: range.first, through: range.last)
        return try clean(entries, stream: stream, range: range)
    }

    public static func clean(_ entries: [StreamEntry], stream: String, range: StreamDatabase.BatchRange) throws -> MicroBatch {
        let cleaner = try SalesCleaner(rules: rules)
        cleaner.reserveCapacity(entries.count)
        var seqs: [Int64] = []
        seqs.reserveCapacity(entries.count)
        for entry in entries {
            if case .kept = cleaner.process(fields: entry.record.fields, line: Int(entry.seq)) { seqs.append(entry.seq) }
        }
        let table = cleaner.makeTable(encoding: .utf8)
        var dropped: [DropReason: Int] = [:]
        for reason in DropReason.allCases where cleaner.dropped[reason] > 0 { dropped[reason] = cleaner.dropped[reason] }
        var quarantined: [QuarantineReason: Int] = [:]
        for reason in QuarantineReason.allCases where cleaner.quarantined[reason] > 0 { quarantined[reason] = cleaner.quarantined[reason] }
        return MicroBatch(stream: stream, range: range, table: table, seqs: seqs, read: entries.count, dropped: dropped,
                          quarantined: quarantined, oldestReceivedAt: entries.first?.receivedAt)
    }
}
