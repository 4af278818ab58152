import ArgumentParser
import OrchestratorStore

/// `--dispatch` and `--local`: where a run's tasks execute. With a PostgreSQL database the default
/// is the task queue (workers on any host take them); with a state folder, this process.
struct DispatchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Where tasks run: local (in this process) or queue (on workers, 'orchestrator worker'). Default: queue \
        with a PostgreSQL database (--database or $ORCHESTRATOR_DATABASE_URL), local with a state folder.
        """, valueName: "where"))
    var dispatch: Where?

    @Flag(help: "Run the tasks in this process, even with a database (--dispatch local).")
    var local = false

    /// `--dispatch`'s values.
    enum Where: String, ExpressibleByArgument, CaseIterable {
        case local, queue
    }

    func validate() throws {
        if local, dispatch == .queue { throw ValidationError("--local and --dispatch queue contradict each other; give one") }
    }

    /// Where tasks run for this state location.
    func resolved(_ state: StateOptions) async throws -> Where {
        if local { return .local }
        if let dispatch { return dispatch }
        let location = try await userInput { try StateLocation.resolve(state: state.state, database: state.database) }
        if case .postgres = location { return .queue }
        return .local
    }
}
