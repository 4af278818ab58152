import OrchestratorCore
import OrchestratorStore

/// Human tables for runs and their tasks.
enum RunTables {
    static func duration(_ millis: EpochMillis?) -> String {
        millis.map { DurationText.format(.milliseconds($0)) } ?? "-"
    }

    static func tasks(_ detail: RunDetail) -> String {
        var table = TextTable(["TASK", "STATE", "ATTEMPTS", "STARTED", "ENDED", "DURATION", "EXIT", "ERROR"])
        for task in detail.tasks {
            table.append([task.id, task.state.rawValue, String(task.attempts), task.startedAt.map(Timestamps.short) ?? "-",
                          task.endedAt.map(Timestamps.short) ?? "-", duration(task.durationMs),
                          task.exitCode.map(String.init) ?? "-", task.error ?? ""])
        }
        return table.render()
    }

    static func runs(_ runs: [RunSummary]) -> String {
        var table = TextTable(["RUN", "WORKFLOW", "STATUS", "TRIGGER", "LOGICAL DATE", "STARTED", "DURATION"])
        for run in runs {
            table.append([run.id.rawValue, run.workflow, run.status.rawValue, run.trigger.rawValue, run.logicalDate,
                          run.startedAt.map(Timestamps.short) ?? "-", duration(run.durationMs)])
        }
        return table.render()
    }
}
