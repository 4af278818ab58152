import ArgumentParser

/// The `orchestrator` command.
public struct Orchestrator: AsyncParsableCommand {
    /// Printed by `orchestrator --version`.
    public static let version = "0.14.0"

    public static let configuration = CommandConfiguration(
        commandName: "orchestrator",
        abstract: "Run workflows of tasks declared in YAML, with retries, timeouts and run history in SQLite.",
        discussion: """
            Workflows are YAML files (see workflows/ and the README). Run history lives in the state folder
            (--state DIR, $ORCHESTRATOR_STATE, default ./state).

            Exit codes: 0 success, 1 the run failed, 2 invalid input or usage.

            Examples:
              orchestrator run workflows/batch.yaml
              orchestrator run workflows/example.yaml --param source=data/x.csv
              orchestrator runs list --status failed
              orchestrator runs show RUN_ID --json
              orchestrator logs RUN_ID extract --follow
              orchestrator retry RUN_ID
              orchestrator scheduler --workflows workflows
              orchestrator worker --database postgres://db/orchestrator --queues default,spark
              orchestrator run workflows/batch.yaml --database postgres://db/orchestrator --dispatch queue
              orchestrator backfill nightly --from 2026-11-01 --to 2026-11-07
              orchestrator status
              orchestrator token create --name producer --scopes records:write,transactions:read
              orchestrator serve --with-scheduler
              orchestrator produce data/raw/online_retail.csv --url http://127.0.0.1:8080 --token orc_...
            """,
        version: Orchestrator.version,
        subcommands: [Run.self, Validate.self, Graph.self, Runs.self, Logs.self, Retry.self, Cancel.self, Datagen.self,
                      SchedulerCommand.self, Worker.self, Backfill.self, Workflows.self, Pause.self, Unpause.self, Status.self, Cleanup.self,
                      Serve.self, Produce.self, TokenCommand.self]
    )

    public init() {}

    /// Parses the arguments, runs the command and exits with the documented codes
    /// (usage errors exit 2, not ArgumentParser's 64).
    public static func start() async {
        MemoryPolicy.apply()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            Console.error(error.message)
            Self.exit(withError: ExitCode(2))
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                Console.usageError(fullMessage(for: error))
                Self.exit(withError: ExitCode(2))
            }
            Self.exit(withError: error)
        }
    }
}
