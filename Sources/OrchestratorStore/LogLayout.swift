/// Where attempt logs lie under a logs folder: one folder per run, one file per attempt
/// (`ROOT/RUN/TASK.attempt-N.log`). A run of many tasks makes one directory, not one per task
/// (creating a directory costs more than the file).
///
/// A claim that starts its attempts records this path in the database's own terms: PostgreSQL
/// composes it in the claim statement (`PostgresRunStore.claim`), and the queue conformance tests
/// check that both stores record what `path(run:task:attempt:)` gives.
public struct LogLayout: Sendable, Hashable {
    /// The logs folder, without a trailing slash.
    public var root: String

    public init(root: String) { self.root = root }

    public func path(run: String, task: String, attempt: Int) -> String {
        "\(root)/\(run)/\(task).attempt-\(attempt).log"
    }
}
