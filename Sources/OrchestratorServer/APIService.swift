import Hummingbird
import Streaming

/// The API's services and the routes they answer.
public struct APIService: Sendable {
    public let database: StreamDatabase
    public let committer: GroupCommitter
    public let limits: APILimits
    /// The runs API and web UI; nil serves the streams API only.
    public let runs: RunsBackend?
    /// `/metrics`; nil leaves it out.
    public let metrics: ServerMetrics?
    let jwt: JWTVerifier?
    let validators = ValidatorPool()
    let tokens: TokenCache

    /// Loads the JWKS document when `jwt` is given; throws naming the file when it is unusable.
    public init(database: StreamDatabase, limits: APILimits = APILimits(), jwt: JWTSettings? = nil,
                runs: RunsBackend? = nil, metrics: ServerMetrics? = nil) async throws {
        self.database = database
        self.committer = GroupCommitter(database: database)
        self.limits = limits
        self.runs = runs
        self.metrics = metrics
        self.jwt = try await jwt?.makeVerifier()
        self.tokens = TokenCache(database: database)
    }

    var authenticator: Authenticator { Authenticator(tokens: tokens, jwt: jwt) }

    public var routes: [APIRoute] {
        let ingest = IngestRoutes(database: database, committer: committer, limits: limits, validators: validators)
        let query = QueryRoutes(database: database)
        let streams = StreamViewRoutes(database: database)
        var routes = [
            APIRoute(method: .get, path: "/healthz", authenticated: false) { _, _ in
                JSONResponse.make(.object([("status", .string("ok"))]))
            },
            APIRoute(method: .post, path: "/api/v1/streams/{stream}/records", authenticated: true, handler: ingest.postRecords),
            APIRoute(method: .get, path: "/api/v1/streams", authenticated: true, handler: streams.list),
            APIRoute(method: .get, path: "/api/v1/streams/{stream}", authenticated: true, handler: ingest.streamStats),
            APIRoute(method: .get, path: "/api/v1/streams/{stream}/rate", authenticated: true, handler: streams.rate),
            APIRoute(method: .get, path: "/api/v1/transactions", authenticated: true, handler: query.transaction),
            APIRoute(method: .get, path: "/api/v1/invoices/{invoice_no}", authenticated: true, handler: query.invoice),
            APIRoute(method: .get, path: "/api/v1/customers/{customer_id}/invoices", authenticated: true, handler: query.customerInvoices),
        ]
        if let runs {
            routes += Self.runRoutes(runs)
        }
        if let metrics {
            let database = database
            let authenticator = authenticator
            routes.append(APIRoute(method: .get, path: "/metrics", authenticated: false) { request, _ in
                if metrics.requiresAuth {
                    switch await authenticator.caller(authorization: request.headers[.authorization]) {
                    case .success(let caller):
                        guard caller.scopes.allows(.metricsRead) else { throw AuthError.insufficientScope(.metricsRead).apiError }
                    case .failure(let error):
                        throw error.apiError
                    }
                }
                return try metrics.render(database: database)
            })
        }
        return routes
    }

    static func runRoutes(_ backend: RunsBackend) -> [APIRoute] {
        let workflows = WorkflowRoutes(backend: backend)
        let runs = RunRoutes(backend: backend)
        let logs = LogRoutes(backend: backend)
        let events = EventRoutes(backend: backend)
        var routes = [
            APIRoute(method: .get, path: "/api/v1/workflows", authenticated: true, handler: workflows.list),
            APIRoute(method: .get, path: "/api/v1/workflows/{name}", authenticated: true, handler: workflows.one),
            APIRoute(method: .get, path: "/api/v1/workflows/{name}/graph", authenticated: true, handler: workflows.graph),
            APIRoute(method: .post, path: "/api/v1/workflows/{name}/runs", authenticated: true, handler: workflows.trigger),
            APIRoute(method: .post, path: "/api/v1/workflows/{name}/pause", authenticated: true, handler: workflows.pause),
            APIRoute(method: .post, path: "/api/v1/workflows/{name}/unpause", authenticated: true, handler: workflows.unpause),
            APIRoute(method: .get, path: "/api/v1/runs", authenticated: true, handler: runs.list),
            APIRoute(method: .get, path: "/api/v1/runs/{id}", authenticated: true, handler: runs.detail),
            APIRoute(method: .post, path: "/api/v1/runs/{id}/retry", authenticated: true, handler: runs.retry),
            APIRoute(method: .post, path: "/api/v1/runs/{id}/cancel", authenticated: true, handler: runs.cancel),
            APIRoute(method: .get, path: "/api/v1/runs/{id}/tasks/{task}/logs", authenticated: true, handler: logs.read),
            APIRoute(method: .get, path: "/api/v1/runs/{id}/tasks/{task}/logs/stream", authenticated: true, handler: logs.stream),
            APIRoute(method: .get, path: "/api/v1/events", authenticated: true, handler: events.events),
            APIRoute(method: .get, path: "/ui/{file}", authenticated: false, documented: false, handler: WebAssets.file),
        ]
        for page in WebAssets.pages {
            routes.append(APIRoute(method: .get, path: page, authenticated: false, documented: false, handler: WebAssets.page))
        }
        return routes
    }

    /// The router: JSON errors everywhere, bearer auth on `/api/v1`, every request counted.
    public func makeRouter() -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        let routes = routes
        router.middlewares.add(HTTPMetricsMiddleware())
        router.middlewares.add(ErrorMiddleware(routes: routes))
        let api = router.group(RouterPath(String(APIRoute.prefix.dropFirst())))
            .add(middleware: AuthMiddleware(authenticator: authenticator))
        for route in routes {
            if route.authenticated {
                api.on(route.routerPath, method: route.method, use: route.handler)
            } else {
                router.on(route.routerPath, method: route.method, use: route.handler)
            }
        }
        return router
    }
}
