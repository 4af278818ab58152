import GRDB

/// Micro-batch bookkeeping. A batch's range is fixed (written down) before any sink runs, so a
/// restarted micro-batch processes exactly the same records and its sinks overwrite their own
/// earlier output; the checkpoint moves only after every sink is done.
///
/// The pending batch belongs to the run that last fixed or took it over (`batch_run`). Sinks and
/// the commit act only for their own run: a run that lost its batch to a later run (say an old
/// failed run retried by hand while the scheduler's next micro-batch took the batch over and
/// committed it) fails instead of committing someone else's range.
extension StreamDatabase {
    /// The records a micro-batch covers.
    public struct BatchRange: Sendable, Equatable {
        public var first: Int64
        public var last: Int64
        /// True when the range was planned by an earlier attempt or run that did not commit.
        public var resumed: Bool

        public init(first: Int64, last: Int64, resumed: Bool) {
            self.first = first
            self.last = last
            self.resumed = resumed
        }

        public var count: Int64 { last - first + 1 }
    }

    /// For run `run`: the stream's pending batch when there is one (taken over by this run);
    /// otherwise the next `maxRecords` records after the checkpoint, written down as pending.
    /// Nil when there is nothing to read.
    public func planBatch(stream: String, maxRecords: Int, run: String) throws -> BatchRange? {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT last_seq, checkpoint, batch_first, batch_last FROM streams WHERE name = ?",
                                             arguments: [stream]) else { return nil }
            if let first: Int64 = row[2], let last: Int64 = row[3] {
                try db.execute(sql: "UPDATE streams SET batch_run = ? WHERE name = ?", arguments: [run, stream])
                return BatchRange(first: first, last: last, resumed: true)
            }
            let lastSeq: Int64 = row[0]
            let checkpoint: Int64 = row[1]
            guard lastSeq > checkpoint else { return nil }
            let range = BatchRange(first: checkpoint + 1, last: min(lastSeq, checkpoint + Int64(maxRecords)), resumed: false)
            try db.execute(sql: "UPDATE streams SET batch_first = ?, batch_last = ?, batch_run = ? WHERE name = ?",
                           arguments: [range.first, range.last, run, stream])
            return range
        }
    }

    /// The pending batch of `stream` if it belongs to `run`; nil when nothing is pending (the batch
    /// was committed). Throws `batchTakenOver` when another run owns the pending batch.
    public func pendingBatch(stream: String, run: String) throws -> BatchRange? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT batch_first, batch_last, batch_run FROM streams WHERE name = ?", arguments: [stream]),
                  let first: Int64 = row[0], let last: Int64 = row[1] else { return nil }
            let owner: String? = row[2]
            guard owner == run else { throw StreamError.batchTakenOver(stream: stream, owner: owner ?? "?") }
            return BatchRange(first: first, last: last, resumed: true)
        }
    }

    /// Moves the checkpoint to the end of `run`'s pending batch `range`. Committing a batch that is
    /// already committed is a no-op (returns false); any other mismatch throws.
    @discardableResult
    public func commitBatch(stream: String, range: BatchRange, run: String, now: Int64? = nil) throws -> Bool {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT checkpoint, batch_first, batch_last, batch_run FROM streams WHERE name = ?",
                                             arguments: [stream]) else { throw StreamError.storage("no stream '\(stream)'") }
            let checkpoint: Int64 = row[0]
            if checkpoint >= range.last { return false }
            let first: Int64? = row[1], last: Int64? = row[2], owner: String? = row[3]
            guard first == range.first, last == range.last, checkpoint == range.first - 1 else {
                throw StreamError.checkpointMoved(stream: stream, expected: range.first - 1, found: checkpoint)
            }
            guard owner == run else { throw StreamError.batchTakenOver(stream: stream, owner: owner ?? "?") }
            try db.execute(sql: """
                UPDATE streams SET checkpoint = ?, checkpoint_at = ?, batch_first = NULL, batch_last = NULL, batch_run = NULL
                WHERE name = ?
                """, arguments: [range.last, now ?? StreamDatabase.nowMillis(), stream])
            return true
        }
    }
}
