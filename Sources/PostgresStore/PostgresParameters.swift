import PostgresNIO

/// The bound values of a statement whose SQL is assembled from parts (optional filters): each
/// `bind` adds a value and returns its placeholder (`$1`, `$2`, ...).
struct PostgresParameters {
    private var bindings = PostgresBindings()

    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    /// `sql`, which uses the placeholders handed out so far, with their values.
    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
