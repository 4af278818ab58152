import GRDB

/// Micro-batch bookkeeping. A batch's range is fixed (written down) before any sink runs, so a
/// restarted micro-batch processes exactly the same records and its sinks overwrite their own
/// earlier output; the checkpoint moves only after every sink is done.
extension StreamDatabase {
    /// The records a micro-batch covers.
    public struct BatchRange: Sendable, Equatable {
        public var first: Int64
        public var last: Int64
        /// True when the range was planned by an earlier attempt that did not commit.
        public var resumed: Bool

        public var count: Int64 { last - first + 1 }
    }

    /// The stream's pending batch when there is one; otherwise the next `maxRecords` records after
    /// the checkpoint, written down as pending. Nil when there is nothing to read.
    public func planBatch(stream: String, maxRecords: Int) throws -> BatchRange? {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT last_seq, checkpoint, batch_first, batch_last FROM streams WHERE name = ?",
                                             arguments: [stream]) else { return nil }
            if let first: Int64 = row[2], let last: Int64 = row[3] {
                return BatchRange(first: first, last: last, resumed: true)
            }
            let lastSeq: Int64 = row[0]
            let checkpoint: Int64 = row[1]
            guard lastSeq > checkpoint else { return nil }
            let range = BatchRange(first: checkpoint + 1, last: min(lastSeq, checkpoint + Int64(maxRecords)), resumed: false)
            try db.execute(sql: "UPDATE streams SET batch_first = ?, batch_last = ? WHERE name = ?",
                           arguments: [range.first, range.last, stream])
            return range
        }
    }

    /// The pending batch of `stream`, if any.
    public func pendingBatch(stream: String) throws -> BatchRange? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT batch_first, batch_last FROM streams WHERE name = ?", arguments: [stream]),
                  let first: Int64 = row[0], let last: Int64 = row[1] else { return nil }
            return BatchRange(first: first, last: last, resumed: true)
        }
    }

    /// Moves the checkpoint to the end of the pending batch `range`. Committing a batch that is
    /// already committed is a no-op (returns false); any other mismatch throws.
    @discardableResult
    public func commitBatch(stream: String, range: BatchRange, now: Int64 = StreamDatabase.nowMillis()) throws -> Bool {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT checkpoint, batch_first, batch_last FROM streams WHERE name = ?",
                                             arguments: [stream]) else { throw StreamError.storage("no stream '\(stream)'") }
            let checkpoint: Int64 = row[0]
            if checkpoint >= range.last { return false }
            let first: Int64? = row[1], last: Int64? = row[2]
            guard first == range.first, last == range.last, checkpoint == range.first - 1 else {
                throw StreamError.checkpointMoved(stream: stream, expected: range.first - 1, found: checkpoint)
            }
            try db.execute(sql: "UPDATE streams SET checkpoint = ?, checkpoint_at = ?, batch_first = NULL, batch_last = NULL WHERE name = ?",
                           arguments: [range.last, now, stream])
            return true
        }
    }
}
