import ArgumentParser
import Foundation
import Logging
import Metrics
import OrchestratorCore
import OrchestratorEngine
import OrchestratorScheduler
import OrchestratorServer
import Prometheus
import OrchestratorStore
import ServiceLifecycle
import StoreBackends

extension Orchestrator {
    struct SchedulerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scheduler",
            abstract: "Run the scheduler daemon: start the runs of scheduled workflows on time.",
            discussion: """
                Loads every workflow file of the folder and watches it: a changed file is reloaded, an invalid one
                is reported and its last valid version keeps its schedule, a deleted one stops being scheduled.
                SIGHUP reloads the folder. One scheduler per state database is active; another one started on
                the same state stands by and takes over within 15 s when the active one dies.

                SIGTERM or SIGINT: no new runs start, running tasks may finish for --grace, then they are
                killed and their runs left interrupted; the next start resumes them. Exit 0.

                With a PostgreSQL database (--database URL) the scheduler decides and enqueues; workers
                ('orchestrator worker', on any host) run the tasks (--local runs them in the scheduler). Any
                number of schedulers may run: one is active, and when it dies the one that takes over adopts
                its runs and follows their attempts where they are; a shutdown leaves them to the next one.

                Examples:
                  orchestrator scheduler --workflows workflows --state /var/lib/orchestrator --log-format json
                  orchestrator scheduler --workflows /etc/orchestrator/workflows --database postgres://db/orchestrator
                """)

        @OptionGroup var workflowsOptions: WorkflowsOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var dispatchOptions: DispatchOptions

        @Option(help: ArgumentHelp("How long running tasks may finish at shutdown before they are killed.", valueName: "duration"))
        var grace: String = "30s"

        @Option(name: .customLong("log-format"), help: ArgumentHelp("text or json.", valueName: "format"))
        var logFormat: String = "text"

        @Option(name: .customLong("metrics-port"), help: ArgumentHelp("Serve Prometheus metrics at http://127.0.0.1:PORT/metrics (0 picks a free port).", valueName: "port"))
        var metricsPort: Int?

        @Option(name: .customLong("metrics-host"), help: ArgumentHelp("Address the metrics port listens on.", valueName: "host"))
        var metricsHost = "127.0.0.1"

        func validate() throws {
            if let metricsPort, !(0...65_535).contains(metricsPort) { throw ValidationError("--metrics-port must be 0-65535, got \(metricsPort)") }
            _ = try OptionValue.duration(grace, option: "--grace")
            guard LineLogHandler.Format(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json, got '\(logFormat)'") }
        }

        func run() async throws {
            let format = LineLogHandler.Format(rawValue: logFormat) ?? .text
            LoggingSystem.bootstrap { label in LineLogHandler(label: label, format: format) }
            let logger = Logger(label: "orchestrator.scheduler")
            let service = try await Self.makeService(workflows: workflowsOptions, state: stateOptions, grace: grace, logger: logger,
                                                     queue: try await dispatchOptions.resolved(stateOptions) == .queue)
            var services = [ServiceGroupConfiguration.ServiceConfiguration(service: service, successTerminationBehavior: .gracefullyShutdownGroup)]
            if let metricsPort {
                let registry = PrometheusCollectorRegistry()
                MetricsSystem.bootstrap(ServerMetrics.factory(registry: registry))
                let host = metricsHost
                services.append(.init(service: MetricsServer.makeApplication(registry: registry, host: host, port: metricsPort, logger: logger) { bound in
                    Console.progress("metrics on http://\(host):\(bound)/metrics")
                }))
            }
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }

        /// The scheduler as a service (also run by `serve --with-scheduler`).
        static func makeService(workflows: WorkflowsOptions, state: StateOptions, grace: String, logger: Logger,
                                queue: Bool = false, stores given: StateStores? = nil) async throws -> SchedulerService {
            let registry = TaskRegistry.all
            let folder = try workflows.folder(registry: registry)
            let stores = if let given { given } else { try await state.openStores() }
            let store = stores.runs
            let scheduler = Scheduler(store: store, registry: registry, state: state.directory, clock: SystemSchedulerClock(),
                                      grace: DurationText.parse(grace) ?? .seconds(30), logger: logger, logCopies: stores.logCopies,
                                      dispatch: queue ? .queue(store) : .local)
            let lease = SchedulerLeaseKeeper(store: store, logger: logger)
            return SchedulerService(scheduler: scheduler, lease: lease, folder: folder, logger: logger) { holder in
                logger.info("standing by: the scheduler lease is held by another scheduler",
                            metadata: ["pid": "\(holder.owner.pid)", "host": "\(holder.owner.host)",
                                       "since": "\(Timestamps.iso8601(holder.acquiredAt))",
                                       "heartbeat": "\(Timestamps.iso8601(holder.heartbeatAt))"])
            }
        }
    }
}
