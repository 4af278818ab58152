import Foundation
import OrchestratorCore
import OrchestratorStore

/// Runs a workflow's on_success / on_failure / on_exit commands after a run ends.
///
/// Hooks get `ORCHESTRATOR_RUN_ID`, `ORCHESTRATOR_WORKFLOW` and `ORCHESTRATOR_RUN_STATUS`; their
/// output goes to `logs/RUN/_hooks/NAME.log`. A failing hook does not change the run's status.
struct HookRunner {
    let state: StateDirectory

    func run(plan: RunPlan, status: RunState) async {
        let hooks = plan.workflow.hooks
        var commands: [(String, String)] = []
        if status.isSuccessful, let command = hooks.onSuccess { commands.append(("on_success", command)) }
        if !status.isSuccessful, let command = hooks.onFailure { commands.append(("on_failure", command)) }
        if let command = hooks.onExit { commands.append(("on_exit", command)) }
        guard !commands.isEmpty else { return }
        let folder = "\(state.logsRoot)/\(plan.runID.rawValue)/_hooks"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var environment = InheritedEnvironment.current()
        environment["ORCHESTRATOR_RUN_ID"] = plan.runID.rawValue
        environment["ORCHESTRATOR_WORKFLOW"] = plan.workflow.name
        environment["ORCHESTRATOR_RUN_STATUS"] = status.rawValue
        environment["ORCHESTRATOR_LOGICAL_DATE"] = plan.logicalDate
        for (name, command) in commands {
            let rendered = (try? plan.renderEndTemplate(command, environment: environment)) ?? command
            guard let pid = try? ProcessLauncher.spawn(command: rendered, environment: environment, workingDirectory: nil,
                                                       logPath: "\(folder)/\(name).log") else { continue }
            _ = await ProcessLauncher.wait(pid: pid)
        }
    }
}
