import GRDB
import OrchestratorStore

extension Database {
    /// Executes one statement through the connection's statement cache, so the hot paths of a
    /// run (a few statements per task transition) do not re-prepare SQL each time.
    func run(_ sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
