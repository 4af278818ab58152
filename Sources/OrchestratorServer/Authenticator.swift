import Foundation
import Streaming

/// Checks a bearer token: a local API token (`orc_...`, looked up by hash) or, when configured, a
/// JWT from an OIDC issuer.
struct Authenticator: Sendable {
    let tokens: TokenCache
    let jwt: JWTVerifier?

    func caller(authorization: String?) async -> Result<Caller, AuthError> {
        guard let authorization, !authorization.isEmpty else { return .failure(.missing) }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .failure(.invalid("the Authorization header must be 'Bearer TOKEN'"))
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        if token.hasPrefix("orc_") { return local(token) }
        if token.split(separator: ".").count == 3 {
            guard let jwt else { return .failure(.invalid("JWTs are not accepted: the server was started without --jwks")) }
            return await jwt.caller(for: token)
        }
        return .failure(.invalid("not an API token or a JWT"))
    }

    func local(_ token: String) -> Result<Caller, AuthError> {
        let info: StreamDatabase.TokenInfo?
        do {
            info = try tokens.lookup(token)
        } catch {
            return .failure(.unavailable("\(error)"))
        }
        guard let info else { return .failure(.invalid("unknown token")) }
        if info.revokedAt != nil { return .failure(.invalid("token '\(info.name)' was revoked")) }
        guard info.isUsable(now: StreamDatabase.nowMillis()) else { return .failure(.invalid("token '\(info.name)' expired")) }
        return .success(Caller(name: info.name, scopes: info.scopes))
    }
}
