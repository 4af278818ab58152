import OrchestratorCore

/// Runs `/bin/sh -c RUN` in its own process group; stdout and stderr go to the attempt log.
///
/// On cancellation (timeout, `orchestrator cancel`, Ctrl-C) the whole group gets SIGTERM, then
/// SIGKILL after `killGrace`.
public struct ShellTask: TaskType {
    public let killGrace: Duration

    public init(killGrace: Duration = .seconds(3)) { self.killGrace = killGrace }

    public var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "shell", summary: "runs a command with /bin/sh -c", keys: [
            .init("run", required: true, summary: "the command line; templates are filled in first"),
        ])
    }

    public func execute(_ context: TaskContext) async throws -> TaskResult {
        let command = try context.requiredString("run")
        let exit = try await ProcessAttempt.run(arguments: ["/bin/sh", "-c", command], context: context, killGrace: killGrace)
        try ProcessAttempt.requireSuccess(exit)
        return TaskResult(outputs: OutputFile.read(context.outputPath), exitCode: 0)
    }
}
