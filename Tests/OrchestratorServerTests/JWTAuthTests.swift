import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import OrchestratorServer
import Streaming
import Testing

/// JWTs from an OIDC issuer, checked against a JWKS file.
@Suite struct JWTAuthTests {
    static let issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST"
    static let audience = "orchestrator-client"
    static let readWrite = "orchestrator/records:write transactions:read"

    /// The claims a Cognito-like issuer puts in a token.
    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var sub: SubjectClaim
        var aud: AudienceClaim?
        var clientID: String?
        var exp: ExpirationClaim
        var nbf: NotBeforeClaim?
        var scope: String?

        enum CodingKeys: String, CodingKey {
            case iss, sub, aud, exp, nbf, scope
            case clientID = "client_id"
        }

        /// Signing must not check anything: the tests sign expired tokens on purpose.
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// An issuer's key pair: the private key signs, the public one is published in a JWKS file.
    struct Issuer {
        let key = ES256PrivateKey()
        let kid: String

        init(kid: String = "k1") { self.kid = kid }

        var jwks: String {
            let parameters = key.publicKey.parameters!
            return #"{"keys":[{"kty":"EC","crv":"P-256","x":"\#(parameters.x)","y":"\#(parameters.y)","kid":"\#(kid)","alg":"ES256","use":"sig"}]}"#
        }

        func sign(_ claims: Claims) async throws -> String {
            let keys = JWTKeyCollection()
            await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
            return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
        }
    }

    static func claims(iss: String = issuer, aud: String? = audience, clientID: String? = nil, expiresIn: TimeInterval = 600,
                       notBefore: Date? = nil, scope: String? = readWrite) -> Claims {
        Claims(iss: IssuerClaim(value: iss), sub: "user-42", aud: aud.map { AudienceClaim(value: [$0]) }, clientID: clientID,
               exp: ExpirationClaim(value: Date().addingTimeInterval(expiresIn)), nbf: notBefore.map { NotBeforeClaim(value: $0) },
               scope: scope)
    }

