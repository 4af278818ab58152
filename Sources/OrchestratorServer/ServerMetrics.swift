import Foundation
import Hummingbird
import Metrics
import OrchestratorEngine
import NIOCore
import Prometheus
import Streaming

/// The Prometheus side of the server: `GET /metrics` renders the registry that the process's
/// swift-metrics backend writes to (bootstrapped once, in `main`), after refreshing the gauges
/// that are read rather than counted (stream lag).
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// When true, `/metrics` needs a token with `metrics:read`.
    public let requiresAuth: Bool

    public init(registry: PrometheusCollectorRegistry, requiresAuth: Bool = false) {
        self.registry = registry
        self.requiresAuth = requiresAuth
    }

    public static let streamLag = "orchestrator_stream_lag_records"
    public static let streamRecords = "orchestrator_stream_records_total"
    public static let httpRequests = "orchestrator_http_requests_total"
    public static let httpDuration = "orchestrator_http_request_duration_seconds"

    /// The swift-metrics backend for a process that serves `/metrics`: Prometheus on `registry`,
    /// with histogram buckets that fit each measurement (task runs take minutes, HTTP answers ms).
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        let seconds: ([Double]) -> [Duration] = { $0.map { .nanoseconds(Int64($0 * 1e9)) } }
        factory.durationHistogramBuckets = [
            "orchestrator_task_duration_seconds": seconds([0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600]),
            "orchestrator_scheduler_fire_delay_seconds": seconds([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60]),
            httpDuration: seconds([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5]),
        ]
        return factory
    }

    /// Counts a POST's records by outcome.
    static func countRecords(stream: String, accepted: Int, refused: Int) {
        if accepted > 0 { Counter(label: streamRecords, dimensions: [("stream", stream), ("outcome", "accepted")]).increment(by: accepted) }
        if refused > 0 { Counter(label: streamRecords, dimensions: [("stream", stream), ("outcome", "refused")]).increment(by: refused) }
    }

    /// `GET /metrics`: the text exposition format, version 0.0.4.
    func render(database: StreamDatabase) throws -> Response {
        let now = StreamDatabase.nowMillis()
        for name in try database.streamNames() {
            guard let stats = try database.stats(stream: name, now: now) else { continue }
            Gauge(label: Self.streamLag, dimensions: [("stream", name)]).record(stats.lagRecords)
        }
        return Self.exposition(registry)
    }

    /// The registry in the text exposition format, version 0.0.4.
    static func exposition(_ registry: PrometheusCollectorRegistry) -> Response {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return JSONResponse.make(bytes: bytes, contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}

/// Counts and times every request by route (its pattern, not the raw path, so ids do not make
/// new series) and status.
struct HTTPMetricsMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(route: context.endpointPath, status: response.status.code, since: started)
            return response
        } catch let error as HTTPResponseError {
            record(route: context.endpointPath, status: error.status.code, since: started)
            throw error
        } catch {
            record(route: context.endpointPath, status: 500, since: started)
            throw error
        }
    }

    func record(route: String?, status: Int, since started: ContinuousClock.Instant) {
        let route = route ?? "unmatched"
        Counter(label: ServerMetrics.httpRequests, dimensions: [("route", route), ("status", String(status))]).increment()
        Metrics.Timer(label: ServerMetrics.httpDuration, dimensions: [("route", route)])
            .recordNanoseconds(RunMetrics.nanoseconds(ContinuousClock.now - started))
    }
}
