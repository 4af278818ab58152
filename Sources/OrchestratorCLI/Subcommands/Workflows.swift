import ArgumentParser
import Foundation
import OrchestratorCore
import OrchestratorEngine
import OrchestratorScheduler
import OrchestratorStore

extension Orchestrator {
    struct Workflows: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "workflows",
            abstract: "Inspect the workflows of the workflow folder.",
            subcommands: [List.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list",
                abstract: "Each workflow with its schedule, time zone, paused state, last run and next due time.",
                discussion: "Example: orchestrator workflows list --workflows workflows --json")

            @OptionGroup var workflowsOptions: WorkflowsOptions
            @OptionGroup var stateOptions: StateOptions
            @OptionGroup var output: JSONOption

            func run() async throws {
                let loaded = try workflowsOptions.load(registry: .all)
                let store = try await stateOptions.openStore()
                try await RunLauncher(store: store, registry: .all).reapOrphans()
                let rows = try await WorkflowRow.collect(loaded, store: store, now: Date())
                if output.json {
                    try Console.json(rows)
                    return
                }
                if rows.isEmpty {
                    Console.progress("no workflows in '\(workflowsOptions.workflows)'")
                    return
                }
                var table = TextTable(["WORKFLOW", "SCHEDULE", "TIMEZONE", "PAUSED", "LAST RUN", "STATUS", "NEXT DUE"])
                for row in rows {
                    table.append([row.workflow, row.schedule ?? "-", row.timezone ?? "-", row.paused ? "yes" : "no",
                                  row.lastRun ?? "-", row.lastStatus?.rawValue ?? "-", row.nextDue ?? "-"])
                }
                Console.out(table.render())
            }
        }
    }
}

/// One line of `workflows list`, also used for the next due runs of `status`.
struct WorkflowRow: Encodable {
    var workflow: String
    var file: String
    var schedule: String?
    var timezone: String?
    var paused: Bool
    var lastRun: String?
    var lastStatus: RunState?
    var nextDue: String?

    enum CodingKeys: String, CodingKey {
        case workflow, file, schedule, timezone, paused
        case lastRun = "last_run", lastStatus = "last_status", nextDue = "next_due"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(workflow, forKey: .workflow)
        try container.encode(file, forKey: .file)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(timezone, forKey: .timezone)
        try container.encode(paused, forKey: .paused)
        try container.encode(lastRun, forKey: .lastRun)
        try container.encode(lastStatus, forKey: .lastStatus)
        try container.encode(nextDue, forKey: .nextDue)
    }

    static func collect(_ loaded: [String: LoadedWorkflow], store: any RunStore, now: Date) async throws -> [WorkflowRow] {
        let paused = try await store.pausedWorkflows()
        var rows: [WorkflowRow] = []
        for name in loaded.keys.sorted() {
            let entry = loaded[name]!
            let config = entry.workflow.schedule
            let last = try await store.lastRun(workflow: name)
            let isPaused = paused.contains(name)
            let next = isPaused ? nil : config?.schedule.nextFire(after: now)
            let zone = config?.schedule.zoneName
            rows.append(WorkflowRow(workflow: name, file: entry.file, schedule: config?.schedule.expression, timezone: zone,
                                    paused: isPaused, lastRun: last?.id.rawValue, lastStatus: last?.status,
                                    nextDue: next.map { Timestamps.iso8601Seconds(EpochMillis($0.timeIntervalSince1970 * 1000)) }))
        }
        return rows
    }
}
