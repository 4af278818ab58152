import Hummingbird
import Logging

/// Gives every failure the API's JSON error shape, including Hummingbird's own (unknown route,
/// body too large) and unexpected errors (500, logged, details not leaked).
///
/// A path the API has, asked with a method it does not answer, gets 405 with `Allow`.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = APIContext
    /// Every route, to tell an unknown path (404) from an unknown method (405).
    let routes: [APIRoute]

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            switch error.status {
            case .contentTooLarge:
                throw APIError(.contentTooLarge, "payload_too_large", "the request body is larger than the server's limit")
            case .notFound:
                let path = Substring(request.uri.path)
                let allowed = routes.filter { $0.matches(path: path) }.map(\.method.rawValue)
                guard allowed.isEmpty else {
                    var headers = HTTPFields()
                    headers[.allow] = allowed.joined(separator: ", ")
                    throw APIError(.methodNotAllowed, "method_not_allowed",
                                   "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(allowed.joined(separator: " or "))",
                                   headers: headers)
                }
                throw APIError.notFound("no route \(request.method.rawValue) \(request.uri.path)")
            case .methodNotAllowed:
                throw APIError(.methodNotAllowed, "method_not_allowed", "\(request.method.rawValue) is not allowed on \(request.uri.path)")
            default:
                throw APIError(error.status, error.status.code < 500 ? "bad_request" : "internal", error.body ?? error.status.reasonPhrase)
            }
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            // NIO's "too many bytes" from collecting a body past its limit, wherever that happens.
            throw APIError(.contentTooLarge, "payload_too_large", "the request body is larger than the server's limit")
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw APIError(.internalServerError, "internal", "internal error; see the server log")
        }
    }
}
