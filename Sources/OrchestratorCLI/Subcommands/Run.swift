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
                Prints the run id first, then each task's start and end on stderr, then a summary table.
                Exit 0 when the run succeeds, 1 when it fails, 2 for invalid input.
                Ctrl-C (or SIGTERM) kills the running tasks and marks the run cancelled.

                Example: orchestrator run workflows/batch.yaml --param source=data/raw/online_retail.csv
                """)

        @Argument(help: ArgumentHelp("The workflow YAML file.", valueName: "file"))
        var file: String

        @Option(name: .customLong("param"), help: ArgumentHelp("Override a workflow param (repeatable).", valueName: "key=value"))
        var params: [String] = []

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
            let store = try await stateOptions.openStore()
            let plan = try await userInput {
                try await RunLauncher(store: store, registry: registry).createRun(workflow, record: record, params: resolved)
            }
            try await RunSession(store: store, registry: registry, state: stateOptions.directory, json: output.json)
                .execute(plan, verb: "run")
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
