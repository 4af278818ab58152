import Hummingbird

/// Authenticates every request it wraps; 401 with `WWW-Authenticate` when the token is missing or bad.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        switch await authenticator.caller(authorization: request.headers[.authorization]) {
        case .success(let caller):
            var context = context
            context.caller = caller
            return try await next(request, context)
        case .failure(let error):
            throw error.apiError
        }
    }
}
