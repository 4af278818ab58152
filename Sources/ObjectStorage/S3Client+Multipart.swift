import Crypto
import Foundation
import NIOHTTP1

extension S3Client {
    /// S3's smallest part (every part but the last).
    public static let minimumPartSize = ByteSize.mebibytes(5)

    public func putMultipart(file path: String, bucket: String, key: String, partSize: ByteSize, upload: ObjectUpload) async throws -> ObjectHead {
        let partBytes = Int(max(partSize, Self.minimumPartSize).bytes)
        let sha256 = try upload.sha256 ?? Digests.file(path).sha256
        guard let handle = FileHandle(forReadingAtPath: path) else { throw S3Error.localFile(path: path, detail: "cannot open it") }
        defer { try? handle.close() }

        let create = Call(operation: "CreateMultipartUpload", method: .POST, bucket: bucket, key: key, query: [("uploads", "")],
                          headers: Self.uploadHeaders(upload, sha256: sha256))
        guard let uploadID = try document(try await send(create), create).value("UploadId"), !uploadID.isEmpty else {
            throw S3Error.malformedResponse(operation: create.operation, bucket: bucket, detail: "no UploadId in the reply")
        }
        logger.debug("multipart upload started", metadata: ["bucket": "\(bucket)", "key": "\(key)", "upload": "\(uploadID)"])
        do {
            var parts: [(number: Int, eTag: String)] = []
            var size: Int64 = 0
            while true {
                let chunk: Data
                do {
                    chunk = try handle.read(upToCount: partBytes) ?? Data()
                } catch {
                    throw S3Error.localFile(path: path, detail: "\(error)")
                }
                if chunk.isEmpty && !parts.isEmpty { break }
                let number = parts.count + 1
                let call = Call(operation: "UploadPart", method: .PUT, bucket: bucket, key: key,
                                query: [("partNumber", String(number)), ("uploadId", uploadID)], body: chunk)
                let reply = try await send(call)
                guard let eTag = reply.headers.first(name: "etag") else {
                    throw S3Error.malformedResponse(operation: call.operation, bucket: bucket, detail: "no ETag for part \(number)")
                }
                parts.append((number, eTag))
                size += Int64(chunk.count)
                if chunk.count < partBytes { break }
            }
            let xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + parts.map { "<Part><PartNumber>\($0.number)</PartNumber><ETag>\($0.eTag.xmlEscaped)</ETag></Part>" }.joined()
                + "</CompleteMultipartUpload>"
            let complete = Call(operation: "CompleteMultipartUpload", method: .POST, bucket: bucket, key: key,
                                query: [("uploadId", uploadID)], headers: [("content-type", "application/xml")], body: Data(xml.utf8))
            let reply = try await send(complete)
            // S3 may answer 200 and report the failure in the body.
            let result = try document(reply, complete)
            if result.name == "Error" {
                throw S3Error.service(operation: complete.operation, bucket: bucket, key: key, status: reply.status,
                                      code: result.value("Code") ?? "Error", message: result.value("Message") ?? "", attempts: 1)
            }
            return ObjectHead(size: size, eTag: Self.unquoted(result.value("ETag") ?? ""), contentType: upload.contentType,
                              sha256: sha256, metadata: upload.metadata)
        } catch {
            // Abort outside this (possibly cancelled) task, so no orphaned parts remain.
            let abort = Task { try await self.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID) }
            do {
                try await abort.value
            } catch {
                logger.warning("multipart abort failed", metadata: ["bucket": "\(bucket)", "key": "\(key)", "upload": "\(uploadID)", "error": "\(error)"])
            }
            throw error
        }
    }

    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        let call = Call(operation: "AbortMultipartUpload", method: .DELETE, bucket: bucket, key: key, query: [("uploadId", uploadID)])
        _ = try await send(call, accepting: [404])
    }
}
