/// The SQL dialect of the warehouse, which decides how rows reach it.
public enum WarehouseDialect: String, Sendable, Hashable, CaseIterable {
    /// PostgreSQL: rows are streamed with `COPY ... FROM STDIN`.
    case postgres
    /// Amazon Redshift: rows are copied by the server from files already in S3.
    case redshift
}
