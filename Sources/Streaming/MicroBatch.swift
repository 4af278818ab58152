import Foundation
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

    /// Batches of at least this many records are read and cleaned as two halves on two threads (the
    /// crash test's batches of 10,000 records are split too).
    public static let splitThreshold: Int64 = 8_192

    /// Reads the range from the log and cleans it, feeding the stored bytes straight to the cleaner.
    ///
    /// With two cores or more (`split`) and a large range, the second half of the range is read
    /// (its own read transaction: logged records never change) and cleaned on a thread of its own,
    /// then appended to the first half's cleaner: the same table, sequence numbers and counts as one
    /// pass, which a test checks.
    public static func load(_ database: StreamDatabase, stream: String, range: StreamDatabase.BatchRange,
                            split: Bool = ProcessInfo.processInfo.activeProcessorCount >= 2) throws -> MicroBatch {
        let first: Part
        if split && range.count >= splitThreshold {
            let middle = range.first + range.count / 2
            let later = BackgroundResult { try Part(database, stream: stream, from: middle, through: range.last) }
            let earlier = Result { try Part(database, stream: stream, from: range.first, through: middle - 1) }
            // Waited for even when the first half failed, so that no reader outlives the call.
            let second = Result { try later.wait() }
            first = try earlier.get()
            first.append(try second.get())
        } else {
            first = try Part(database, stream: stream, from: range.first, through: range.last)
        }
        let cleaner = first.cleaner
        var dropped: [DropReason: Int] = [:]
        for reason in DropReason.allCases where cleaner.dropped[reason] > 0 { dropped[reason] = cleaner.dropped[reason] }
        var quarantined: [QuarantineReason: Int] = [:]
        for reason in QuarantineReason.allCases where cleaner.quarantined[reason] > 0 { quarantined[reason] = cleaner.quarantined[reason] }
        return MicroBatch(stream: stream, range: range, table: first.table ?? cleaner.takeTable(encoding: .utf8), seqs: first.seqs,
                          read: first.read, dropped: dropped, quarantined: quarantined, oldestReceivedAt: first.oldestReceivedAt)
    }

    /// The records of part of a range, read from the log and cleaned.
    private final class Part: @unchecked Sendable {
        let cleaner: SalesCleaner
        var seqs: [Int64] = []
        var read = 0
        var oldestReceivedAt: Int64?
        /// The table, once a later part has been appended.
        var table: SalesTable?

        init(_ database: StreamDatabase, stream: String, from first: Int64, through last: Int64) throws {
            cleaner = try SalesCleaner(rules: MicroBatch.rules)
            let count = Int(max(0, last - first + 1))
            cleaner.reserveCapacity(count)
            seqs.reserveCapacity(count)
            let noRawText = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            try database.scan(stream: stream, from: first, through: last) { seq, receivedAt, fields in
                read += 1
                if oldestReceivedAt == nil { oldestReceivedAt = receivedAt }
                if case .kept = cleaner.process(fields, line: Int(seq), raw: noRawText) { seqs.append(seq) }
            }
        }

        /// Takes over `later`'s records, which follow this part's.
        func append(_ later: Part) {
            table = cleaner.takeTable(encoding: .utf8, appending: later.cleaner)
            seqs += later.seqs
            read += later.read
            if oldestReceivedAt == nil { oldestReceivedAt = later.oldestReceivedAt }
        }
    }
}
