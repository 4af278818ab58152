import Foundation
import NIOHTTP1

extension S3Client {
    public func list(bucket: String, prefix: String) async throws -> [StoredObject] {
        var objects: [StoredObject] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix)]
            if let listPageSize { query.append(("max-keys", String(listPageSize))) }
            if let token { query.append(("continuation-token", token)) }
            let call = Call(operation: "ListObjectsV2", method: .GET, bucket: bucket, query: query)
            let result = try document(try await send(call), call)
            for entry in result.all("Contents") {
                guard let key = entry.value("Key"), let size = entry.value("Size").flatMap({ Int64($0) }) else {
                    throw S3Error.malformedResponse(operation: call.operation, bucket: bucket, detail: "a Contents entry lacks Key or Size")
                }
                objects.append(StoredObject(key: key, size: size, eTag: Self.unquoted(entry.value("ETag") ?? "")))
            }
            token = result.value("IsTruncated") == "true" ? result.value("NextContinuationToken") : nil
            if result.value("IsTruncated") == "true" && token == nil {
                throw S3Error.malformedResponse(operation: call.operation, bucket: bucket, detail: "a truncated page without NextContinuationToken")
            }
        } while token != nil
        return objects
    }

    public func listMultipartUploads(bucket: String, prefix: String) async throws -> [MultipartUploadInfo] {
        var uploads: [MultipartUploadInfo] = []
        var markers: (key: String, uploadID: String)?
        repeat {
            var query: [(name: String, value: String)] = [("uploads", ""), ("prefix", prefix)]
            if let markers { query += [("key-marker", markers.key), ("upload-id-marker", markers.uploadID)] }
            let call = Call(operation: "ListMultipartUploads", method: .GET, bucket: bucket, query: query)
            let result = try document(try await send(call), call)
            for entry in result.all("Upload") {
                guard let key = entry.value("Key"), let uploadID = entry.value("UploadId") else { continue }
                uploads.append(MultipartUploadInfo(key: key, uploadID: uploadID, initiated: entry.value("Initiated").flatMap(Self.parseDate)))
            }
            if result.value("IsTruncated") == "true", let key = result.value("NextKeyMarker"), let id = result.value("NextUploadIdMarker"),
               !(key.isEmpty && id.isEmpty) {
                markers = (key, id)
            } else {
                markers = nil
            }
        } while markers != nil
        return uploads
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
