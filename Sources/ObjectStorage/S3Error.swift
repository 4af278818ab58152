import Foundation

/// A failed S3 operation, naming the operation, bucket and key, with what to check.
///
/// Messages never hold credentials: only the service's error code and message are kept.
public enum S3Error: Error, LocalizedError, CustomStringConvertible, Sendable {
    /// 403: the credentials may not do this (or are wrong).
    case accessDenied(operation: String, bucket: String, key: String, code: String, message: String)
    case noSuchBucket(operation: String, bucket: String, key: String)
    /// Any other error reply; `attempts` requests were made.
    case service(operation: String, bucket: String, key: String, status: Int, code: String, message: String, attempts: Int)
    /// The connection failed or timed out `attempts` times.
    case transport(operation: String, bucket: String, key: String, detail: String, attempts: Int)
    case malformedResponse(operation: String, bucket: String, detail: String)
    case localFile(path: String, detail: String)

    public var description: String {
        switch self {
        case .accessDenied(let operation, let bucket, let key, let code, let message):
            "\(operation) of \(Self.place(bucket, key)) was refused (403 \(code)\(message.isEmpty ? "" : ": \(message)")); check that the credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) are valid and may access bucket '\(bucket)', and that the region and endpoint are right"
        case .noSuchBucket(let operation, let bucket, let key):
            "\(operation) of \(Self.place(bucket, key)) failed: bucket '\(bucket)' does not exist (NoSuchBucket); create it or fix the destination, region or endpoint"
        case .service(let operation, let bucket, let key, let status, let code, let message, let attempts):
            "\(operation) of \(Self.place(bucket, key)) failed with HTTP \(status) \(code)\(message.isEmpty ? "" : ": \(message)")\(attempts > 1 ? " (after \(attempts) attempts)" : "")"
        case .transport(let operation, let bucket, let key, let detail, let attempts):
            "\(operation) of \(Self.place(bucket, key)) could not reach the server: \(detail)\(attempts > 1 ? " (after \(attempts) attempts)" : ""); check the endpoint and the network"
        case .malformedResponse(let operation, let bucket, let detail):
            "\(operation) on bucket '\(bucket)' got a reply that is not valid S3 XML: \(detail)"
        case .localFile(let path, let detail):
            "cannot read local file '\(path)': \(detail)"
        }
    }

    public var errorDescription: String? { description }

    /// Whether another attempt may succeed: 5xx, 429, `SlowDown`, `RequestTimeout` and transport errors.
    public var isTransient: Bool {
        switch self {
        case .service(_, _, _, let status, let code, _, _):
            status >= 500 || status == 429 || code == "SlowDown" || code == "RequestTimeout"
        case .transport:
            true
        case .accessDenied, .noSuchBucket, .malformedResponse, .localFile:
            false
        }
    }

    /// The same error, counting `attempts` requests.
    func after(attempts: Int) -> S3Error {
        switch self {
        case .service(let operation, let bucket, let key, let status, let code, let message, _):
            .service(operation: operation, bucket: bucket, key: key, status: status, code: code, message: message, attempts: attempts)
        case .transport(let operation, let bucket, let key, let detail, _):
            .transport(operation: operation, bucket: bucket, key: key, detail: detail, attempts: attempts)
        default:
            self
        }
    }

    static func place(_ bucket: String, _ key: String) -> String {
        key.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(key)"
    }
}
