import PostgresNIO

/// The text of a statement that runs many times a second (a worker's claim and the ends of its
/// attempts, a run's transitions). A statement with this text (`PostgresTransaction.rows`) is
/// prepared once per connection, so PostgreSQL neither parses nor plans it again: about 1 ms of
/// server time a statement on this machine.
///
/// `sql` is made by the same builder as the statements it stands for, from sample values: a
/// statement is run prepared only when its text is exactly a shape's `sql`, else as it is. Only statements
/// whose best plan does not depend on their values are worth it: after five runs PostgreSQL may
/// keep one generic plan (a coordinator's join of the attempts it waits for took 28 ms so).
protocol PreparedShape {
    static var sql: String { get }
}

/// The shapes, by text, and how to run a statement of each prepared.
enum PreparedShapes {
    typealias Runner = @Sendable (PostgresConnection, PostgresBindings) async throws -> [PostgresRandomAccessRow]

    static let byText: [String: Runner] = Dictionary(
        [entry(PostgresRunStore.ClaimAndStart.self), entry(PostgresTransitions.AttemptEnds.self),
         entry(PostgresTransitions.RunTransitions.self), entry(PostgresTransitions.OwnedRunTransitions.self)].filter { !$0.0.isEmpty },
        uniquingKeysWith: { first, _ in first })

    static func entry<Shape: PreparedShape>(_ shape: Shape.Type) -> (String, Runner) {
        (Shape.sql, { connection, bindings in
            var rows: [PostgresRandomAccessRow] = []
            for try await row in try await connection.execute(PreparedQuery<Shape>(bindings: bindings), logger: PostgresTransaction.logger) {
                rows.append(row)
            }
            return rows
        })
    }
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
