import Foundation

/// An incomplete multipart upload, as `ListMultipartUploads` reports it.
public struct MultipartUploadInfo: Sendable, Equatable {
    public var key: String
    public var uploadID: String
    public var initiated: Date?

    public init(key: String, uploadID: String, initiated: Date? = nil) {
        self.key = key
        self.uploadID = uploadID
        self.initiated = initiated
    }
}
