import Foundation
import Hummingbird
import HummingbirdTesting
import OrchestratorServer
import Streaming
import Testing

/// Local API tokens: missing, unknown, revoked, expired, scopes, and the routes that need none.
@Suite struct AuthTests {
    static let realm = #"Bearer realm="orchestrator""#
    static let invalid = #"Bearer realm="orchestrator", error="invalid_token""#

    static func insufficient(_ scope: String) -> String {
        #"Bearer realm="orchestrator", error="insufficient_scope", scope=""# + scope + "\""
    }

    /// One request per authenticated route, with path parameters filled in.
    static func requests(_ api: APIService) -> [(method: HTTPRequest.Method, uri: String, body: String?)] {
        api.routes.filter(\.authenticated).map { route in
            let uri = route.path.replacingOccurrences(of: "{stream}", with: "transactions")
                .replacingOccurrences(of: "{invoice_no}", with: "536365").replacingOccurrences(of: "{customer_id}", with: "17850")
                .replacingOccurrences(of: "{name}", with: "nightly").replacingOccurrences(of: "{id}", with: "r1")
                .replacingOccurrences(of: "{task}", with: "t1")
            let query = route.path == "/api/v1/transactions" ? "?invoice_no=536365&stock_code=85123A" : ""
            return (route.method, uri + query, route.method == .post ? Records.record() : nil)
        }
    }

    @Test func everyAuthenticatedRouteWithoutAHeaderIs401WithTheBareChallenge() async throws {
        let fixture = try await APIFixture()
        let requests = Self.requests(fixture.api)
        #expect(requests.count == 20)
        let responses = try await fixture.withClient { client in
            var responses: [TestResponse] = []
            for request in requests {
                responses.append(try await client.send(request.method, request.uri, body: request.body))
            }
            return responses
        }
        for (request, response) in zip(requests, responses) {
            let message = try response.expectError(.unauthorized, "unauthorized")
            #expect(message == "this endpoint needs 'Authorization: Bearer TOKEN'", "\(request.uri)")
            #expect(response.headers[.wwwAuthenticate] == Self.realm, "\(request.uri)")
        }
        #expect(try fixture.database.stats(stream: "transactions") == nil)
    }

