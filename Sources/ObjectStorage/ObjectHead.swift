/// What `HeadObject` tells about an object.
public struct ObjectHead: Sendable, Equatable {
    public var size: Int64
    public var eTag: String
    public var contentType: String?
    /// The SHA-256 of the content in hex: S3's `x-amz-checksum-sha256` of a single-part upload,
    /// or the `sha256` user metadata this library writes with every upload.
    public var sha256: String?
    public var metadata: [String: String]

    public init(size: Int64, eTag: String, contentType: String? = nil, sha256: String? = nil, metadata: [String: String] = [:]) {
        self.size = size
        self.eTag = eTag
        self.contentType = contentType
        self.sha256 = sha256
        self.metadata = metadata
    }
}
