import Foundation

/// A problem with the settings an S3 client is built from, found before any request is sent.
public enum S3ConfigurationError: Error, Equatable, LocalizedError, CustomStringConvertible {
    case missingVariable(String)
    case invalidEndpoint(String)

    public var description: String {
        switch self {
        case .missingVariable(let name):
            "environment variable \(name) is not set; S3 needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)"
        case .invalidEndpoint(let text):
            "endpoint '\(text)' is not an http:// or https:// URL with a host, such as http://127.0.0.1:9000"
        }
    }

    public var errorDescription: String? { description }
}
