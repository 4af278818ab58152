import GRDB

/// Files taken from a landing folder, keyed by content digest so each is appended once.
extension StreamDatabase {
    /// A landing that was committed: the file's records are in the stream.
    public struct LandedFile: Sendable, Equatable {
        public var digest: String
        public var name: String
        public var rows: Int
        public var accepted: Int
        public var firstSeq: Int64?
    }

    public func landedFile(digest: String) throws -> LandedFile? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT digest, name, rows, accepted, first_seq FROM landed_files WHERE digest = ?",
                             arguments: [digest]).map { LandedFile(digest: $0[0], name: $0[1], rows: $0[2], accepted: $0[3], firstSeq: $0[4]) }
        }
    }

    /// Appends a landed file's accepted records and records the file, in one transaction. Returns
    /// false (and appends nothing) when a file with the same digest was landed before.
    public func land(digest: String, name: String, stream: String, rows: Int, records: [SaleRecord],
                     now: Int64? = nil) throws -> Bool {
        try write { db in
            let now = now ?? StreamDatabase.nowMillis()
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM landed_files WHERE digest = ?", arguments: [digest]) == true { return false }
            var first: Int64?
            if !records.isEmpty {
                first = try Self.append([Append(stream: stream, records: records)], now: now, db: db, extra: nil).first
            }
            try db.execute(sql: """
                INSERT INTO landed_files (digest, name, stream, rows, accepted, first_seq, last_seq, landed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [digest, name, stream, rows, records.count, first, first.map { $0 + Int64(records.count) - 1 }, now])
            return true
        }
    }
}
