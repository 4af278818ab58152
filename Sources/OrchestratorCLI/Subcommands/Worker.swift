import ArgumentParser
import Foundation
import Logging
import OrchestratorCore
import OrchestratorEngine
import OrchestratorScheduler
import OrchestratorStore
import ServiceLifecycle

extension Orchestrator {
    struct Worker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "worker",
            abstract: "Run task attempts from the queue: the worker side of `scheduler` and `run` with a database.",
            discussion: """
                A worker registers in the run database (see `orchestrator status`), then claims ready task attempts \
                from its queues, up to --slots at once, and runs them as `run` would: same task types, logs in its \
                state folder, outputs, timeouts. A task goes to the queue its `queue:` key names (default \
                `default`); a coordinator (`orchestrator scheduler` or `orchestrator run FILE` with --database URL, \
                or --dispatch queue) puts the attempts there and decides retries, downstream tasks and the run's end.

                Each claim is a lease the worker renews every third of --lease. A worker that stops renewing \
                (killed, paused, cut off from the database) loses its claims when the lease ends: the attempts \
                become `interrupted` and run again elsewhere as the tasks' retries allow, and anything the lost \
                worker writes later is refused. Workers on several hosts share one PostgreSQL database \
                (--database URL); on one host they may share a state folder's SQLite file.

                Tasks see ORCHESTRATOR_WORKER, the worker's name.

                SIGTERM or SIGINT: no new claims; running attempts finish and are recorded, the worker \
                unregisters and exits 0.

                Example: orchestrator worker --database postgres://orchestrator@db:5432/orchestrator --queues default,spark --slots 4
                """)

        @OptionGroup var stateOptions: StateOptions

        @Option(help: ArgumentHelp("Queues to take attempts from, comma-separated.", valueName: "names"))
        var queues: String = QueueName.default

        @Option(help: ArgumentHelp("Attempts run at once (default: the number of CPUs).", valueName: "n"))
        var slots: Int?

        @Option(help: ArgumentHelp("The name to register under (default: HOST-PID); unique among the database's workers.", valueName: "name"))
        var name: String?

        @Option(help: ArgumentHelp("How long a claim holds without renewal, at least 1s; renewed every third of it.", valueName: "duration"))
        var lease: String = "30s"

        @Option(name: .customLong("log-format"), help: ArgumentHelp("text or json.", valueName: "format"))
        var logFormat: String = "text"

        func validate() throws {
            _ = try Self.queueList(queues)
            if let slots, slots < 1 { throw ValidationError("--slots must be at least 1, got \(slots)") }
            _ = try Self.leaseDuration(lease)
            if let name { try Self.checkName(name) }
            guard LineLogHandler.Format(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json, got '\(logFormat)'") }
        }

        /// `--queues`: simple names, each once, in the order given.
        static func queueList(_ text: String) throws -> [String] {
            var names: [String] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard QueueName.isValid(name) else {
                    throw ValidationError("--queues '\(text)': queue '\(name)' must match \(QueueName.rule)")
                }
                if !names.contains(name) { names.append(name) }
            }
            return names
        }

        static func leaseDuration(_ text: String) throws -> Duration {
            let parsed = try OptionValue.duration(text, option: "--lease", positive: true)
            guard parsed >= WorkerSettings.minimumLease else {
                throw ValidationError("--lease '\(text)' is too short: at least \(DurationText.format(WorkerSettings.minimumLease)), since claims are renewed every third of it")
            }
            return parsed
        }

        static func checkName(_ name: String) throws {
            guard !name.isEmpty, name.count <= 128, !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 32 }) else {
                throw ValidationError("--name '\(name)' must be 1-128 characters without spaces or control characters")
            }
        }

        func run() async throws {
            let format = LineLogHandler.Format(rawValue: logFormat) ?? .text
            LoggingSystem.bootstrap { label in LineLogHandler(label: label, format: format) }
            let logger = Logger(label: "orchestrator.worker")
            let settings = WorkerSettings(name: name.map(WorkerName.init(rawValue:)) ?? WorkerSettings.defaultName,
                                          queues: try Self.queueList(queues),
                                          slots: slots ?? ProcessInfo.processInfo.activeProcessorCount,
                                          lease: try Self.leaseDuration(lease))
            let stores = try await stateOptions.openStores()
            let worker = TaskWorker(store: stores.runs, registry: .all, state: stateOptions.directory, settings: settings, logger: logger,
                                    logCopies: stores.logCopies)
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(
                services: [.init(service: WorkerService(worker: worker), successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }
}
