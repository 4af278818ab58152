import GRDB
import RetailData

/// The stream logs: appends in one transaction, reads by sequence range, statistics.
extension StreamDatabase {
    /// Records for one stream, appended together.
    public struct Append: Sendable {
        public var stream: String
        public var records: [SaleRecord]

        public init(stream: String, records: [SaleRecord]) {
            self.stream = stream
            self.records = records
        }
    }

    /// Appends every batch in one transaction and returns the first sequence number given to each
    /// (its records get consecutive numbers). Nothing is appended when it throws.
    /// `received_at` is read inside the transaction, under the write lock, so it never decreases
    /// as sequence numbers grow, whichever process appends.
    public func append(_ batches: [Append], now: Int64? = nil,
                       alsoInTransaction extra: ((Database) throws -> Void)? = nil) throws -> [Int64] {
        try write { db in
            try Self.append(batches, now: now ?? StreamDatabase.nowMillis(), db: db, extra: extra)
        }
    }

    static func append(_ batches: [Append], now: Int64, db: Database, extra: ((Database) throws -> Void)?) throws -> [Int64] {
        var next: [String: Int64] = [:]
        var firsts: [Int64] = []
        let insert = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO stream_records (stream, seq, received_at, invoice_no, stock_code, description, quantity,
                                        invoice_date, unit_price, customer_id, country)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        for batch in batches {
            var seq: Int64
            if let known = next[batch.stream] {
                seq = known
            } else {
                try db.execute(sql: "INSERT OR IGNORE INTO streams (name, created_at) VALUES (?, ?)", arguments: [batch.stream, now])
                seq = try Int64.fetchOne(db, sql: "SELECT last_seq FROM streams WHERE name = ?", arguments: [batch.stream])! + 1
            }
            firsts.append(seq)
            for record in batch.records {
                insert.bind(1, batch.stream)
                insert.bind(2, seq)
                insert.bind(3, now)
                insert.bind(4, record.invoiceNo)
                insert.bind(5, record.stockCode)
                insert.bind(6, record.description)
                insert.bind(7, record.quantity)
                insert.bind(8, record.invoiceDate)
                insert.bind(9, record.unitPrice)
                insert.bind(10, record.customerID)
                insert.bind(11, record.country)
                try insert.run()
                seq += 1
            }
            next[batch.stream] = seq
        }
        for (stream, seq) in next {
            try db.execute(sql: "UPDATE streams SET last_seq = ? WHERE name = ?", arguments: [seq - 1, stream])
        }
        try extra?(db)
        return firsts
    }

    /// The records of `stream` with `first <= seq <= last`, in order.
    public func entries(stream: String, from first: Int64, through last: Int64) throws -> [StreamEntry] {
        var entries: [StreamEntry] = []
        try scan(stream: stream, from: first, through: last) { seq, receivedAt, fields in
            func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
            func optional(_ bytes: UnsafeBufferPointer<UInt8>) -> String? { bytes.isEmpty ? nil : text(bytes) }
            entries.append(StreamEntry(seq: seq, receivedAt: receivedAt, record: SaleRecord(
                invoiceNo: text(fields.invoiceNo), stockCode: text(fields.stockCode), description: optional(fields.description),
                quantity: text(fields.quantity), invoiceDate: text(fields.invoiceDate), unitPrice: text(fields.unitPrice),
                customerID: optional(fields.customerId), country: text(fields.country))))
        }
        return entries
    }

    /// Calls `body` with each record of `stream` in `first...last`, in order, as raw field bytes
    /// (NULL as empty), without building strings. The bytes are valid only inside the call.
    public func scan(stream: String, from first: Int64, through last: Int64,
                     _ body: (_ seq: Int64, _ receivedAt: Int64, _ fields: RawSalesRecord) throws -> Void) throws {
        try read { db in
            let select = RawStatement(try db.cachedStatement(sql: """
                SELECT seq, received_at, invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country
                FROM stream_records WHERE stream = ? AND seq BETWEEN ? AND ? ORDER BY seq
                """))
            select.bind(1, stream)
            select.bind(2, first)
            select.bind(3, last)
            try select.forEachRow { row in
                try body(row.int64(0), row.int64(1), RawSalesRecord(
                    invoiceNo: row.bytes(2), stockCode: row.bytes(3), description: row.bytes(4), quantity: row.bytes(5),
                    invoiceDate: row.bytes(6), unitPrice: row.bytes(7), customerId: row.bytes(8), country: row.bytes(9)))
            }
        }
    }

    /// Where a stream stands; nil for a stream that never received a record.
    public func stats(stream: String, now: Int64 = StreamDatabase.nowMillis()) throws -> StreamStats? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT last_seq, checkpoint, checkpoint_at, batch_first, batch_last FROM streams WHERE name = ?",
                                             arguments: [stream]) else { return nil }
            let last: Int64 = row[0]
            let checkpoint: Int64 = row[1]
            var lagSeconds = 0.0
            if last > checkpoint,
               let oldest = try Int64.fetchOne(db, sql: "SELECT received_at FROM stream_records WHERE stream = ? AND seq = ?",
                                               arguments: [stream, checkpoint + 1]) {
                lagSeconds = Double(max(0, now - oldest)) / 1000
            }
            let recent = last + 1 - (try Self.firstSeq(db, stream: stream, lastSeq: last, receivedAtOrAfter: now - 60_000))
            return StreamStats(stream: stream, lastSeq: last, checkpoint: checkpoint, lagRecords: last - checkpoint,
                               lagSeconds: lagSeconds, recordsPerSecond: Double(recent) / 60, checkpointAt: row[2],
                               pendingBatch: (row[3] as Int64?).flatMap { first in (row[4] as Int64?).map { (first, $0) } })
        }
    }

    /// The first sequence number received at or after `instant` (`lastSeq + 1` when none was).
    /// `received_at` never decreases with `seq`, so bisection finds it in a few point reads.
    static func firstSeq(_ db: Database, stream: String, lastSeq: Int64, receivedAtOrAfter instant: Int64) throws -> Int64 {
        let receivedAt = try db.cachedStatement(sql: "SELECT received_at FROM stream_records WHERE stream = ? AND seq = ?")
        var low: Int64 = 1, high = lastSeq + 1
        while low < high {
            let middle = (low + high) / 2
            let at = try Int64.fetchOne(receivedAt, arguments: [stream, middle]) ?? Int64.min
            if at >= instant { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
