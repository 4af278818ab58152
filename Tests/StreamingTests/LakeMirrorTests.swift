import Foundation
import Testing
import TestServers

/// The lake sink's `s3` option against a real moto_server: each micro-batch's part lands in the
/// bucket under the same relative key as on disk, and a redone batch writes the same keys with the
/// same bytes, so the bucket holds each record once.
extension MicroBatchWorkflowTests {
    func mirroredYAML(_ moto: MotoServer, commit: Bool) -> String {
        var text = """
            name: mb_s3
            tasks:
              - id: read
                type: stream_read
                max_records: 100
              - id: clean
                type: stream_clean
                depends_on: [read]
              - id: lake
                type: stream_lake_sink
                lake: \(folder)/lake
                s3: s3://lake-bucket/stream/sales
                endpoint: \(moto.endpoint)
                env: {AWS_ACCESS_KEY_ID: \(MotoServer.accessKeyID), AWS_SECRET_ACCESS_KEY: \(MotoServer.secretAccessKey)}
                depends_on: [clean]

            """
        if commit {
            text += """
                  - id: commit
                    type: stream_commit
                    depends_on: [lake]

                """
        }
        return text
    }

    /// Key → MD5 of every object under the prefix, as boto3 reads them.
    func bucketDigests(_ moto: MotoServer) throws -> [String: String] {
        let text = try moto.boto3("""
            import hashlib, json
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket="lake-bucket", Prefix="stream/sales/")
            keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
            print(json.dumps({k: hashlib.md5(s3.get_object(Bucket="lake-bucket", Key=k)["Body"].read()).hexdigest() for k in keys}))
            """)
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] ?? [:]
    }

    func localDigests() throws -> [String: String] {
        var digests: [String: String] = [:]
        for file in try lakeFiles() {
            let text = try PythonScript.run("import hashlib, sys; print(hashlib.md5(open(sys.argv[1], 'rb').read()).hexdigest())",
                                            arguments: [folder + "/lake/" + file])
            digests["stream/sales/" + file] = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return digests
    }

    @Test func theLakeSinkPutsEachPartInTheBucketAndARedoWritesTheSameKeysAndBytes() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        try moto.createBucket("lake-bucket")
        _ = try streams.append([.init(stream: "transactions", records: (0..<30).map { StreamFixture.record($0, month: $0 < 20 ? 12 : 11) })])

        // The sinks run and the process "dies" before the commit.
        let (partial, partialDetail) = try await run(mirroredYAML(moto, commit: false))
        #expect(partial == .succeeded, "\(partialDetail.tasks.map { ($0.id, $0.error ?? "") })")
        let first = try bucketDigests(moto)
        #expect(first.keys.sorted() == ["stream/sales/year=2010/month=11/part-1-30.parquet", "stream/sales/year=2010/month=12/part-1-30.parquet"])
        #expect(first == (try localDigests()))

        // The redo covers the same range: same keys, same bytes, nothing added.
        let (redo, detail) = try await run(mirroredYAML(moto, commit: true))
        #expect(redo == .succeeded)
        #expect(detail.tasks.first { $0.id == "lake" }?.outputs["objects_uploaded"] == "2")
        #expect(try bucketDigests(moto) == first)
        #expect(try streams.stats(stream: "transactions")?.checkpoint == 30)
    }
}
