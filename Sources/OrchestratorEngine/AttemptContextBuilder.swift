import Foundation
import OrchestratorCore
import OrchestratorStore

/// Renders a task's templates for one attempt. The run's log folder is made by the first file
/// written into it (`LogFile.openAppending`), so a run whose tasks write nothing costs no directory.
struct AttemptContextBuilder: Sendable {
    let plan: RunPlan
    let state: StateDirectory
    let artifacts: RunArtifacts
    /// The process environment, read once per run.
    let environment: [String: String]
    let observer: @Sendable (ExecutionEvent) -> Void

    func context(for spec: TaskSpec, attempt: Int, logPath: String, outputs: [String: [String: String]]) throws -> TaskContext {
        let outputPath = StateDirectory.outputPath(logPath: logPath)
        let processEnvironment = environment
        let resolve: (TemplateReference) -> String? = { reference in
            switch reference {
            case .param(let name): plan.params[name]
            case .env(let name): processEnvironment[name]
            case .run(.id): plan.runID.rawValue
            case .run(.logicalDate): plan.logicalDate
            case .run(.intervalStart): plan.interval?.start ?? plan.logicalDate
            case .run(.intervalEnd): plan.interval?.end ?? plan.logicalDate
            case .task(.id): spec.id
            case .task(.attempt): String(attempt)
            case .output(let task, let key): outputs[task]?[key]
            }
        }
        do {
            let config = try spec.config.map { entry in
                ConfigEntry(key: entry.key, keyLocation: entry.keyLocation, value: try entry.value.mapScalars { try Template.render($0, resolve: resolve) })
            }
            var environment = processEnvironment
            for (name, value) in spec.env { environment[name] = try Template.render(value, resolve: resolve) }
            environment["ORCHESTRATOR_RUN_ID"] = plan.runID.rawValue
            environment["ORCHESTRATOR_WORKFLOW"] = plan.workflow.name
            environment["ORCHESTRATOR_TASK_ID"] = spec.id
            environment["ORCHESTRATOR_ATTEMPT"] = String(attempt)
            environment["ORCHESTRATOR_LOGICAL_DATE"] = plan.logicalDate
            environment["ORCHESTRATOR_INTERVAL_START"] = plan.interval?.start ?? plan.logicalDate
            environment["ORCHESTRATOR_INTERVAL_END"] = plan.interval?.end ?? plan.logicalDate
            environment["ORCHESTRATOR_OUTPUT"] = outputPath
            environment["ORCHESTRATOR_STATE"] = state.root
            let workingDirectory = try spec.workingDir.map { try Template.render($0, resolve: resolve) }
            let log = TaskLog(path: logPath)
            let observer = observer
            let taskID = spec.id
            return TaskContext(runID: plan.runID, workflow: plan.workflow.name, task: spec, attempt: attempt,
                               logicalDate: plan.logicalDate, params: plan.params, config: config, environment: environment,
                               workingDirectory: workingDirectory, logPath: logPath, outputPath: outputPath,
                               log: log, artifacts: artifacts, notice: { message in
                                   log.write(message)
                                   observer(.taskNotice(task: taskID, message: message))
                               }, stateRoot: state.root)
        } catch let error as TemplateError {
            throw TaskFailure("\(error)")
        }
    }
}
