import Foundation
import Synchronization

/// One child process as a task attempt: started in its own process group with output to the
/// attempt log, waited for, and stopped when the attempt is cancelled (timeout, `orchestrator
/// cancel`, Ctrl-C): SIGTERM to the whole group, then SIGKILL after `killGrace`.
public enum ProcessAttempt {
    /// Runs `arguments` (argv, `arguments[0]` an absolute path) and returns how it ended; throws
    /// `CancellationError` when the attempt was cancelled.
    public static func run(arguments: [String], context: TaskContext, killGrace: Duration) async throws -> ProcessLauncher.Exit {
        let pid = try ProcessLauncher.spawn(arguments: arguments, environment: context.environment,
                                            workingDirectory: context.workingDirectory, logPath: context.logPath)
        // Once the child is reaped its pid may be reused: never signal the group after that.
        let exited = Mutex(false)
        let exit = await withTaskCancellationHandler {
            let status = await ProcessLauncher.wait(pid: pid)
            exited.withLock { $0 = true }
            return status
        } onCancel: {
            exited.withLock { done in if !done { ProcessLauncher.signalGroup(pid, SIGTERM) } }
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: Double(killGrace.milliseconds) / 1000)
                exited.withLock { done in if !done { ProcessLauncher.signalGroup(pid, SIGKILL) } }
            }
        }
        try Task.checkCancellation()
        return exit
    }

    /// Throws the attempt's failure unless the process exited 0.
    public static func requireSuccess(_ exit: ProcessLauncher.Exit) throws {
        guard exit.code == 0 else {
            if let signal = exit.signal { throw TaskFailure("killed by signal \(signal)", exitCode: nil) }
            throw TaskFailure("exit code \(exit.code ?? -1)", exitCode: exit.code)
        }
    }
}
