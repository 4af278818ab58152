import GRDB

extension StreamDatabase {
    /// The names of every stream that has received a record, sorted.
    public func streamNames() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM streams ORDER BY name") }
    }

    /// Records received per whole minute over the last `minutes` minutes, oldest first: element
    /// `i` counts the minute starting at `start + i` minutes, where `start` is the first returned.
    /// The current, unfinished minute is the last element. Empty for an unknown stream.
    public func ratePerMinute(stream: String, minutes: Int, now: Int64 = StreamDatabase.nowMillis()) throws -> (start: Int64, counts: [Int64]) {
        let minutes = max(1, minutes)
        let currentMinute = now - ((now % 60_000) + 60_000) % 60_000
        let start = currentMinute - Int64(minutes - 1) * 60_000
        return try read { db in
            guard let last = try Int64.fetchOne(db, sql: "SELECT last_seq FROM streams WHERE name = ?", arguments: [stream]) else {
                return (start, [])
            }
            var firsts: [Int64] = []
            for index in 0...minutes {
                firsts.append(try Self.firstSeq(db, stream: stream, lastSeq: last, receivedAtOrAfter: start + Int64(index) * 60_000))
            }
            // Never negative, even if the wall clock stepped back between two appends.
            return (start, zip(firsts, firsts.dropFirst()).map { max(0, $1 - $0) })
        }
    }
}
