/// The parts of an HTTP request that AWS Signature Version 4 covers.
///
/// `path` is the request's path exactly as it goes on the wire (object keys already
/// percent-encoded, `/` kept); `query` holds raw, unencoded names and values.
public struct SigV4Request: Sendable {
    public var method: String
    /// `host` or `host:port` when the port is not the scheme's default, as in the `Host` header.
    public var host: String
    public var path: String
    public var query: [(name: String, value: String)]
    /// Headers to sign besides `host` and the `x-amz-*` headers the signer adds.
    public var headers: [(name: String, value: String)]
    /// The hex SHA-256 of the body (`SigV4Signer.emptyPayloadHash` for none).
    public var payloadHash: String

    public init(method: String, host: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], payloadHash: String) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    /// The query string as sent and signed: names and values RFC 3986-encoded, sorted.
    public var canonicalQuery: String {
        query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }
}
