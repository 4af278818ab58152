import Hummingbird
import Streaming

/// Why a request was not authorized, answered as 401 or 403 with `WWW-Authenticate`.
enum AuthError: Error, Equatable {
    case missing
    case invalid(String)
    case insufficientScope(Scope)
    /// The token store could not be read; the token may well be good.
    case unavailable(String)

    var apiError: APIError {
        var headers = HTTPFields()
        switch self {
        case .missing:
            headers[.wwwAuthenticate] = #"Bearer realm="orchestrator""#
            return APIError(.unauthorized, "unauthorized", "this endpoint needs 'Authorization: Bearer TOKEN'", headers: headers)
        case .invalid(let reason):
            headers[.wwwAuthenticate] = #"Bearer realm="orchestrator", error="invalid_token""#
            return APIError(.unauthorized, "unauthorized", "invalid token: \(reason)", headers: headers)
        case .unavailable(let reason):
            return APIError(.serviceUnavailable, "unavailable", "cannot check tokens right now; try again (\(reason))")
        case .insufficientScope(let scope):
            headers[.wwwAuthenticate] = #"Bearer realm="orchestrator", error="insufficient_scope", scope=""# + scope.rawValue + "\""
            return APIError(.forbidden, "insufficient_scope", "this endpoint needs the '\(scope.rawValue)' scope", headers: headers)
        }
    }
}
