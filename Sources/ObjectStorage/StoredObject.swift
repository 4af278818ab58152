/// One object of a listing: its key, size and ETag (quotes removed).
public struct StoredObject: Sendable, Equatable {
    public var key: String
    public var size: Int64
    /// The MD5 of the content in hex for single-part, unencrypted uploads; `HEX-N` for multipart ones.
    public var eTag: String

    public init(key: String, size: Int64, eTag: String) {
        self.key = key
        self.size = size
        self.eTag = eTag
    }

    /// Whether the ETag is an MD5 of the whole object (not a multipart `-N` ETag).
    public var eTagIsContentMD5: Bool { eTag.count == 32 && !eTag.contains("-") }
}
