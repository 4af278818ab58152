import Foundation

/// A location in S3 written as `s3://BUCKET/PREFIX`.
public struct S3URI: Sendable, Equatable, CustomStringConvertible {
    public var bucket: String
    /// The key or key prefix after the bucket, without a leading `/`; may be empty.
    public var key: String

    public enum ParseError: Error, Equatable, LocalizedError, CustomStringConvertible {
        case notS3(String)
        case missingBucket(String)
        case invalidBucket(String, bucket: String)

        public var description: String {
            switch self {
            case .notS3(let text): "'\(text)' is not an S3 URI; write s3://BUCKET/PREFIX"
            case .missingBucket(let text): "'\(text)' names no bucket; write s3://BUCKET/PREFIX"
            case .invalidBucket(let text, let bucket):
                "bucket '\(bucket)' in '\(text)' is not a valid bucket name (3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)"
            }
        }

        public var errorDescription: String? { description }
    }

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    public init(_ text: String) throws(ParseError) {
        guard text.lowercased().hasPrefix("s3://") else { throw .notS3(text) }
        let rest = text.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        guard !bucket.isEmpty else { throw .missingBucket(text) }
        guard Self.isValidBucket(bucket) else { throw .invalidBucket(text, bucket: bucket) }
        self.bucket = bucket
        key = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
    }

    /// The key as a folder prefix: empty, or ending with `/`.
    public var folderPrefix: String { key.isEmpty || key.hasSuffix("/") ? key : key + "/" }

    public var description: String { "s3://\(bucket)/\(key)" }

    static func isValidBucket(_ name: String) -> Bool {
        guard (3...63).contains(name.count), let first = name.first, let last = name.last,
              first.isLetter || first.isNumber, last.isLetter || last.isNumber else { return false }
        return name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "." || $0 == "-" }
    }
}
