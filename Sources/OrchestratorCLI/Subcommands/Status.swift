import ArgumentParser
import Foundation
import OrchestratorCore
import OrchestratorEngine
import OrchestratorScheduler
import OrchestratorStore

extension Orchestrator {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status",
            abstract: "Whether a scheduler is active, the registered workers, the runs now active, and the next due runs.",
            discussion: "Example: orchestrator status --json")

        @OptionGroup var workflowsOptions: WorkflowsOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var output: JSONOption

        struct Report: Encodable {
            var scheduler: SchedulerLease?
            var schedulerAlive: Bool
            var workers: [WorkerInfo]
            var activeRuns: [RunSummary]
            var nextDue: [WorkflowRow]

            enum CodingKeys: String, CodingKey {
                case scheduler, workers, schedulerAlive = "scheduler_alive", activeRuns = "active_runs", nextDue = "next_due"
            }
        }

        func run() async throws {
            let store = try await stateOptions.openStore()
            try await RunLauncher(store: store, registry: .all).reapOrphans()
            let lease = try await store.currentLease()
            let alive = lease.map { Timestamps.now() - $0.heartbeatAt < SchedulerLeaseKeeper.defaultStaleAfter.milliseconds && RunOwner.isAlive($0.owner) } ?? false
            let active = try await store.activeRuns()
            let workers = try await store.workers()
            var upcoming: [WorkflowRow] = []
            if FileManager.default.fileExists(atPath: workflowsOptions.workflows) {
                upcoming = try await WorkflowRow.collect(try workflowsOptions.load(registry: .all), store: store, now: Date())
                    .filter { $0.nextDue != nil }.sorted { ($0.nextDue ?? "", $0.workflow) < ($1.nextDue ?? "", $1.workflow) }
            }
            if output.json {
                try Console.json(Report(scheduler: lease, schedulerAlive: alive, workers: workers, activeRuns: active, nextDue: upcoming))
                return
            }
            if let lease {
                Console.out("scheduler  \(alive ? "active" : "not responding"): pid \(lease.owner.pid) on \(lease.owner.host), since \(Timestamps.short(lease.acquiredAt)), last heartbeat \(Timestamps.short(lease.heartbeatAt))")
            } else {
                Console.out("scheduler  none running")
            }
            Console.out("")
            Console.out("workers: \(workers.count)")
            if !workers.isEmpty {
                var table = TextTable(["NAME", "HOST", "QUEUES", "SLOTS IN USE", "LAST HEARTBEAT"])
                for worker in workers {
                    table.append([worker.name.rawValue, worker.host, worker.queues.joined(separator: ","),
                                  "\(worker.slotsInUse)/\(worker.slots)", Timestamps.short(worker.heartbeatAt)])
                }
                Console.out(table.render())
            }
            Console.out("")
            Console.out("active runs: \(active.count)")
            if !active.isEmpty { Console.out(RunTables.runs(active)) }
            Console.out("")
            Console.out("next due:")
            var table = TextTable(["WORKFLOW", "NEXT DUE", "SCHEDULE"])
            for row in upcoming { table.append([row.workflow, row.nextDue ?? "-", row.schedule ?? "-"]) }
            Console.out(upcoming.isEmpty ? "  none" : table.render())
        }
    }
}
