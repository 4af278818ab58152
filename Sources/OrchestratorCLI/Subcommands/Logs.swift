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
                --follow keeps printing new output until the run ends.
                Example: orchestrator logs RUN_ID extract --attempt 2
                """)

        @Argument(help: ArgumentHelp("The run id.", valueName: "run")) var run: String
        @Argument(help: ArgumentHelp("A task id (default: every task).", valueName: "task")) var task: String?
        @Option(help: "Which attempt (default: the latest).") var attempt: Int?
        @Flag(help: "Keep printing new output until the run ends.") var follow = false
        @OptionGroup var stateOptions: StateOptions

        func run() async throws {
            let store = try await stateOptions.openStore()
            let id = RunID(rawValue: run)
            guard let detail = try await store.runDetail(id) else { throw CLIError(StoreError.unknownRun(run)) }
            var tasks = detail.tasks
            if let task {
                guard let found = detail.tasks.first(where: { $0.id == task }) else {
                    throw CLIError("error: run \(run) has no task '\(task)'\(Suggestion.hint(for: task, in: detail.tasks.map(\.id)))")
                }
                tasks = [found]
            }
            var files: [(String, String)] = []
            for record in tasks {
                let chosen = attempt ?? record.attemptHistory.last?.attempt
                guard let chosen else { continue }
                guard let entry = record.attemptHistory.first(where: { $0.attempt == chosen }) else {
                    throw CLIError("error: task '\(record.id)' has no attempt \(chosen) (it has \(record.attemptHistory.count))")
                }
                files.append(("\(record.id) attempt \(chosen)", entry.logPath))
            }
            if files.isEmpty { Console.progress("no task of run \(run) has started yet") }
            var offsets = [UInt64](repeating: 0, count: files.count)
            for (index, (title, path)) in files.enumerated() {
                if files.count > 1 { Console.out(Console.paint("==> \(title) <==", .bold)) }
                offsets[index] = LogFile.copy(path: path, from: 0)
            }
            guard follow else { return }
            while true {
                let finished = try await store.runDetail(id)?.summary.status.isFinished ?? true
                for (index, (_, path)) in files.enumerated() { offsets[index] = LogFile.copy(path: path, from: offsets[index]) }
                if finished { return }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}

/// Streams a log file to stdout in chunks, never loading it whole.
enum LogFile {
    /// Copies bytes from `offset` to the end; returns the new offset.
    static func copy(path: String, from offset: UInt64) -> UInt64 {
        guard let handle = FileHandle(forReadingAtPath: path) else { return offset }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        var position = offset
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            FileHandle.standardOutput.write(chunk)
            position += UInt64(chunk.count)
        }
        return position
    }
}
