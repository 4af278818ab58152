import ArgumentParser
import Foundation
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore

extension Orchestrator {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run",
            abstract: "Run a workflow once, now, in the foreground.",
            discussion: """
                Prints the run id first, then each task's start and end on stderr, then a summary table. \
                Exit 0 when the run succeeds, 1 when it fails, 2 for invalid input. \
                Ctrl-C (or SIGTERM) kills the running tasks and marks the run cancelled.

                With a PostgreSQL database (--database URL), this process coordinates the run and the tasks \
                run on workers (`orchestrator worker`) on any host, each taken from the queue its `queue:` key \
                names; --local runs them here instead. With a state folder, --dispatch queue does the same with \
                workers on this host. A worker that dies mid-task loses its claim when its lease ends; the \
                attempt is `interrupted` and runs again as the task's retries allow.

                Examples:
                  orchestrator run workflows/batch.yaml --param source=data/raw/online_retail.csv
                  orchestrator run workflows/batch.yaml --database postgres://db/orchestrator
                  orchestrator run workflows/batch.yaml --database postgres://db/orchestrator --local
                """)

        @Argument(help: ArgumentHelp("The workflow YAML file.", valueName: "file"))
        var file: String

        @Option(name: .customLong("param"), help: ArgumentHelp("Override a workflow param (repeatable).", valueName: "key=value"))
        var params: [String] = []

        @OptionGroup var dispatchOptions: DispatchOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var output: JSONOption

        func run() async throws {
            let overrides = try ParamArgument.parse(params)
            let registry = TaskRegistry.all
            // Validate everything before the state folder is touched: bad input writes nothing.
            let (workflow, record, resolved) = try await userInput {
                let (workflow, record) = try WorkflowFile.load(path: file, registry: registry)
                return (workflow, record, try RunLauncher.resolveParams(workflow, overrides: overrides))
            }
            let stores = try await stateOptions.openStores()
            let store = stores.runs
            let plan = try await userInput {
                try await RunLauncher(store: store, registry: registry).createRun(workflow, record: record, params: resolved)
            }
            var session = RunSession(store: store, registry: registry, state: stateOptions.directory, json: output.json,
                                     logCopies: stores.logCopies)
            if try await dispatchOptions.resolved(stateOptions) == .queue {
                session.dispatch = .queue(store)
                try await Self.warnOfUnservedQueues(workflow, store: store)
            }
            try await session.execute(plan, verb: "run")
        }

        /// Says on stderr which queues of the workflow no registered worker takes from: their tasks
        /// wait until one starts.
        static func warnOfUnservedQueues(_ workflow: Workflow, store: any TaskQueue) async throws {
            let served = Set(try await store.workers().flatMap(\.queues))
            var unserved: [String] = []
            for task in workflow.tasks where !served.contains(task.queue) && !unserved.contains(task.queue) { unserved.append(task.queue) }
            if !unserved.isEmpty {
                Console.progress(Console.paint("no worker takes from queue \(unserved.map { "'\($0)'" }.joined(separator: ", ")) yet; its tasks wait for one (orchestrator worker --queues \(unserved.joined(separator: ",")))", .yellow))
            }
        }
    }
}

/// Parses `--param key=value` arguments.
enum ParamArgument {
    static func parse(_ arguments: [String]) throws -> [(String, String)] {
        try arguments.map { argument in
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw CLIError("error: bad --param '\(argument)': write key=value")
            }
            return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
        }
    }
}
