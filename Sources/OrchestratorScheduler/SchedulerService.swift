import Foundation
import Logging
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore
import ServiceLifecycle
import UnixSignals

/// The daemon as a service: waits for the scheduler lease, loads and watches the workflow folder
/// (SIGHUP reloads it too), runs the `Scheduler`, and on graceful shutdown (SIGTERM/SIGINT via
/// the `ServiceGroup`) drains it and gives the lease up.
public struct SchedulerService: Service {
    public let scheduler: Scheduler
    let lease: SchedulerLeaseKeeper
    let folder: WorkflowFolder
    let logger: Logger
    let onStandby: @Sendable (SchedulerLease) -> Void

    public init(scheduler: Scheduler, lease: SchedulerLeaseKeeper, folder: WorkflowFolder, logger: Logger,
                onStandby: @escaping @Sendable (SchedulerLease) -> Void) {
        self.scheduler = scheduler
        self.lease = lease
        self.folder = folder
        self.logger = logger
        self.onStandby = onStandby
    }

    enum ChildEnd {
        case scheduler, leaseLost, watcher
    }

    public func run() async throws {
        let acquired: SchedulerLease
        do {
            acquired = try await cancelWhenGracefulShutdown { [lease, onStandby] in try await lease.acquire(onStandby: onStandby) }
        } catch is CancellationError {
            logger.info("stopped while standing by")
            return
        }
        logger.info("scheduler lease acquired", metadata: ["pid": "\(acquired.owner.pid)", "host": "\(acquired.owner.host)"])
        await scheduler.fence(with: acquired.token)
        let scheduler = self.scheduler
        await withGracefulShutdownHandler {
            await withTaskGroup(of: ChildEnd.self) { group in
                group.addTask { await scheduler.run(); return .scheduler }
                group.addTask { [lease] in await lease.keep(); return .leaseLost }
                group.addTask { [folder, logger] in await Self.watch(folder, scheduler: scheduler, logger: logger); return .watcher }
                while let end = await group.next() {
                    switch end {
                    case .scheduler:
                        group.cancelAll()
                    case .leaseLost:
                        if !Task.isCancelled { scheduler.beginShutdown(immediately: true) }
                    case .watcher:
                        break
                    }
                }
            }
        } onGracefulShutdown: {
            scheduler.beginShutdown()
        }
        await lease.release()
        logger.info("scheduler lease released")
    }

    /// Loads the folder, then reloads it when a file changes or on SIGHUP, until cancelled.
    static func watch(_ initial: WorkflowFolder, scheduler: Scheduler, logger: Logger) async {
        var folder = initial
        let changed = Wakeup()
        let watcher: FolderWatcher?
        do {
            watcher = try FolderWatcher(path: folder.path) { changed.signal() }
        } catch {
            logger.error("cannot watch the workflow folder; reload with SIGHUP", metadata: ["error": "\(error)"])
            watcher = nil
        }
        defer { watcher?.cancel() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in await UnixSignalsSequence(trapping: .sighup) {
                    logger.info("reload requested (SIGHUP)")
                    changed.signal()
                }
            }
            await reload(&folder, scheduler: scheduler, logger: logger)
            while !Task.isCancelled {
                await changed.wait()
                if Task.isCancelled { break }
                // Editors write a file in several steps; let the burst settle.
                try? await Task.sleep(for: .milliseconds(50))
                await reload(&folder, scheduler: scheduler, logger: logger)
            }
            group.cancelAll()
        }
    }

    static func reload(_ folder: inout WorkflowFolder, scheduler: Scheduler, logger: Logger) async {
        for change in folder.reload() {
            switch change {
            case .loaded(let loaded):
                logger.info("workflow loaded", metadata: ["workflow": "\(loaded.name)", "file": "\(loaded.file)",
                                                          "schedule": "\(loaded.workflow.schedule.map { "\($0.schedule)" } ?? "none")"])
            case .updated(let loaded):
                logger.info("workflow reloaded", metadata: ["workflow": "\(loaded.name)", "file": "\(loaded.file)",
                                                            "schedule": "\(loaded.workflow.schedule.map { "\($0.schedule)" } ?? "none")"])
            case .removed(let file, let workflow):
                logger.info("workflow removed", metadata: ["workflow": "\(workflow)", "file": "\(file)"])
            case .invalid(let file, let problems, let kept):
                logger.error("workflow file invalid; keeping the last valid version",
                             metadata: ["file": "\(file)", "problems": "\(problems)", "kept": "\(kept?.name ?? "none")"])
            }
        }
        await scheduler.setWorkflows(folder.workflows)
    }
}
