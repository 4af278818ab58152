import Foundation
import Synchronization
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
        let pid = try ProcessLauncher.spawn(command: command, environment: context.environment,
                                            workingDirectory: context.workingDirectory, logPath: context.logPath)
        let grace = killGrace
        // Once the child is reaped its pid may be reused: never signal the group after that.
        let exited = Mutex(false)
        let exit = await withTaskCancellationHandler {
            let status = await ProcessLauncher.wait(pid: pid)
            exited.withLock { $0 = true }
            return status
        } onCancel: {
            exited.withLock { done in if !done { ProcessLauncher.signalGroup(pid, SIGTERM) } }
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: Double(grace.milliseconds) / 1000)
                exited.withLock { done in if !done { ProcessLauncher.signalGroup(pid, SIGKILL) } }
            }
        }
        try Task.checkCancellation()
        guard exit.code == 0 else {
            if let signal = exit.signal {
                throw TaskFailure("killed by signal \(signal)", exitCode: nil)
            }
            throw TaskFailure("exit code \(exit.code ?? -1)", exitCode: exit.code)
        }
        return TaskResult(outputs: OutputFile.read(context.outputPath), exitCode: 0)
    }
}
