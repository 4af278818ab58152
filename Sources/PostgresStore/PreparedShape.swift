import PostgresNIO

/// The text of a statement that workers and coordinators run many times a second (a claim, the
/// end of claimed attempts, a coordinator's read of ended attempts). Run through
/// `PostgresTransaction.rows(_:preparedAs:)`, it is prepared once per connection, so PostgreSQL
/// neither parses nor plans it again: about 1 ms of server time a statement on this machine.
///
/// `sql` is made by the same builder as the statements it stands for, from sample values: a
/// statement is run prepared only when its text is exactly `sql`, else as it is.
protocol PreparedShape {
    static var sql: String { get }
}

/// A statement of `Shape` with its values, as PostgresNIO prepares and runs it.
struct PreparedQuery<Shape: PreparedShape>: PostgresPreparedStatement {
    typealias Row = PostgresRandomAccessRow

    static var name: String { "orchestrator_\(String(describing: Shape.self))" }
    static var sql: String { Shape.sql }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRandomAccessRow { row.makeRandomAccess() }
}
