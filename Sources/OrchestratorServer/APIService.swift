import Hummingbird
import Streaming

/// The API's services and the routes they answer.
public struct APIService: Sendable {
    public let database: StreamDatabase
    public let committer: GroupCommitter
    public let limits: APILimits
    let jwt: JWTVerifier?
    let validators = ValidatorPool()
    let tokens: TokenCache

    /// Loads the JWKS document when `jwt` is given; throws naming the file when it is unusable.
    public init(database: StreamDatabase, limits: APILimits = APILimits(), jwt: JWTSettings? = nil) async throws {
        self.database = database
        self.committer = GroupCommitter(database: database)
        self.limits = limits
        self.jwt = try await jwt?.makeVerifier()
        self.tokens = TokenCache(database: database)
    }

    public var routes: [APIRoute] {
        let ingest = IngestRoutes(database: database, committer: committer, limits: limits, validators: validators)
        let query = QueryRoutes(database: database)
        return [
            APIRoute(method: .get, path: "/healthz", authenticated: false) { _, _ in
                JSONResponse.make(.object([("status", .string("ok"))]))
            },
            APIRoute(method: .post, path: "/api/v1/streams/{stream}/records", authenticated: true, handler: ingest.postRecords),
            APIRoute(method: .get, path: "/api/v1/streams/{stream}", authenticated: true, handler: ingest.streamStats),
            APIRoute(method: .get, path: "/api/v1/transactions", authenticated: true, handler: query.transaction),
            APIRoute(method: .get, path: "/api/v1/invoices/{invoice_no}", authenticated: true, handler: query.invoice),
            APIRoute(method: .get, path: "/api/v1/customers/{customer_id}/invoices", authenticated: true, handler: query.customerInvoices),
        ]
    }

    /// The router: JSON errors everywhere, bearer auth on `/api/v1`.
    public func makeRouter() -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        let routes = routes
        router.middlewares.add(ErrorMiddleware(routes: routes))
        let api = router.group(RouterPath(String(APIRoute.prefix.dropFirst())))
            .add(middleware: AuthMiddleware(authenticator: Authenticator(tokens: tokens, jwt: jwt)))
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
