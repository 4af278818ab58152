import Foundation
import JWTKit
import Streaming

/// How JWTs from an OIDC issuer (an Amazon Cognito user pool, say) are checked: signature against
/// the keys of a JWKS document, `iss`, `exp`/`nbf`, and the audience (`aud`, or Cognito access
/// tokens' `client_id`). The `scope` claim (space-separated) gives the scopes: a scope counts when
/// it is a scope name, or the resource server's identifier, a slash and a scope name
/// (`orchestrator/records:write`; Cognito's custom scopes look like that). Other prefixes do not count.
public struct JWTSettings: Sendable {
    public var jwksPath: String
    public var issuer: String
    public var audience: String
    /// The resource server identifier that may prefix scope names.
    public var resourceServer: String

    public init(jwksPath: String, issuer: String, audience: String, resourceServer: String = "orchestrator") {
        self.jwksPath = jwksPath
        self.issuer = issuer
        self.audience = audience
        self.resourceServer = resourceServer
    }

    /// Loads the JWKS document; throws naming the file when it cannot be read or used.
    func makeVerifier() async throws -> JWTVerifier {
        let json: String
        do {
            json = try String(contentsOfFile: jwksPath, encoding: .utf8)
        } catch {
            throw APIConfigurationError("cannot read the JWKS file \(jwksPath): \(error.localizedDescription)")
        }
        let keys = JWTKeyCollection()
        do {
            let jwks = try JSONDecoder().decode(JWKS.self, from: Data(json.utf8))
            guard !jwks.keys.isEmpty else { throw APIConfigurationError("its \"keys\" list is empty") }
            try await keys.add(jwks: jwks)
        } catch {
            throw APIConfigurationError("the JWKS file \(jwksPath) holds no usable keys: \(error)")
        }
        return JWTVerifier(keys: keys, settings: self)
    }
}

/// A configuration problem found when the server starts.
public struct APIConfigurationError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The claims read from a JWT.
struct OIDCClaims: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim?
    var aud: AudienceClaim?
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim?
    var scope: String?
    var clientID: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, scope
        case clientID = "client_id"
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf?.verifyNotBefore()
    }
}

/// Verifies JWTs against the loaded keys and settings.
struct JWTVerifier: Sendable {
    let keys: JWTKeyCollection
    let settings: JWTSettings

    func caller(for token: String) async -> Result<Caller, AuthError> {
        let claims: OIDCClaims
        do {
            claims = try await keys.verify(token, as: OIDCClaims.self)
        } catch {
            return .failure(.invalid("JWT rejected: \(error)"))
        }
        guard claims.iss.value == settings.issuer else {
            return .failure(.invalid("JWT issuer '\(claims.iss.value)' is not '\(settings.issuer)'"))
        }
        let audiences = (claims.aud?.value ?? []) + (claims.clientID.map { [$0] } ?? [])
        guard audiences.contains(settings.audience) else {
            return .failure(.invalid("JWT audience \(audiences) does not include '\(settings.audience)'"))
        }
        let prefix = settings.resourceServer + "/"
        let names = (claims.scope ?? "").split(separator: " ").map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : String($0) }
        return .success(Caller(name: claims.sub?.value ?? "jwt", scopes: Set(names.compactMap(Scope.init(rawValue:)))))
    }
}
