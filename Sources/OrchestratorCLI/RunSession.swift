import ArgumentParser
import Foundation
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore

/// Executes a plan in the foreground for `run` and `retry`: progress on stderr, Ctrl-C cancels,
/// a summary (or JSON) at the end, and exit code 1 when the run fails.
struct RunSession {
    let store: any RunStore
    let registry: TaskRegistry
    let state: StateDirectory
    let json: Bool
    /// Where the tasks run: here, or on workers through the task queue.
    var dispatch: AttemptDispatch = .local
    /// Where attempts run here copy their logs (`StateStores.logCopies`).
    var logCopies: (any LogStore)?

    func execute(_ plan: RunPlan, verb: String) async throws {
        if json {
            Console.progress("run \(plan.runID)")
        } else {
            Console.out(plan.runID.rawValue)
        }
        Console.progress(Console.paint("\(verb) \(plan.runID) of workflow '\(plan.workflow.name)' (\(plan.workflow.tasks.count) tasks)", .bold))
        let cancelSignal = CancelSignal()
        let signals = SignalTrap(signals: [SIGINT, SIGTERM]) { number in cancelSignal.cancel(.signal(number)) }
        var executor = RunExecutor(store: store, registry: registry, state: state, cancelSignal: cancelSignal,
                                   observer: ProgressPrinter.print)
        executor.dispatch = dispatch
        executor.logCopies = logCopies
        let outcome = await executor.execute(plan)
        signals.cancel()
        guard let detail = try await store.runDetail(plan.runID) else { throw CLIError("error: run \(plan.runID) vanished from the state database") }
        if json {
            try Console.json(detail)
        } else {
            Console.out(RunTables.tasks(detail))
            let status = outcome.status.rawValue + (outcome.error.map { ": \($0)" } ?? "")
            Console.progress(Console.paint("run \(plan.runID) \(status)", outcome.status.isSuccessful ? .green : .red))
        }
        if !outcome.status.isSuccessful { throw ExitCode(1) }
    }
}

/// Prints executor events as progress lines on stderr.
enum ProgressPrinter {
    @Sendable static func print(_ event: ExecutionEvent) {
        switch event {
        case .taskStarted(let task, let attempt):
            Console.progress(Console.paint("▶ ", .blue) + "\(task)" + (attempt > 1 ? " (attempt \(attempt))" : ""))
        case .taskFinished(let task, let attempt, let state, let duration, let error):
            let mark = state == .succeeded ? Console.paint("✔ ", .green) : state == .skipped ? "- " : Console.paint("✘ ", .red)
            let detail = error.map { " — \($0)" } ?? ""
            Console.progress(mark + "\(task) \(state.rawValue) in \(DurationText.format(duration)) (attempt \(attempt))\(detail)")
        case .taskRetrying(let task, let attempt, let delay, _):
            Console.progress(Console.paint("↻ ", .yellow) + "\(task) retries in \(DurationText.format(delay)) (attempt \(attempt) next)")
        case .taskSettled(let task, let state):
            Console.progress(Console.paint("· ", .gray) + "\(task) \(state.rawValue)")
        case .taskNotice(let task, let message):
            Console.progress(Console.paint("! \(task): \(message)", .yellow))
        case .cancelling(let reason):
            Console.progress(Console.paint("■ stopping: \(reason)", .yellow))
        }
    }
}
