import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestServers

/// `s3_sync` through the built executable against a real moto_server.
@Suite(.serialized) struct S3SyncTests {
    static let sessionToken = "S3SYNC-SESSION-TOKEN-\(UUID().uuidString)"

    static func outputs(_ result: CLI.Result, task: String = "sync") throws -> [String: String] {
        let run = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let tasks = try #require(run["tasks"] as? [[String: Any]])
        return tasks.first { $0["id"] as? String == task }?["outputs"] as? [String: String] ?? [:]
    }

    /// Every file under `folder` whose bytes contain `needle`.
    static func files(under folder: String, containing needle: String) -> [String] {
        let bytes = Data(needle.utf8)
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: folder + "/" + path), data.range(of: bytes) != nil { found.append(path) }
        }
        return found
    }

    @Test func hivePartitionedParquetLandsReadsBackAndASecondSyncUploadsNothing() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        try moto.createBucket("lake")
        _ = try moto.boto3("s3.put_object(Bucket='lake', Key='retail/sales/year=1999/month=01/stale.parquet', Body=b'old')")
        let cli = try CLI()
        let batch = try cli.run(["run", TestPython.repository + "/workflows/batch.yaml", "--param", "source=raw.csv", "--param", "out=out",
                                 "--param", "rows=20000", "--state", "state"])
        try #require(batch.status == 0, "\(batch.stderr)")
        try "scratch".write(toFile: cli.folder + "/out/emr/sales/notes.tmp", atomically: true, encoding: .utf8)
        try cli.write("sync.yaml", """
        name: lake_sync
        tasks:
          - id: sync
            type: s3_sync
            source: out/emr/sales
            destination: s3://lake/retail/sales/
            exclude: ["*.tmp"]
            delete: true
            part_size: 5MiB
            storage_class: STANDARD
        """)
        var environment = moto.clientEnvironment
        environment["AWS_SESSION_TOKEN"] = Self.sessionToken

        let first = try cli.run(["run", "sync.yaml", "--json", "--state", "state"], environment: environment)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let firstOutputs = try Self.outputs(first)
        let localFiles = try FileManager.default.subpathsOfDirectory(atPath: cli.folder + "/out/emr/sales").filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: cli.folder + "/out/emr/sales/" + path, isDirectory: &isDirectory)
            return !isDirectory.boolValue && !path.hasSuffix(".tmp")
        }
        #expect(localFiles.count > 3 && localFiles.contains("_SUCCESS"))
        #expect(firstOutputs["objects_uploaded"] == String(localFiles.count), "\(firstOutputs)")
        #expect(firstOutputs["objects_deleted"] == "1", "\(firstOutputs)")
        let bytes = try localFiles.reduce(Int64(0)) { total, path in
            total + ((try FileManager.default.attributesOfItem(atPath: cli.folder + "/out/emr/sales/" + path)[.size] as? NSNumber)?.int64Value ?? 0)
        }
        #expect(firstOutputs["bytes_uploaded"] == String(bytes))

        // boto3: the same keys and bytes; pyarrow over S3 with Hive partitioning: the same table as the local dataset.
        let check = try moto.boto3("""
        import hashlib, json, os
        import pyarrow.dataset as ds
        import pyarrow.fs as pafs
        local = sys.argv[1]
        keys = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="lake", Prefix="retail/sales/"):
            for item in page.get("Contents", []):
                keys[item["Key"][len("retail/sales/"):]] = item["Key"]
        same = all(hashlib.sha256(s3.get_object(Bucket="lake", Key=k)["Body"].read()).hexdigest()
                   == hashlib.sha256(open(os.path.join(local, rel), "rb").read()).hexdigest() for rel, k in keys.items())
        parquet_type = s3.head_object(Bucket="lake", Key=next(k for k in keys.values() if k.endswith(".parquet")))["ContentType"]
        fs = pafs.S3FileSystem(endpoint_override="\(moto.endpoint)", scheme="http", region="us-east-1",
                               access_key="\(MotoServer.accessKeyID)", secret_key="\(MotoServer.secretAccessKey)")
        remote = ds.dataset("lake/retail/sales", filesystem=fs, format="parquet", partitioning="hive",
                            exclude_invalid_files=True).to_table()
        here = ds.dataset(local, format="parquet", partitioning="hive", exclude_invalid_files=True,
                          ignore_prefixes=["_", "."]).to_table()
        columns = sorted(here.column_names)
        remote_rows = sorted((tuple(r.values()) for r in remote.select(columns).to_pylist()), key=repr)
        local_rows = sorted((tuple(r.values()) for r in here.select(columns).to_pylist()), key=repr)
        print(json.dumps({"keys": sorted(keys), "same": same, "type": parquet_type, "rows": remote.num_rows,
                          "local_rows": here.num_rows, "equal": remote_rows == local_rows, "columns": columns}))
        """, arguments: [cli.folder + "/out/emr/sales"])
        let readBack = try #require(try JSONSerialization.jsonObject(with: Data(check.utf8)) as? [String: Any])
        #expect((readBack["keys"] as? [String])?.sorted() == localFiles.sorted())
        #expect(readBack["same"] as? Bool == true)
        #expect(readBack["type"] as? String == "application/vnd.apache.parquet")
        #expect(readBack["rows"] as? Int ?? 0 > 10_000, "\(readBack)")
        #expect(readBack["rows"] as? Int == readBack["local_rows"] as? Int)
        #expect(readBack["equal"] as? Bool == true)
        #expect((readBack["columns"] as? [String])?.contains("year") == true)

        let second = try cli.run(["run", "sync.yaml", "--json", "--state", "state"], environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        let secondOutputs = try Self.outputs(second)
        #expect(secondOutputs["objects_uploaded"] == "0", "\(secondOutputs)")
        #expect(secondOutputs["objects_skipped"] == String(localFiles.count))
        #expect(secondOutputs["bytes_uploaded"] == "0")

        #expect(Self.files(under: cli.folder, containing: MotoServer.secretAccessKey).isEmpty)
        #expect(Self.files(under: cli.folder, containing: Self.sessionToken).isEmpty)
        #expect(!Self.files(under: cli.folder + "/state", containing: "objects_uploaded").isEmpty, "the grep looks where the run was recorded")
    }

    @Test func aKilledMultipartUploadIsAbortedAndCompletedByTheNextRun() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        try moto.createBucket("lake")
        let cli = try CLI()
        try FileManager.default.createDirectory(atPath: cli.folder + "/big", withIntermediateDirectories: true)
        var bytes = [UInt8](repeating: 0, count: 120 << 20)
        for index in stride(from: 0, to: bytes.count, by: 4096) { bytes[index] = UInt8(truncatingIfNeeded: index >> 12) }
        try Data(bytes).write(to: URL(fileURLWithPath: cli.folder + "/big/blob.bin"))
        try cli.write("big.yaml", """
        name: big_sync
        defaults:
          retries: 0
        tasks:
          - id: sync
            type: s3_sync
            source: big
            destination: s3://lake/big
            part_size: 5MiB
        """)
        var environment = moto.clientEnvironment
        environment["AWS_SESSION_TOKEN"] = Self.sessionToken

        let process = try cli.start(["run", "big.yaml", "--json", "--state", "state"], name: "killed", environment: environment)
        var partsSeen = false
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline && process.isRunning && !partsSeen {
            if let upload = try await Self.openUploads(moto).first {
                partsSeen = try await Self.get(moto, "/lake/\(upload.key)?uploadId=\(upload.id)").contains("<PartNumber>")
            }
            if !partsSeen { try await Task.sleep(for: .milliseconds(10)) }
        }
        try #require(partsSeen, "no multipart upload with a part appeared while the first run ran")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try await Self.openUploads(moto).count == 1, "the killed run left its upload open")

        let retry = try cli.run(["run", "big.yaml", "--json", "--state", "state"], environment: environment)
        #expect(retry.status == 0, "\(retry.stdout)\n\(retry.stderr)")
        let outputs = try Self.outputs(retry)
        #expect(outputs["incomplete_uploads_aborted"] == "1", "\(outputs)")
        #expect(outputs["objects_uploaded"] == "1")
        #expect(try await Self.openUploads(moto).isEmpty)
        let digest = try moto.boto3("""
        import hashlib
        body = s3.get_object(Bucket="lake", Key="big/blob.bin")["Body"].read()
        print(len(body), hashlib.sha256(body).hexdigest())
        """)
        let expected = try PythonScript.run("import hashlib, sys; b = open(sys.argv[1], 'rb').read(); print(len(b), hashlib.sha256(b).hexdigest())",
                                            arguments: [cli.folder + "/big/blob.bin"])
        #expect(digest == expected)
        #expect(Self.files(under: cli.folder, containing: Self.sessionToken).isEmpty)
    }

    /// moto answers unsigned requests: a plain GET of `path`.
    static func get(_ moto: MotoServer, _ path: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: moto.endpoint + path)!)
        return String(decoding: data, as: UTF8.self)
    }

    /// The open multipart uploads of bucket `lake` (key, upload id).
    static func openUploads(_ moto: MotoServer) async throws -> [(key: String, id: String)] {
        let xml = try await get(moto, "/lake?uploads")
        var uploads: [(key: String, id: String)] = []
        for chunk in xml.components(separatedBy: "<Upload>").dropFirst() {
            func value(_ tag: String) -> String? {
                guard let start = chunk.range(of: "<\(tag)>"), let end = chunk.range(of: "</\(tag)>", range: start.upperBound..<chunk.endIndex) else { return nil }
                return String(chunk[start.upperBound..<end.lowerBound])
            }
            if let key = value("Key"), let id = value("UploadId") { uploads.append((key, id)) }
        }
        return uploads
    }
}
