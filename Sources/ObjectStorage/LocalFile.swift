/// A file to sync: its path relative to the source folder (with `/`), size and digests in hex.
public struct LocalFile: Sendable, Equatable {
    public var relativePath: String
    public var size: Int64
    public var sha256: String
    public var md5: String

    public init(relativePath: String, size: Int64, sha256: String, md5: String) {
        self.relativePath = relativePath
        self.size = size
        self.sha256 = sha256
        self.md5 = md5
    }

    /// Whether this is a `_SUCCESS` completion marker (uploaded after everything else).
    public var isCompletionMarker: Bool { relativePath == "_SUCCESS" || relativePath.hasSuffix("/_SUCCESS") }
}
