import Foundation
import NIOHTTP1

extension S3Client {
    public func put(_ body: Data, bucket: String, key: String, upload: ObjectUpload) async throws -> ObjectHead {
        let sha256 = Digests.sha256Hex(body)
        var headers = Self.uploadHeaders(upload, sha256: sha256)
        headers.append(("x-amz-checksum-sha256", Digests.base64(fromHex: sha256) ?? ""))
        let call = Call(operation: "PutObject", method: .PUT, bucket: bucket, key: key, headers: headers, body: body, payloadHash: sha256)
        let reply = try await send(call)
        return ObjectHead(size: Int64(body.count), eTag: Self.unquoted(reply.headers.first(name: "etag") ?? ""),
                          contentType: upload.contentType, sha256: sha256, metadata: upload.metadata)
    }

    public func head(bucket: String, key: String) async throws -> ObjectHead? {
        let call = Call(operation: "HeadObject", method: .HEAD, bucket: bucket, key: key, headers: [("x-amz-checksum-mode", "ENABLED")])
        let reply = try await send(call, accepting: [404])
        if reply.status == 404 { return nil }
        var metadata: [String: String] = [:]
        for header in reply.headers where header.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(header.name.lowercased().dropFirst("x-amz-meta-".count))] = header.value
        }
        let checksum = reply.headers.first(name: "x-amz-checksum-sha256").flatMap { $0.contains("-") ? nil : Digests.hex(fromBase64: $0) }
        return ObjectHead(size: Int64(reply.headers.first(name: "content-length") ?? "") ?? 0,
                          eTag: Self.unquoted(reply.headers.first(name: "etag") ?? ""),
                          contentType: reply.headers.first(name: "content-type"),
                          sha256: checksum ?? metadata["sha256"], metadata: metadata)
    }

    public func delete(bucket: String, keys: [String]) async throws {
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(start + 1000, keys.count)]
            start += batch.count
            let xml = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
                + batch.map { "<Object><Key>\($0.xmlEscaped)</Key></Object>" }.joined() + "</Delete>"
            let body = Data(xml.utf8)
            let call = Call(operation: "DeleteObjects", method: .POST, bucket: bucket, query: [("delete", "")],
                            headers: [("content-type", "application/xml"), ("content-md5", Digests.md5Base64(body))], body: body)
            let reply = try await send(call)
            let result = try document(reply, call)
            if let failed = result.all("Error").first {
                throw S3Error.service(operation: "DeleteObjects", bucket: bucket, key: failed.value("Key") ?? "", status: reply.status,
                                      code: failed.value("Code") ?? "Error", message: failed.value("Message") ?? "", attempts: 1)
            }
        }
    }

    /// The headers every upload sends: content type, storage class, user metadata and the `sha256` metadata.
    static func uploadHeaders(_ upload: ObjectUpload, sha256: String?) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if let contentType = upload.contentType { headers.append(("content-type", contentType)) }
        if let storageClass = upload.storageClass { headers.append(("x-amz-storage-class", storageClass)) }
        for (name, value) in upload.metadata.sorted(by: { $0.key < $1.key }) where name != "sha256" {
            headers.append(("x-amz-meta-" + name.lowercased(), value))
        }
        if let sha256 { headers.append(("x-amz-meta-sha256", sha256)) }
        return headers
    }

    static func unquoted(_ eTag: String) -> String {
        eTag.hasPrefix("\"") && eTag.hasSuffix("\"") && eTag.count >= 2 ? String(eTag.dropFirst().dropLast()) : eTag
    }
}
