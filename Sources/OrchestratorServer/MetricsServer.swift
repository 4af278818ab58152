import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// `GET /metrics` alone on its own port, for a scheduler that serves no API
/// (`orchestrator scheduler --metrics-port N`).
public enum MetricsServer {
    public static func makeApplication(registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger,
                                       onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in ServerMetrics.exposition(registry) }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "orchestrator"),
                           onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }, logger: logger)
    }
}
