/// What a committed load put in the warehouse.
public struct LoadReport: Sendable, Hashable {
    /// Rows loaded per table, in the request's order.
    public var rowsLoaded: [(table: String, rows: Int)]

    public init(rowsLoaded: [(table: String, rows: Int)]) { self.rowsLoaded = rowsLoaded }

    public var totalRows: Int { rowsLoaded.reduce(0) { $0 + $1.rows } }

    public static func == (lhs: LoadReport, rhs: LoadReport) -> Bool {
        lhs.rowsLoaded.elementsEqual(rhs.rowsLoaded) { $0.table == $1.table && $0.rows == $1.rows }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in rowsLoaded { hasher.combine(entry.table); hasher.combine(entry.rows) }
    }
}
