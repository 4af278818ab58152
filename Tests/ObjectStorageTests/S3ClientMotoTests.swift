import Foundation
import Testing
import TestServers
@testable import ObjectStorage

/// The client against a real moto_server: every request signed, parsed and paged for real.
@Suite(.serialized) struct S3ClientMotoTests {
    static func configuration(_ server: MotoServer, credentials: S3Credentials? = nil) throws -> S3Configuration {
        var configuration = try S3Configuration.fromEnvironment(server.clientEnvironment, forcePathStyle: true)
        if let credentials { configuration.credentials = credentials }
        return configuration
    }

    @Test func putHeadListAcrossPagesAndDelete() async throws {
        let server = try await MotoServer.start()
        defer { server.stop() }
        try server.createBucket("lake")
        let client = S3Client(configuration: try Self.configuration(server))
        let paged = S3Client(configuration: try Self.configuration(server), listPageSize: 100)
        do {
            let keys = (0..<1005).map { "many/key-\(String(format: "%04d", $0)) é+=.txt" }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, key) in keys.enumerated() {
                    if index >= 16 { try await group.next() }
                    group.addTask { _ = try await client.put(Data("body \(index)".utf8), bucket: "lake", key: key, upload: ObjectUpload(contentType: "text/plain")) }
                }
                try await group.waitForAll()
            }
            let head = try #require(try await client.head(bucket: "lake", key: keys[7]))
            #expect(head.size == Int64("body 7".utf8.count))
            #expect(head.sha256 == Digests.sha256Hex(Data("body 7".utf8)))
            #expect(head.contentType == "text/plain")
            #expect(try await client.head(bucket: "lake", key: "many/absent") == nil)

            let listed = try await client.list(bucket: "lake", prefix: "many/")
            #expect(listed.map(\.key) == keys.sorted())
            let md5 = try Digests.file(try Self.temporaryFile(Data("body 7".utf8))).md5
            #expect(listed.first { $0.key == keys[7] }?.eTag == md5)
            #expect(try await paged.list(bucket: "lake", prefix: "many/").map(\.key) == keys.sorted())
            let botoCount = try server.boto3("""
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket="lake", Prefix="many/")
            print(sum(len(p.get("Contents", [])) for p in pages))
            """)
            #expect(botoCount.trimmingWhitespace == "1005")

            try await client.delete(bucket: "lake", keys: keys)
            #expect(try await paged.list(bucket: "lake", prefix: "many/").isEmpty)
        } catch {
            try? await client.shutdown()
            try? await paged.shutdown()
            throw error
        }
        try await client.shutdown()
        try await paged.shutdown()
    }

    @Test func multipartUploadOfAFileOverThePartSize() async throws {
        let server = try await MotoServer.start()
        defer { server.stop() }
        try server.createBucket("lake")
        var bytes = [UInt8](repeating: 0, count: 12 * 1024 * 1024 + 12_345)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 13) }
        let path = try Self.temporaryFile(Data(bytes))
        let digest = try Digests.file(path)
        try await S3Client.with(try Self.configuration(server)) { client in
            let written = try await client.putMultipart(file: path, bucket: "lake", key: "big/file.bin", partSize: .mebibytes(5),
                                                        upload: ObjectUpload(contentType: "application/octet-stream", storageClass: "STANDARD"))
            #expect(written.size == Int64(bytes.count))
            #expect(written.eTag.hasSuffix("-3"))
            let head = try #require(try await client.head(bucket: "lake", key: "big/file.bin"))
            #expect(head.size == Int64(bytes.count))
            #expect(head.sha256 == digest.sha256)
            #expect(try await client.listMultipartUploads(bucket: "lake", prefix: "").isEmpty)
        }
        let downloaded = try server.boto3("""
        import hashlib
        print(hashlib.sha256(s3.get_object(Bucket="lake", Key="big/file.bin")["Body"].read()).hexdigest())
        """)
        #expect(downloaded.trimmingWhitespace == digest.sha256)
    }

    @Test func listAndAbortIncompleteMultipartUploads() async throws {
        let server = try await MotoServer.start()
        defer { server.stop() }
        try server.createBucket("lake")
        _ = try server.boto3("""
        for key in ["emr/a.parquet", "emr/b c.parquet", "other/x"]:
            s3.create_multipart_upload(Bucket="lake", Key=key)
        """)
        try await S3Client.with(try Self.configuration(server)) { client in
            let open = try await client.listMultipartUploads(bucket: "lake", prefix: "emr/")
            #expect(Set(open.map(\.key)) == ["emr/a.parquet", "emr/b c.parquet"])
            for upload in open { try await client.abortMultipartUpload(bucket: "lake", key: upload.key, uploadID: upload.uploadID) }
            #expect(try await client.listMultipartUploads(bucket: "lake", prefix: "emr/").isEmpty)
            #expect(try await client.listMultipartUploads(bucket: "lake", prefix: "").count == 1)
        }
    }

    @Test func missingBucketNamesTheBucketAndKey() async throws {
        let server = try await MotoServer.start()
        defer { server.stop() }
        let failure = await #expect(throws: S3Error.self) {
            try await S3Client.with(try Self.configuration(server)) { client in
                _ = try await client.put(Data("x".utf8), bucket: "no-such-bucket", key: "emr/sales/part.parquet", upload: ObjectUpload())
            }
        }
        let text = failure?.description ?? ""
        #expect(text.contains("'no-such-bucket'"), "\(text)")
        #expect(text.contains("s3://no-such-bucket/emr/sales/part.parquet"), "\(text)")
        #expect(text.contains("NoSuchBucket"), "\(text)")
    }

    @Test func forbiddenNamesTheBucketAndKeyAndNoSecret() async throws {
        // With INITIAL_NO_AUTH_ACTION_COUNT=0 moto checks every request's access key and signature.
        let server = try await MotoServer.start(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "0"])
        defer { server.stop() }
        let credentials = S3Credentials(accessKeyID: "AKIANOTKNOWNTOMOTO01", secretAccessKey: "secretThatMustNotLeak/123", sessionToken: "tokenThatMustNotLeak")
        let failure = await #expect(throws: S3Error.self) {
            try await S3Client.with(try Self.configuration(server, credentials: credentials)) { client in
                _ = try await client.put(Data("x".utf8), bucket: "lake", key: "powerbi/fact_sales.csv", upload: ObjectUpload())
            }
        }
        guard case .accessDenied? = failure else {
            Issue.record("expected accessDenied, got \(String(describing: failure))")
            return
        }
        let text = failure?.description ?? ""
        #expect(text.contains("s3://lake/powerbi/fact_sales.csv"), "\(text)")
        #expect(text.contains("bucket 'lake'"), "\(text)")
        #expect(!text.contains("secretThatMustNotLeak"))
        #expect(!text.contains("tokenThatMustNotLeak"))
    }

    static func temporaryFile(_ data: Data) throws -> String {
        let path = NSTemporaryDirectory() + "s3-\(UUID().uuidString).bin"
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}
