import ArgumentParser
import Foundation
import OrchestratorCore
import OrchestratorEngine
import OrchestratorScheduler
import OrchestratorStore
import Synchronization

extension Orchestrator {
    struct Backfill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "backfill",
            abstract: "Create and execute one run per scheduled slot in a date range.",
            discussion: """
                WORKFLOW is a workflow name in the workflow folder or a workflow file. --from and --to are UTC
                (YYYY-MM-DD[THH:MM[:SS]]), both included. Slots that already have a run are skipped; with
                --rerun-failed, failed, cancelled and interrupted ones are retried in place. Runs are recorded with
                trigger backfill and the same run ids the scheduler would give them, so backfill and a running
                scheduler never create a slot twice. Exit 1 when a run fails.

                Example: orchestrator backfill nightly --from 2026-11-01 --to 2026-11-07 --max-active 2
                """)

        @Argument(help: ArgumentHelp("Workflow name or file.", valueName: "workflow")) var workflow: String
        @Option(help: ArgumentHelp("First instant of the range (UTC).", valueName: "date")) var from: String
        @Option(help: ArgumentHelp("Last instant of the range (UTC), included.", valueName: "date")) var to: String
        @Option(name: .customLong("max-active"), help: "Runs executing at once.") var maxActive: Int = 1
        @Option(name: .customLong("max-slots"), help: "Refuse a range with more slots than this (at most 1000000).") var maxSlots: Int = 100_000
        @Flag(name: .customLong("rerun-failed"), help: "Retry slots whose run failed, was cancelled or interrupted.") var rerunFailed = false
        @OptionGroup var workflowsOptions: WorkflowsOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            let start = try OptionValue.date(from, option: "--from")
            let end = try OptionValue.date(to, option: "--to")
            if end < start { throw ValidationError("--to \(to) is before --from \(from)") }
            if maxActive < 1 { throw ValidationError("--max-active must be at least 1, got \(maxActive)") }
            if !(1...1_000_000).contains(maxSlots) { throw ValidationError("--max-slots must be 1-1000000, got \(maxSlots)") }
        }

        struct Line: Encodable {
            var logicalDate: String
            var run: String
            var action: String
            var status: RunState

            enum CodingKeys: String, CodingKey {
                case logicalDate = "logical_date", run, action, status
            }
        }

        enum Work {
            case create(ScheduleSlot)
            case rerun(RunID, logicalDate: String)
        }

        func run() async throws {
            let registry = TaskRegistry.all
            let loaded = try await userInput { try resolve(registry: registry) }
            guard let config = loaded.workflow.schedule else {
                throw CLIError("error: workflow '\(loaded.name)' has no schedule; backfill needs one")
            }
            let start = Date(timeIntervalSince1970: TimeInterval(try OptionValue.date(from, option: "--from")) / 1000)
            let end = Date(timeIntervalSince1970: TimeInterval(try OptionValue.date(to, option: "--to")) / 1000)
            let slots = Array(config.schedule.slots(after: start.addingTimeInterval(-1), through: end).prefix(maxSlots + 1))
            if slots.count > maxSlots {
                let count = Self.slotCount(config.schedule, from: start, through: end).map { "\($0)" } ?? "more than \(maxSlots)"
                throw CLIError("error: the range \(from) to \(to) makes \(count) slots of '\(loaded.name)', over the limit of --max-slots \(maxSlots); "
                               + "narrow the range or raise --max-slots")
            }
            let stores = try await stateOptions.openStores()
            let store = stores.runs
            let logCopies = stores.logCopies
            let launcher = RunLauncher(store: store, registry: registry)
            try await launcher.reapOrphans()
            var lines: [Line] = []
            var work: [Work] = []
            for slot in slots {
                let fire = EpochMillis(slot.fireDate.timeIntervalSince1970 * 1000)
                if let existing = try await store.slotRun(workflow: loaded.name, logicalDate: fire) {
                    let retryable: Set<RunState> = [.failed, .cancelled, .interrupted]
                    if rerunFailed, retryable.contains(existing.status) {
                        work.append(.rerun(existing.id, logicalDate: existing.logicalDate))
                    } else {
                        lines.append(Line(logicalDate: existing.logicalDate, run: existing.id.rawValue, action: "skipped (exists)", status: existing.status))
                    }
                } else {
                    work.append(.create(slot))
                }
            }
            if work.isEmpty, lines.isEmpty { Console.progress("no slots of '\(loaded.name)' between \(from) and \(to)") }
            Console.progress("backfill \(loaded.name): \(work.count) runs to execute, \(lines.count) slots skipped")
            let cancelSignals = CancelRegistry()
            let signals = SignalTrap(signals: [SIGINT, SIGTERM]) { number in cancelSignals.cancelAll(.signal(number)) }
            defer { signals.cancel() }
            let state = stateOptions.directory
            let executed = try await withThrowingTaskGroup(of: Line?.self) { group in
                var results: [Line] = []
                var pending = work[...]
                var active = 0
                func startNext() async throws {
                    guard let next = pending.popFirst(), !cancelSignals.isCancelled else { return }
                    let plan: RunPlan?
                    let action: String
                    switch next {
                    case .create(let slot):
                        plan = try await launcher.createSlotRun(loaded.workflow, record: loaded.record, slot: slot, trigger: .backfill)
                        action = "created"
                    case .rerun(let id, _):
                        plan = try await launcher.reopenForRetry(id)
                        action = "rerun"
                    }
                    guard let plan else { return }
                    let signal = cancelSignals.make()
                    Console.progress("▶ \(plan.runID) (\(action))")
                    active += 1
                    group.addTask {
                        var executor = RunExecutor(store: store, registry: registry, state: state, cancelSignal: signal)
                        executor.logCopies = logCopies
                        let outcome = await executor.execute(plan)
                        Console.progress("\(outcome.status.isSuccessful ? "✔" : "✘") \(plan.runID) \(outcome.status.rawValue)")
                        return Line(logicalDate: plan.logicalDate, run: plan.runID.rawValue, action: action, status: outcome.status)
                    }
                }
                while active < maxActive, !pending.isEmpty { try await startNext() }
                while active > 0, let line = try await group.next() {
                    active -= 1
                    if let line { results.append(line) }
                    while active < maxActive, !pending.isEmpty { try await startNext() }
                }
                return results
            }
            lines += executed
            lines.sort { $0.logicalDate < $1.logicalDate }
            if output.json {
                try Console.json(lines)
            } else if !lines.isEmpty {
                var table = TextTable(["LOGICAL DATE", "RUN", "ACTION", "STATUS"])
                for line in lines { table.append([line.logicalDate, line.run, line.action, line.status.rawValue]) }
                Console.out(table.render())
            }
            if executed.contains(where: { !$0.status.isSuccessful }) { throw ExitCode(1) }
        }

        /// How many slots `schedule` has in [`start`, `end`] when that can be told without listing
        /// them: for `every:` schedules; nil for cron.
        static func slotCount(_ schedule: Schedule, from start: Date, through end: Date) -> Int? {
            guard case .every(let interval) = schedule.rule else { return nil }
            let step = interval.components.seconds
            guard step > 0 else { return nil }
            let first = Int64(start.timeIntervalSince1970.rounded(.up))
            let last = Int64(end.timeIntervalSince1970.rounded(.down))
            let firstFire = (first + step - 1) / step  // both instants are after 1970: no negative division
            let lastFire = last / step
            return lastFire < firstFire ? 0 : Int(lastFire - firstFire + 1)
        }

        func resolve(registry: TaskRegistry) throws -> LoadedWorkflow {
            if workflow.hasSuffix(".yaml") || workflow.hasSuffix(".yml") || workflow.contains("/") {
                let (parsed, record) = try WorkflowFile.load(path: workflow, registry: registry)
                return LoadedWorkflow(workflow: parsed, record: record, file: workflow)
            }
            let loaded = try workflowsOptions.load(registry: registry)
            guard let found = loaded[workflow] else {
                throw CLIError("error: no workflow '\(workflow)' in '\(workflowsOptions.workflows)'\(Suggestion.hint(for: workflow, in: loaded.keys.sorted()))")
            }
            return found
        }
    }
}

/// The cancel signals of the runs a command executes, so one Ctrl-C stops them all.
final class CancelRegistry: Sendable {
    let signals = Mutex<[CancelSignal]>([])
    let reason = Mutex<CancelReason?>(nil)

    func make() -> CancelSignal {
        let signal = CancelSignal()
        signals.withLock { $0.append(signal) }
        if let reason = reason.withLock({ $0 }) { signal.cancel(reason) }
        return signal
    }

    func cancelAll(_ why: CancelReason) {
        reason.withLock { if $0 == nil { $0 = why } }
        for signal in signals.withLock({ $0 }) { signal.cancel(why) }
    }

    var isCancelled: Bool { reason.withLock { $0 } != nil }
}
