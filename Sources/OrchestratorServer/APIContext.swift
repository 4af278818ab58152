import Foundation
import Hummingbird
import Streaming

/// The request context of the API: who is calling and with which scopes.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` once the bearer token checks out.
    public var caller: Caller?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Throws 403 unless the caller's scopes allow `scope`.
    public func require(_ scope: Scope) throws {
        guard let caller else { throw AuthError.missing.apiError }
        guard caller.scopes.allows(scope) else { throw AuthError.insufficientScope(scope).apiError }
    }

    /// The path parameter `name`, percent-decoded (the router gives it as it was sent); 400 when
    /// its percent-encoding is invalid.
    public func pathParameter(_ name: String) throws -> String {
        let raw = parameters.get(name) ?? ""
        guard let text = raw.removingPercentEncoding else {
            throw APIError.badRequest("path parameter '\(name)' is not valid percent-encoding: '\(raw)'")
        }
        return text
    }
}

/// An authenticated caller: a local token's name or a JWT's subject, and its scopes.
public struct Caller: Sendable, Equatable {
    public var name: String
    public var scopes: Set<Scope>
}