    /// A fixture whose server trusts `issuer`'s JWKS, with one record served.
    func makeFixture(trusting issuer: Issuer) async throws -> APIFixture {
        let jwksPath = NSTemporaryDirectory() + "jwks-\(UUID().uuidString).json"
        try issuer.jwks.write(toFile: jwksPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: jwksPath) }
        let fixture = try await APIFixture(jwt: JWTSettings(jwksPath: jwksPath, issuer: Self.issuer, audience: Self.audience))
        try fixture.serve([Records.record()])
        return fixture
    }

    static let transactionURI = "/api/v1/transactions?invoice_no=536365&stock_code=85123A"

    func get(_ fixture: APIFixture, _ uri: String = Self.transactionURI, token: String) async throws -> TestResponse {
        try await fixture.withClient { client in try await client.send(.get, uri, token: token) }
    }

    @Test func aValidJWTReadsTransactionsAndWrites() async throws {
        let issuer = Issuer()
        let fixture = try await makeFixture(trusting: issuer)
        let token = try await issuer.sign(Self.claims())
        let (read, write) = try await fixture.withClient { client in
            (try await client.send(.get, Self.transactionURI, token: token),
             try await client.send(.post, "/api/v1/streams/transactions/records", token: token, body: Records.record()))
        }
        #expect(read.status == .ok, "\(read.text)")
        let json = try read.json()
        #expect(json["unit_price"]?.string == "2.550")
        #expect(json["customer_id"]?.string == "17850")
        #expect(write.status == .ok, "\(write.text)")
        #expect(try write.json()["first_seq"]?.int == 2)
    }

    @Test func aCognitoAccessTokenWithClientIDInsteadOfAudienceWorks() async throws {
        let issuer = Issuer()
        let fixture = try await makeFixture(trusting: issuer)
        let token = try await issuer.sign(Self.claims(aud: nil, clientID: Self.audience, scope: "orchestrator/transactions:read"))
        let response = try await get(fixture, token: token)
        #expect(response.status == .ok, "\(response.text)")
    }

    @Test func wrongIssuerIs401() async throws {
        let issuer = Issuer()
        let fixture = try await makeFixture(trusting: issuer)
        let response = try await get(fixture, token: try await issuer.sign(Self.claims(iss: "https://evil.example")))
        let message = try response.expectError(.unauthorized, "unauthorized")
        #expect(message == "invalid token: JWT issuer 'https://evil.example' is not '\(Self.issuer)'")
        #expect(response.headers[.wwwAuthenticate] == AuthTests.invalid)
    }

    @Test(arguments: [("someone-else", nil), (nil, "someone-else"), (nil, nil)] as [(String?, String?)])
    func wrongAudienceIs401(aud: String?, clientID: String?) async throws {
        let issuer = Issuer()
        let fixture = try await makeFixture(trusting: issuer)
        let response = try await get(fixture, token: try await issuer.sign(Self.claims(aud: aud, clientID: clientID)))
        let message = try response.expectError(.unauthorized, "unauthorized")
        #expect(message.hasPrefix("invalid token: JWT audience "), "\(message)")
        #expect(message.hasSuffix("does not include '\(Self.audience)'"), "\(message)")
        #expect(response.headers[.wwwAuthenticate] == AuthTests.invalid)
    }

    @Test func expiredOrNotYetValidIs401() async throws {
        let issuer = Issuer()
        let fixture = try await makeFixture(trusting: issuer)
        let expired = try await issuer.sign(Self.claims(expiresIn: -120))
        let early = try await issuer.sign(Self.claims(notBefore: Date().addingTimeInterval(3600)))
        for token in [expired, early] {
            let response = try await get(fixture, token: token)
            let message = try response.expectError(.unauthorized, "unauthorized")
            #expect(message.hasPrefix("invalid token: JWT rejected: "), "\(message)")
            #expect(response.headers[.wwwAuthenticate] == AuthTests.invalid)
        }
    }

    @Test func scopesComeFromTheScopeClaim() async throws {
        let issuer = Issuer()
        let fixture = try await makeFixture(trusting: issuer)
        let readWrite = try await issuer.sign(Self.claims())
        let admin = try await issuer.sign(Self.claims(scope: "openid orchestrator/admin"))
        let none = try await issuer.sign(Self.claims(scope: nil))
        let (stats, adminStats, noScope) = try await fixture.withClient { client in
            (try await client.send(.get, "/api/v1/streams/transactions", token: readWrite),
             try await client.send(.get, "/api/v1/streams/transactions", token: admin),
             try await client.send(.get, Self.transactionURI, token: none))
        }
        #expect(try stats.expectError(.forbidden, "insufficient_scope") == "this endpoint needs the 'admin' scope")
        #expect(stats.headers[.wwwAuthenticate] == AuthTests.insufficient("admin"))
        #expect(adminStats.status == .ok)
        #expect(try adminStats.json()["last_seq"]?.int == 1)
        try noScope.expectError(.forbidden, "insufficient_scope")
        #expect(noScope.headers[.wwwAuthenticate] == AuthTests.insufficient("transactions:read"))
    }

    @Test func aJWTSignedByAnotherKeyIs401() async throws {
        let trusted = Issuer()
        let fixture = try await makeFixture(trusting: trusted)
        let sameKid = try await Issuer(kid: "k1").sign(Self.claims())
        let otherKid = try await Issuer(kid: "k2").sign(Self.claims())
        var tampered = try await trusted.sign(Self.claims()).split(separator: ".").map(String.init)
        tampered[1] = Base64URL.encode(Array(#"{"iss":"\#(Self.issuer)","sub":"x","aud":"\#(Self.audience)","exp":9999999999,"scope":"admin"}"#.utf8))
        let unsigned = [Base64URL.encode(Array(#"{"alg":"none","typ":"JWT","kid":"k1"}"#.utf8)), tampered[1], "x"]
        for token in [sameKid, otherKid, tampered.joined(separator: "."), unsigned.joined(separator: ".")] {
            let response = try await get(fixture, token: token)
            let message = try response.expectError(.unauthorized, "unauthorized")
            #expect(message.hasPrefix("invalid token: JWT rejected: "), "\(message)")
            #expect(response.headers[.wwwAuthenticate] == AuthTests.invalid)
        }
    }

    @Test func withoutJWKSAJWTIs401() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([Records.record()])
        let token = try await Issuer().sign(Self.claims())
        let response = try await get(fixture, token: token)
        let message = try response.expectError(.unauthorized, "unauthorized")
        #expect(message == "invalid token: JWTs are not accepted: the server was started without --jwks")
        #expect(response.headers[.wwwAuthenticate] == AuthTests.invalid)
    }

    @Test func localTokensStillWorkWhenJWKSIsConfigured() async throws {
        let fixture = try await makeFixture(trusting: Issuer())
        let response = try await get(fixture, token: try fixture.token([.transactionsRead]))
        #expect(response.status == .ok)
    }

    @Test func anUnusableJWKSFileFailsAtStartupNamingIt() async throws {
        let folder = NSTemporaryDirectory() + "jwks-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = try StreamDatabase(path: folder + "/streams.sqlite")
        let garbage = folder + "/garbage.json"
        try "not json".write(toFile: garbage, atomically: true, encoding: .utf8)
        let empty = folder + "/empty.json"
        try #"{"keys":[]}"#.write(toFile: empty, atomically: true, encoding: .utf8)
        for (path, expected) in [(folder + "/missing.json", "cannot read the JWKS file \(folder)/missing.json"),
                                 (garbage, "the JWKS file \(garbage) holds no usable keys"),
                                 (empty, "the JWKS file \(empty) holds no usable keys")] {
            let settings = JWTSettings(jwksPath: path, issuer: Self.issuer, audience: Self.audience)
            let error = await #expect(throws: APIConfigurationError.self) {
                _ = try await APIService(database: database, jwt: settings)
            }
            #expect(error?.description.hasPrefix(expected) == true, "\(String(describing: error))")
        }
    }
}
