import ArgumentParser
import Foundation
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore

extension Orchestrator {
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "logs",
            abstract: "Print the logs of a run's task attempts.",
            discussion: """
                Without TASK, prints the latest attempt of every task that ran, each under a header.
                --follow keeps printing new output until the attempts end. With --database the logs are \
                read from PostgreSQL, so this works on any host.
                Example: orchestrator logs RUN_ID extract --attempt 2
                """)

        @Argument(help: ArgumentHelp("The run id.", valueName: "run")) var run: String
        @Argument(help: ArgumentHelp("A task id (default: every task).", valueName: "task")) var task: String?
        @Option(help: "Which attempt (default: the latest).") var attempt: Int?
        @Flag(help: "Keep printing new output until the attempts end.") var follow = false
        @OptionGroup var stateOptions: StateOptions

        func run() async throws {
            let stores = try await stateOptions.openStores()
            let id = RunID(rawValue: run)
            guard let detail = try await stores.runs.runDetail(id) else { throw CLIError(StoreError.unknownRun(run)) }
            var tasks = detail.tasks
            if let task {
                guard let found = detail.tasks.first(where: { $0.id == task }) else {
                    throw CLIError("error: run \(run) has no task '\(task)'\(Suggestion.hint(for: task, in: detail.tasks.map(\.id)))")
                }
                tasks = [found]
            }
            var logs: [AttemptLogID] = []
            for record in tasks {
                let chosen = attempt ?? record.attemptHistory.last?.attempt
                guard let chosen else { continue }
                guard record.attemptHistory.contains(where: { $0.attempt == chosen }) else {
                    throw CLIError("error: task '\(record.id)' has no attempt \(chosen) (it has \(record.attemptHistory.count))")
                }
                logs.append(AttemptLogID(run: id, task: record.id, attempt: chosen))
            }
            if logs.isEmpty { Console.progress("no task of run \(run) has started yet") }
            var offsets = [Int](repeating: 0, count: logs.count)
            for (index, log) in logs.enumerated() {
                if logs.count > 1 { Console.out(Console.paint("==> \(log.task) attempt \(log.attempt) <==", .bold)) }
                offsets[index] = try await Self.copy(log, from: 0, in: stores.logs)
            }
            guard follow else { return }
            var following = Array(logs.indices)
            let launcher = RunLauncher(store: stores.runs, registry: .all)
            var lastReap = ContinuousClock.now
            while !following.isEmpty {
                if ContinuousClock.now - lastReap > .seconds(5) {
                    // An owner killed without a trace leaves its attempts `running` until a reader reaps them.
                    try await launcher.reapOrphans()
                    lastReap = .now
                }
                var still: [Int] = []
                for index in following {
                    // Asked before the read: a log finished by then is read to its very end.
                    let finished = try await stores.logs.isFinished(logs[index])
                    offsets[index] = try await Self.copy(logs[index], from: offsets[index], in: stores.logs)
                    if !finished { still.append(index) }
                }
                following = still
                if !following.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
            }
        }

        /// Writes the log's bytes from `offset` to its current end on stdout, a MiB at a time;
        /// returns the offset reached.
        static func copy(_ log: AttemptLogID, from offset: Int, in store: any LogStore) async throws -> Int {
            var position = offset
            while true {
                let chunk = try await store.read(log, from: position, limit: 1 << 20)
                guard !chunk.bytes.isEmpty else { return position }
                FileHandle.standardOutput.write(Data(chunk.bytes))
                position = chunk.nextOffset
            }
        }
    }
}
