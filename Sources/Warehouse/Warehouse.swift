/// A database that tables can be loaded into: the seam between the `warehouse_load` task and a
/// backend (`PostgresWarehouse`, `RedshiftWarehouse`).
///
/// A load is all or nothing: every table of the request is replaced (or appended to) in one
/// transaction, checked against the rows and money sums that were sent, and committed only when
/// they agree. Readers see the old tables or the new ones, never a mix.
public protocol Warehouse: Sendable {
    /// Loads `request` and returns what each table received.
    ///
    /// - Throws: `WarehouseError` naming the table, file and line when something fails; nothing
    ///   is left changed in the database then.
    func load(_ request: LoadRequest) async throws -> LoadReport
}
