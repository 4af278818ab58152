import PostgresNIO

/// The text of a statement that workers run many times a second (a claim, the ends of claimed
/// attempts). Run through `PostgresTransaction.rows(_:preparedAs:)`, it is prepared once per
/// connection, so PostgreSQL neither parses nor plans it again: about 1 ms of server time a
/// statement on this machine.
///
/// `sql` is made by the same builder as the statements it stands for, from sample values: a
/// statement is run prepared only when its text is exactly `sql`, else as it is. Only statements
/// whose best plan does not depend on their values are worth it: after five runs PostgreSQL may
/// keep one generic plan (a coordinator's join of the attempts it waits for took 28 ms so).
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
