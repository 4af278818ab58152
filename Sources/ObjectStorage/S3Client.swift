import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// An S3 client on AsyncHTTPClient, signing every request with SigV4 and retrying transient
/// failures with `retry`.
///
/// It owns one `HTTPClient`; call `shutdown()` when done (or use `S3Client.with`), from any task.
/// Logs carry the operation, bucket, key, status and attempt, never a credential.
public final class S3Client: ObjectStore {
    public let configuration: S3Configuration
    public let retry: S3RetryPolicy
    /// Keys per ListObjectsV2 page (S3's default and maximum is 1000); smaller in tests to force paging.
    public let listPageSize: Int?
    let signer: SigV4Signer
    let http: HTTPClient
    let logger: Logger

    public init(configuration: S3Configuration, retry: S3RetryPolicy = .default, listPageSize: Int? = nil,
                logger: Logger = Logger(label: "orchestrator.s3")) {
        self.configuration = configuration
        self.retry = retry
        self.listPageSize = listPageSize
        self.logger = logger
        signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        httpConfiguration.decompression = .disabled
        httpConfiguration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
    }

    /// Runs `body` with a client and shuts the client down afterwards, also when `body` throws.
    public static func with<T: Sendable>(_ configuration: S3Configuration, retry: S3RetryPolicy = .default,
                                         _ body: (S3Client) async throws -> T) async throws -> T {
        let client = S3Client(configuration: configuration, retry: retry)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Closes the connections. The client cannot be used afterwards.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// One S3 call, before signing.
    struct Call: Sendable {
        var operation: String
        var method: HTTPMethod
        var bucket: String
        var key: String = ""
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = []
        var body: Data?
        /// Hex SHA-256 of `body`; computed when nil.
        var payloadHash: String?
    }

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// Sends `call`, retrying transient failures; a non-2xx reply becomes an `S3Error`
    /// unless its status is in `accepting`.
    func send(_ call: Call, accepting: Set<Int> = []) async throws -> Reply {
        let payloadHash = call.payloadHash ?? call.body.map { Digests.sha256Hex($0) } ?? SigV4Signer.emptyPayloadHash
        let (secure, host, path) = configuration.address(bucket: call.bucket, key: call.key)
        let unsigned = SigV4Request(method: call.method.rawValue, host: host, path: path, query: call.query,
                                    headers: call.headers, payloadHash: payloadHash)
        let query = unsigned.canonicalQuery
        let url = "\(secure ? "https" : "http")://\(host)\(path)\(query.isEmpty ? "" : "?" + query)"
        var attempt = 1
        while true {
            try Task.checkCancellation()
            let failure: S3Error
            do {
                let reply = try await execute(unsigned, url: url, body: call.body)
                if (200..<300).contains(reply.status) || accepting.contains(reply.status) { return reply }
                failure = Self.error(for: reply, call: call)
            } catch let error as CancellationError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                failure = .transport(operation: call.operation, bucket: call.bucket, key: call.key, detail: String(describing: error), attempts: attempt)
            }
            guard retry.shouldRetry(attempt: attempt, error: failure) else { throw failure.after(attempts: attempt) }
            let wait = retry.backoff(attempt: attempt)
            logger.info("s3 request failed, retrying", metadata: [
                "operation": "\(call.operation)", "bucket": "\(call.bucket)", "key": "\(call.key)", "attempt": "\(attempt)",
                "error": "\(failure)", "backoff": "\(wait)",
            ])
            try await Task.sleep(for: wait)
            attempt += 1
        }
    }

    private func execute(_ request: SigV4Request, url: String, body: Data?) async throws -> Reply {
        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        for header in signer.signatureHeaders(for: request, at: Date()) { outgoing.headers.add(name: header.name, value: header.value) }
        if let body { outgoing.body = .bytes(body) }
        let seconds = 60 + Int64(body?.count ?? 0) / 1_000_000
        let response = try await http.execute(outgoing, timeout: .seconds(seconds))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }

    /// The error an S3 error reply stands for.
    static func error(for reply: Reply, call: Call) -> S3Error {
        let document = try? XMLNode.parse(reply.body)
        let code = document?.value("Code") ?? HTTPResponseStatus(statusCode: reply.status).reasonPhrase
        let message = document?.value("Message") ?? ""
        if reply.status == 403 {
            return .accessDenied(operation: call.operation, bucket: call.bucket, key: call.key, code: code, message: message)
        }
        if code == "NoSuchBucket" { return .noSuchBucket(operation: call.operation, bucket: call.bucket, key: call.key) }
        return .service(operation: call.operation, bucket: call.bucket, key: call.key, status: reply.status, code: code, message: message, attempts: 1)
    }

    /// The XML body of a reply, or a `malformedResponse` error.
    func document(_ reply: Reply, _ call: Call) throws -> XMLNode {
        do {
            return try XMLNode.parse(reply.body)
        } catch {
            throw S3Error.malformedResponse(operation: call.operation, bucket: call.bucket, detail: error.description)
        }
    }
}
