import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP client of `produce`: POSTs to the ingest API over async-http-client's keep-alive pool
/// (HTTP/1.1, or TLS for an `https://` server). Owns its `HTTPClient` and shuts it down.
final class IngestClient: Sendable {
    /// The largest reply body read; a PostResult is a few hundred bytes.
    static let maxReplyBytes = 16 << 20

    let client: HTTPClient
    let base: String

    struct Reply {
        var status: Int
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        enum Kind {
            /// No connection could be made: the address is unusable.
            case unreachable
            /// The connection broke, timed out, or the server answered something that is not HTTP.
            case lost
        }

        var kind: Kind
        var description: String
    }

    init(endpoint: Endpoint) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: .seconds(60)))
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        base = endpoint.origin + endpoint.basePath
    }

    /// POSTs `body` to `path` (below the endpoint's base path). A request is never resent: a resend
    /// after a lost reply could append the records twice.
    func post(path: String, headers: [(String, String)], body: [UInt8]) async throws(Failure) -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .seconds(120))
            let bytes = try await response.body.collect(upTo: Self.maxReplyBytes)
            return Reply(status: Int(response.status.code), body: Array(buffer: bytes))
        } catch {
            throw Failure(kind: Self.isConnectFailure(error) ? .unreachable : .lost, description: Self.describe(error))
        }
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    /// Whether the error means no connection was ever made.
    static func isConnectFailure(_ error: any Error) -> Bool {
        if let clientError = error as? HTTPClientError, clientError == .connectTimeout { return true }
        if let ioError = error as? IOError, [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(ioError.errnoCode) { return true }
        return String(describing: error).contains("connectionRefused") || String(describing: error).contains("Connection refused")
    }

    /// The error in words a user can act on.
    static func describe(_ error: any Error) -> String {
        if error is NIOTooManyBytesError { return "a reply body over \(maxReplyBytes) bytes" }
        if let parserError = error as? HTTPParserError { return "malformed reply from the server (HTTP parser: \(parserError))" }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .remoteConnectionClosed: return "the server closed the connection"
            case .readTimeout, .deadlineExceeded: return "no reply from the server in time"
            case .connectTimeout: return "could not connect (timed out)"
            default: return "HTTP client error: \(clientError)"
            }
        }
        if let ioError = error as? IOError { return "could not connect: \(String(cString: strerror(ioError.errnoCode)))" }
        if isConnectFailure(error) { return "could not connect (\(error))" }
        return "\(error)"
    }
}
