/// How an object is written: its content type, storage class and user metadata (`x-amz-meta-*`).
public struct ObjectUpload: Sendable, Equatable {
    public var contentType: String?
    public var storageClass: String?
    public var metadata: [String: String]
    /// The content's SHA-256 in hex, when the caller already knows it; a multipart upload
    /// records it (else reads the file once more to compute it).
    public var sha256: String?

    public init(contentType: String? = nil, storageClass: String? = nil, metadata: [String: String] = [:], sha256: String? = nil) {
        self.contentType = contentType
        self.storageClass = storageClass
        self.metadata = metadata
        self.sha256 = sha256
    }
}
