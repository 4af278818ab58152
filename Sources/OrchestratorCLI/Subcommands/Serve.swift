import ArgumentParser
import Foundation
import Logging
import Metrics
import OrchestratorCore
import OrchestratorEngine
import OrchestratorScheduler
import OrchestratorServer
import OrchestratorStore
import Prometheus
import ServiceLifecycle
import Streaming

extension Orchestrator {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve",
            abstract: "Run the HTTP API and the web UI: ingest and query transactions, see and steer runs, expose metrics.",
            discussion: """
                Endpoints (all under /api/v1 need 'Authorization: Bearer TOKEN'; see docs/openapi.yaml):
                  POST /api/v1/streams/{stream}/records   JSON object, array or NDJSON   scope records:write
                  GET  /api/v1/streams/{stream}           last seq, checkpoint, lag       scope admin
                  GET  /api/v1/transactions?invoice_no=&stock_code=                       scope transactions:read
                  GET  /api/v1/invoices/{invoice_no}                                      scope transactions:read
                  GET  /api/v1/customers/{customer_id}/invoices?limit=&cursor=            scope transactions:read
                  GET  /api/v1/workflows, /api/v1/runs, /api/v1/runs/{id}, .../logs, /api/v1/events   scope runs:read
                  POST /api/v1/workflows/{name}/runs, /api/v1/runs/{id}/retry, .../cancel, .../pause  scope runs:write
                  GET  /metrics        Prometheus text format (open; with --metrics-auth, scope metrics:read)
                  GET  /healthz                                                           no auth
                The web UI is at http://HOST:PORT/ : paste a token with runs:read (and runs:write to act).
                Triggering and retrying runs from the API or the UI need --with-scheduler (409 otherwise).
                A POST is answered once its accepted records are on disk. Make tokens with 'orchestrator token create'.
                JWTs from an OIDC issuer (e.g. a Cognito user pool) are accepted with --jwks, --issuer and --audience.

                With --with-scheduler the same process runs the scheduler on --workflows, so one command runs the
                whole streaming system (workflows/streaming.yaml turns the stream into micro-batches every 2 s).
                SIGTERM or SIGINT: stop accepting, finish requests, drain the scheduler, exit 0.

                Example: orchestrator serve --port 8080 --state state --with-scheduler
                """)

        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var workflowsOptions: WorkflowsOptions
        @Flag(name: .customLong("with-scheduler"), help: "Also run the scheduler on --workflows in this process.") var withScheduler = false
        @Option(help: ArgumentHelp("JWKS document (JSON file) whose keys sign accepted JWTs.", valueName: "file")) var jwks: String?
        @Option(help: ArgumentHelp("Required 'iss' of JWTs.", valueName: "url")) var issuer: String?
        @Option(help: ArgumentHelp("Required audience of JWTs ('aud', or Cognito's 'client_id').", valueName: "id")) var audience: String?
        @Option(name: .customLong("resource-server"), help: ArgumentHelp("JWT scopes may be prefixed by this identifier and a slash.", valueName: "id"))
        var resourceServer = "orchestrator"
        @Option(name: .customLong("max-body-bytes"), help: "Largest request body; larger ones get 413.") var maxBodyBytes = 8 << 20
        @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Close connections with no traffic for this long (also a client that stalls mid-request).", valueName: "duration"))
        var idleTimeout = "30s"
        @Option(help: ArgumentHelp("With --with-scheduler: how long running tasks may finish at shutdown.", valueName: "duration"))
        var grace = "30s"
        @Option(name: .customLong("log-format"), help: ArgumentHelp("text or json.", valueName: "format")) var logFormat = "text"
        @Flag(name: .customLong("metrics-auth"), help: "Require a token with scope metrics:read for GET /metrics (open by default).")
        var metricsAuth = false

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0-65535, got \(port)") }
            guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be > 0") }
            _ = try OptionValue.duration(idleTimeout, option: "--idle-timeout", positive: true)
            _ = try OptionValue.duration(grace, option: "--grace")
            guard LineLogHandler.Format(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json, got '\(logFormat)'") }
            let jwtOptions = [jwks, issuer, audience].compactMap { $0 }
            if !jwtOptions.isEmpty, jwtOptions.count != 3 {
                throw ValidationError("JWT checking needs all of --jwks, --issuer and --audience")
            }
        }

        func run() async throws {
            let format = LineLogHandler.Format(rawValue: logFormat) ?? .text
            LoggingSystem.bootstrap { label in
                var handler = LineLogHandler(label: label, format: format)
                handler.logLevel = .info
                return handler
            }
            let logger = Logger(label: "orchestrator.serve")
            let database = try await userInput { try StreamDatabase(stateRoot: stateOptions.directory.root) }
            let jwt = jwks.map { JWTSettings(jwksPath: $0, issuer: issuer ?? "", audience: audience ?? "", resourceServer: resourceServer) }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(ServerMetrics.factory(registry: registry))
            let stores = try await stateOptions.openStores()
            let store = stores.runs
            var scheduler: SchedulerService?
            if withScheduler {
                scheduler = try await SchedulerCommand.makeService(workflows: workflowsOptions, state: stateOptions, grace: grace,
                                                                   logger: Logger(label: "orchestrator.scheduler"), stores: stores)
            }
            let catalog = WorkflowCatalog(folder: WorkflowFolder(path: workflowsOptions.workflows, registry: .all))
            let runs = RunsBackend(store: store, logs: stores.logs, registry: .all, state: stateOptions.directory, catalog: catalog,
                                   scheduler: scheduler?.scheduler)
            let api: APIService
            do {
                api = try await APIService(database: database, limits: APILimits(maxBodyBytes: maxBodyBytes), jwt: jwt, runs: runs,
                                           metrics: ServerMetrics(registry: registry, requiresAuth: metricsAuth))
            } catch let error as APIConfigurationError {
                throw CLIError("error: \(error)")
            }
            let host = host
            let application = api.makeApplication(APIServerConfiguration(host: host, port: port, idleTimeout: DurationText.parse(idleTimeout)!),
                                                  logger: logger) { bound in
                Console.progress("listening on http://\(host):\(bound) (state \(stateOptions.directory.root))")
            }
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: application, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
            ]
            if let scheduler {
                services.append(.init(service: scheduler, successTerminationBehavior: .gracefullyShutdownGroup))
            }
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                                                                              logger: logger))
            try await group.run()
        }
    }
}
