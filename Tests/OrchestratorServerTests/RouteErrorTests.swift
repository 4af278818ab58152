import Hummingbird
import HummingbirdTesting
import OrchestratorServer
import Streaming
import Testing

/// Answers for requests no route takes: 405 with `Allow` for a known path, 404 otherwise.
@Suite struct RouteErrorTests {
    @Test(arguments: [
        (HTTPRequest.Method.delete, "/healthz", "GET"), (.trace, "/api/v1/transactions", "GET"), (.put, "/api/v1/invoices/536365", "GET"),
        (.get, "/api/v1/streams/transactions/records", "POST"), (.head, "/api/v1/customers/17850/invoices", "GET"),
    ])
    func aKnownPathWithAnotherMethodIs405WithAllow(method: HTTPRequest.Method, path: String, allow: String) async throws {
        let fixture = try await APIFixture()
        let response = try await fixture.withClient { client in try await client.send(method, path) }
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers[.allow] == allow)
        if method != .head {
            let message = try response.expectError(.methodNotAllowed, "method_not_allowed")
            #expect(message == "\(method.rawValue) is not allowed on \(path); use \(allow)")
        }
    }

    @Test(arguments: ["/nothing", "/api/v1/invoices", "/api/v1/invoices/1/extra", "/healthz/x"])
    func anUnknownPathIs404(path: String) async throws {
        let fixture = try await APIFixture()
        let response = try await fixture.withClient { client in try await client.send(.delete, path) }
        #expect(try response.expectError(.notFound, "not_found") == "no route DELETE \(path)")
    }
}
