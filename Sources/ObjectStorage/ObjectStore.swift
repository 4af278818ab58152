import Foundation

/// An object store such as S3: the seam between what writes to a bucket and how requests travel.
///
/// `S3Client` is the real implementation. Every method throws `S3Error` naming the bucket and key.
public protocol ObjectStore: Sendable {
    /// Writes `body` at `key` in one request, with its SHA-256 as `x-amz-checksum-sha256` (S3
    /// rejects a body that does not match) and as the `sha256` user metadata.
    func put(_ body: Data, bucket: String, key: String, upload: ObjectUpload) async throws -> ObjectHead

    /// Writes the file at `path` as a multipart upload in parts of `partSize` (at least 5 MiB);
    /// on any failure the upload is aborted, so no orphaned parts remain.
    func putMultipart(file path: String, bucket: String, key: String, partSize: ByteSize, upload: ObjectUpload) async throws -> ObjectHead

    /// The object's size, ETag and checksums; nil when there is no such key.
    func head(bucket: String, key: String) async throws -> ObjectHead?

    /// Every object whose key starts with `prefix`, following continuation tokens over all pages.
    func list(bucket: String, prefix: String) async throws -> [StoredObject]

    /// Removes `keys`, in batches of at most 1000; a missing key is not an error.
    func delete(bucket: String, keys: [String]) async throws

    /// Multipart uploads begun under `prefix` and neither completed nor aborted.
    func listMultipartUploads(bucket: String, prefix: String) async throws -> [MultipartUploadInfo]

    /// Discards an incomplete multipart upload and its parts.
    func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws
}
