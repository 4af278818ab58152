/// The row count and the exact sum of each money column of one table: counted while the rows are
/// sent, and read back from the database before commit. The two must be equal.
public struct LoadTotals: Sendable, Hashable {
    public var rows: Int
    /// Sums in thousandths, by column name, in the table's column order.
    public var sums: [(column: String, thousandths: Int128)]

    public init(rows: Int, sums: [(column: String, thousandths: Int128)]) {
        self.rows = rows
        self.sums = sums
    }

    /// Throws `WarehouseError.mismatch` naming `table` and the first value that differs.
    public func verify(database: LoadTotals, table: String) throws(WarehouseError) {
        guard rows == database.rows else {
            throw .mismatch(table: table, what: "count(*)", sent: String(rows), database: String(database.rows))
        }
        for (sent, stored) in zip(sums, database.sums) where sent.column != stored.column || sent.thousandths != stored.thousandths {
            throw .mismatch(table: table, what: "sum(\(sent.column))", sent: MoneyText.text(sent.thousandths),
                            database: stored.column == sent.column ? MoneyText.text(stored.thousandths) : "no \(sent.column)")
        }
        if sums.count != database.sums.count {
            throw .mismatch(table: table, what: "money columns", sent: String(sums.count), database: String(database.sums.count))
        }
    }

    public static func == (lhs: LoadTotals, rhs: LoadTotals) -> Bool {
        lhs.rows == rhs.rows && lhs.sums.elementsEqual(rhs.sums) { $0.column == $1.column && $0.thousandths == $1.thousandths }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rows)
        for sum in sums { hasher.combine(sum.column); hasher.combine(sum.thousandths) }
    }
}
