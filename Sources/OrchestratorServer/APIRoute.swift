import Hummingbird
import Streaming

/// Every route of the API, as data: the router is built from this list, and a test checks it
/// against `docs/openapi.yaml`.
public struct APIRoute: Sendable {
    public var method: HTTPRequest.Method
    /// The OpenAPI form of the path, e.g. `/api/v1/invoices/{invoice_no}`.
    public var path: String
    public var authenticated: Bool
    /// False for the web UI's pages and files, which are not API operations in `docs/openapi.yaml`.
    public var documented: Bool = true
    let handler: @Sendable (Request, APIContext) async throws -> Response

    /// The Hummingbird form of the path: `{name}` becomes `:name`, relative to `/api/v1` when authenticated.
    var routerPath: RouterPath {
        var text = path
        if authenticated { text.removeFirst(APIRoute.prefix.count) }
        let parts = text.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }
        return RouterPath(parts.joined(separator: "/"))
    }

    /// Whether a request path names this route's resource, whatever the method: `{name}` matches one
    /// non-empty segment.
    func matches(path requestPath: Substring) -> Bool {
        let pattern = path.split(separator: "/", omittingEmptySubsequences: false)
        let parts = requestPath.split(separator: "/", omittingEmptySubsequences: false)
        guard pattern.count == parts.count else { return false }
        return zip(pattern, parts).allSatisfy { expected, part in
            expected.hasPrefix("{") && expected.hasSuffix("}") ? !part.isEmpty : expected == part
        }
    }

    static let prefix = "/api/v1"
}