    @Test(arguments: [
        ("Bearer orc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "invalid token: unknown token"),
        ("Bearer hello", "invalid token: not an API token or a JWT"),
        ("Bearer ", "invalid token: the Authorization header must be 'Bearer TOKEN'"),
        ("Basic dXNlcjpwYXNz", "invalid token: the Authorization header must be 'Bearer TOKEN'"),
        ("orc_abc", "invalid token: the Authorization header must be 'Bearer TOKEN'"),
    ])
    func garbageIs401InvalidToken(authorization: String, expected: String) async throws {
        let fixture = try await APIFixture()
        let response = try await fixture.withClient { client in
            try await client.execute(uri: "/api/v1/streams/transactions/records", method: .post,
                                     headers: [.authorization: authorization], body: ByteBuffer(string: Records.record()))
        }
        #expect(try response.expectError(.unauthorized, "unauthorized") == expected)
        #expect(response.headers[.wwwAuthenticate] == Self.invalid)
        #expect(try fixture.database.stats(stream: "transactions") == nil)
    }

    @Test func aTokenRevokedBeforeItsFirstUseIsRefusedAtOnce() async throws {
        let fixture = try await APIFixture()
        let token = try fixture.token([.recordsWrite], name: "writer")
        #expect(try fixture.database.revokeToken(name: "writer"))
        let response = try await fixture.withClient { client in
            try await client.send(.post, "/api/v1/streams/transactions/records", token: token, body: Records.record())
        }
        #expect(try response.expectError(.unauthorized, "unauthorized") == "invalid token: token 'writer' was revoked")
        #expect(response.headers[.wwwAuthenticate] == Self.invalid)
        #expect(try fixture.database.stats(stream: "transactions") == nil)
    }

    /// Token lookups are cached for a second, so a running server may accept a token for up to a
    /// second after its revocation; a server started afterwards refuses it at once.
    @Test func aTokenInUseIsRefusedSoonAfterItIsRevoked() async throws {
        let fixture = try await APIFixture()
        let token = try fixture.token([.admin], name: "ops")
        let uri = "/api/v1/streams/transactions"
        let (posted, before) = try await fixture.withClient { client in
            (try await client.send(.post, uri + "/records", token: token, body: Records.record()),
             try await client.send(.get, uri, token: token))
        }
        #expect(posted.status == .ok)
        #expect(before.status == .ok)
        #expect(try fixture.database.revokeToken(name: "ops"))
        #expect(try fixture.database.revokeToken(name: "ops") == false)

        let restarted = try await APIService(database: fixture.database)
        let fresh = try await Application(router: restarted.makeRouter()).test(.router) { client in
            try await client.send(.get, uri, token: token)
        }
        #expect(try fresh.expectError(.unauthorized, "unauthorized") == "invalid token: token 'ops' was revoked")

        let deadline = ContinuousClock.now + .seconds(10)
        let refused = try await fixture.withClient { client in
            while true {
                let response = try await client.send(.get, uri, token: token)
                if response.status != .ok || ContinuousClock.now > deadline { return response }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(try refused.expectError(.unauthorized, "unauthorized") == "invalid token: token 'ops' was revoked")
        #expect(refused.headers[.wwwAuthenticate] == Self.invalid)
    }

    @Test func anExpiredTokenIs401AndAnUnexpiredOneWorks() async throws {
        let fixture = try await APIFixture()
        let now = StreamDatabase.nowMillis()
        let expired = try fixture.token([.admin], name: "old", expiresAt: now - 1000)
        let valid = try fixture.token([.admin], name: "new", expiresAt: now + 3_600_000)
        let (rejected, accepted) = try await fixture.withClient { client in
            (try await client.send(.post, "/api/v1/streams/transactions/records", token: expired, body: Records.record()),
             try await client.send(.post, "/api/v1/streams/transactions/records", token: valid, body: Records.record()))
        }
        #expect(try rejected.expectError(.unauthorized, "unauthorized") == "invalid token: token 'old' expired")
        #expect(rejected.headers[.wwwAuthenticate] == Self.invalid)
        #expect(accepted.status == .ok)
        #expect(try accepted.json()["first_seq"]?.int == 1)
    }

    @Test func schemeIsCaseInsensitiveAndSpacesAroundTheTokenAreIgnored() async throws {
        let fixture = try await APIFixture()
        let token = try fixture.token([.recordsWrite])
        let response = try await fixture.withClient { client in
            try await client.execute(uri: "/api/v1/streams/transactions/records", method: .post,
                                     headers: [.authorization: "bearer  \(token) "], body: ByteBuffer(string: Records.record()))
        }
        #expect(response.status == .ok, "\(response.text)")
    }

    @Test func aTokenWithoutTheScopeIs403NamingIt() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([Records.record()])
        let reader = try fixture.token([.transactionsRead])
        let writer = try fixture.token([.recordsWrite])
        let both = try fixture.token([.recordsWrite, .transactionsRead])
        let cases: [(token: String, method: HTTPRequest.Method, uri: String, scope: String)] = [
            (reader, .post, "/api/v1/streams/transactions/records", "records:write"),
            (writer, .get, "/api/v1/transactions?invoice_no=536365&stock_code=85123A", "transactions:read"),
            (writer, .get, "/api/v1/invoices/536365", "transactions:read"),
            (writer, .get, "/api/v1/customers/17850/invoices", "transactions:read"),
            (both, .get, "/api/v1/streams/transactions", "admin"),
        ]
        let responses = try await fixture.withClient { client in
            var responses: [TestResponse] = []
            for item in cases {
                responses.append(try await client.send(item.method, item.uri, token: item.token,
                                                       body: item.method == .post ? Records.record() : nil))
            }
            return responses
        }
        for (item, response) in zip(cases, responses) {
            let message = try response.expectError(.forbidden, "insufficient_scope")
            #expect(message == "this endpoint needs the '\(item.scope)' scope", "\(item.uri)")
            #expect(response.headers[.wwwAuthenticate] == Self.insufficient(item.scope), "\(item.uri)")
        }
        // The refused POST appended nothing.
        #expect(try fixture.database.stats(stream: "transactions")?.lastSeq == 1)
    }

    /// The streaming routes (the runs API's are covered with real runs in `RunRoutesTests`; its
    /// `/api/v1/events` never ends, so it cannot be collected here).
    @Test func anAdminTokenWorksOnEveryStreamingRoute() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([Records.record()])
        let admin = try fixture.token([.admin])
        let runsAPI = ["/api/v1/workflows", "/api/v1/runs", "/api/v1/events"]
        let requests = Self.requests(fixture.api).filter { request in !runsAPI.contains { request.uri.hasPrefix($0) } }
        #expect(requests.count == 7)
        let responses = try await fixture.withClient { client in
            var responses: [TestResponse] = []
            for request in requests {
                responses.append(try await client.send(request.method, request.uri, token: admin, body: request.body))
            }
            return responses
        }
        for (request, response) in zip(requests, responses) {
            #expect(response.status == .ok, "\(request.method) \(request.uri): \(response.text)")
        }
        let bodies = try responses.map { try $0.json() }
        #expect(bodies.contains { $0["first_seq"]?.int == 2 })  // the POST
        #expect(bodies.contains { $0["last_seq"]?.int == 2 && $0["checkpoint"]?.int == 1 })  // stream stats
        #expect(bodies.contains { $0["unit_price"]?.string == "2.550" })  // transaction
        #expect(bodies.contains { $0["item_count"]?.int == 1 && $0["total"]?.string == "15.300" })  // invoice
        #expect(bodies.contains { $0["invoices"]?.array?.count == 1 })  // customer invoices
    }

    @Test func healthzNeedsNoToken() async throws {
        let fixture = try await APIFixture()
        let (bare, withGarbage) = try await fixture.withClient { client in
            (try await client.send(.get, "/healthz"), try await client.send(.get, "/healthz", token: "garbage"))
        }
        for response in [bare, withGarbage] {
            #expect(response.status == .ok)
            #expect(try response.json() == .object([("status", .string("ok"))]))
            #expect(response.headers[.wwwAuthenticate] == nil)
        }
    }

    @Test func unknownRoutesAre404InTheErrorShape() async throws {
        let fixture = try await APIFixture()
        let admin = try fixture.token([.admin])
        let responses = try await fixture.withClient { client in
            [
                try await client.send(.get, "/nope"),
                try await client.send(.get, "/api/v1/nope", token: admin),
                try await client.send(.get, "/api/v2/transactions?invoice_no=1&stock_code=2", token: admin),
                try await client.send(.delete, "/api/v1/streams/transactions", token: admin),
            ]
        }
        #expect(try responses[0].expectError(.notFound, "not_found") == "no route GET /nope")
        #expect(try responses[1].expectError(.notFound, "not_found") == "no route GET /api/v1/nope")
        #expect(try responses[2].expectError(.notFound, "not_found") == "no route GET /api/v2/transactions")
        // A path the API has, with a method it does not answer: 405 naming the allowed ones.
        #expect(try responses[3].expectError(.methodNotAllowed, "method_not_allowed")
                == "DELETE is not allowed on /api/v1/streams/transactions; use GET")
        #expect(responses[3].headers[.allow] == "GET")
    }
}
