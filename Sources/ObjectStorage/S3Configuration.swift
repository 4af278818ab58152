import Foundation

/// Where an S3 client sends its requests and with which credentials.
///
/// Without an endpoint the client talks to AWS (`https://BUCKET.s3.REGION.amazonaws.com`);
/// with one (MinIO, Ceph, R2, moto) it uses that scheme, host and port. `forcePathStyle` puts
/// the bucket in the path (`http://HOST/BUCKET/KEY`) instead of the host name.
public struct S3Configuration: Sendable, CustomStringConvertible {
    public struct Endpoint: Sendable, Equatable {
        public var secure: Bool
        public var host: String
        public var port: Int?

        /// Parses `http(s)://host[:port]`; a path after the host is ignored.
        public init(_ text: String) throws(S3ConfigurationError) {
            guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
                throw .invalidEndpoint(text)
            }
            secure = scheme == "https"
            self.host = host
            port = components.port
        }

        init(secure: Bool, host: String, port: Int?) {
            self.secure = secure
            self.host = host
            self.port = port
        }
    }

    public var credentials: S3Credentials
    public var region: String
    public var endpoint: Endpoint?
    public var forcePathStyle: Bool

    public init(credentials: S3Credentials, region: String = "us-east-1", endpoint: Endpoint? = nil, forcePathStyle: Bool = false) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint
        self.forcePathStyle = forcePathStyle
    }

    /// Settings the way AWS tools read them: credentials from `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`; `region` else `AWS_REGION` else `us-east-1`;
    /// `endpoint` else `AWS_ENDPOINT_URL` else AWS itself.
    public static func fromEnvironment(_ environment: [String: String], endpoint: String? = nil, region: String? = nil,
                                       forcePathStyle: Bool = false) throws(S3ConfigurationError) -> S3Configuration {
        let credentials = try S3Credentials.fromEnvironment(environment)
        let region = region.nonEmpty ?? environment["AWS_REGION"].nonEmpty ?? environment["AWS_DEFAULT_REGION"].nonEmpty ?? "us-east-1"
        let endpointText = endpoint.nonEmpty ?? environment["AWS_ENDPOINT_URL_S3"].nonEmpty ?? environment["AWS_ENDPOINT_URL"].nonEmpty
        let parsed: Endpoint? = if let endpointText { try Endpoint(endpointText) } else { nil }
        return S3Configuration(credentials: credentials, region: region, endpoint: parsed, forcePathStyle: forcePathStyle)
    }

    /// Whether the endpoint is an IP address or `localhost` (moto, MinIO on one machine): such a
    /// host cannot carry the bucket in its name, so path-style addressing is the default there.
    public var endpointIsAddress: Bool {
        endpoint.map { $0.host == "localhost" || $0.host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } } ?? false
    }

    /// The URL scheme, `Host` header and encoded path of an object (or of the bucket when `key` is empty).
    func address(bucket: String, key: String) -> (secure: Bool, host: String, path: String) {
        let server = endpoint ?? Endpoint(secure: true, host: "s3.\(region).amazonaws.com", port: nil)
        let defaultPort = server.secure ? 443 : 80
        let portSuffix = server.port.map { $0 == defaultPort ? "" : ":\($0)" } ?? ""
        let encodedKey = URIEncoding.encode(key, keepSlash: true)
        if forcePathStyle || bucket.contains(".") {
            return (server.secure, server.host + portSuffix, key.isEmpty ? "/\(bucket)" : "/\(bucket)/\(encodedKey)")
        }
        return (server.secure, "\(bucket).\(server.host)\(portSuffix)", "/\(encodedKey)")
    }

    public var description: String {
        "S3Configuration(region \(region), endpoint \(endpoint.map { "\($0.secure ? "https" : "http")://\($0.host)\($0.port.map { ":\($0)" } ?? "")" } ?? "AWS"), \(forcePathStyle ? "path" : "virtual-host") style, \(credentials))"
    }
}

extension Optional where Wrapped == String {
    var nonEmpty: String? {
        switch self {
        case .some(let text) where !text.isEmpty: text
        default: nil
        }
    }
}
