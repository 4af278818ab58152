import Foundation
import OrchestratorCore
import OrchestratorEngine
import Parquet
import RetailData
import RetailTasks
import Streaming

/// `stream_lake_sink`: writes the cleaned micro-batch to the lake as
/// `LAKE/year=YYYY/month=MM/part-<first>-<last>.parquet`, with the batch pipeline's schema and
/// writer. Names come from the batch's sequence range, so a rerun overwrites its own files; each
/// file is written beside its final name, synced, and renamed into place. Staging files that a
/// killed run left behind are removed by the next write to their partition (`LakeStaging`).
/// With `s3`, each part is also put in the bucket under the same relative key (`LakeMirror`).
struct StreamLakeSinkTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "stream_lake_sink", summary: "writes the micro-batch as Parquet into year/month partitions", keys: StreamTaskKeys.common + [
            .init("lake", required: true, summary: "the dataset folder, e.g. lake/stream/sales"),
            .init("codec", summary: "snappy (default), gzip or uncompressed"),
            .init("s3", summary: "also put each part at s3://BUCKET/PREFIX/year=/month=/part-<first>-<last>.parquet, before the checkpoint moves"),
            .init("endpoint", summary: "the S3 endpoint (MinIO, moto); default $AWS_ENDPOINT_URL, else AWS"),
            .init("region", summary: "the bucket's region; default $AWS_REGION, else us-east-1"),
            .init("force_path_style", summary: "true puts the bucket in the path; default true for a localhost or IP endpoint"),
        ])
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let lake = context.resolvePath(try context.requiredString("lake"))
        let codec: ParquetCodec = try context.choice("codec", default: .snappy)
        let mirror = try LakeMirror.from(context)
        let stream = try context.streamName()
        let database = try context.streamDatabase()
        guard let batch = try await context.pendingMicroBatch(database, stream: stream) else {
            return TaskResult(outputs: [("files", "0")], skipped: true)
        }
        let run = context.runID.rawValue
        let files = try await StreamWork.run { try Self.write(batch, to: lake, codec: codec, run: run) }
        context.log.write("wrote \(batch.table.count) rows to \(files.count) file(s): \(files.joined(separator: ", "))")
        var outputs = [("files", String(files.count)), ("rows", String(batch.table.count))]
        if let mirror {
            let keys = try await mirror.upload(files, lake: lake)
            context.log.write("put \(keys.count) object(s) in s3://\(mirror.destination.bucket): \(keys.joined(separator: ", "))")
            outputs.append(("objects_uploaded", String(keys.count)))
        }
        return TaskResult(outputs: outputs)
    }

    /// Writes one file per month present in the batch and returns their paths.
    static func write(_ batch: MicroBatch, to lake: String, codec: ParquetCodec, run: String) throws -> [String] {
        let table = batch.table
        guard table.count > 0 else { return [] }
        let writer = ParquetWriter(codec: codec)
        let columns = table.parquetColumns
        var paths: [String] = []
        for (key, rows) in table.monthGroups() {
            let folder = lake + "/year=\(key / 100)/month=" + (key % 100 < 10 ? "0" : "") + String(key % 100)
            let created = !FileManager.default.fileExists(atPath: folder)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if created {
                // New year=/month= folders must survive a power cut too: sync their parents.
                let year = (folder as NSString).deletingLastPathComponent
                try DurableFile.sync(year)
                try DurableFile.sync((year as NSString).deletingLastPathComponent)
            }
            let path = folder + "/part-\(batch.range.first)-\(batch.range.last).parquet"
            // The staging name carries the run: two runs never write the same temporary file.
            let staging = folder + "/.part-\(batch.range.first)-\(batch.range.last).\(run).tmp"
            LakeStaging.sweep(folder, keeping: staging, range: "\(batch.range.first)-\(batch.range.last)")
            try writer.write(columns: columns, rows: rows, to: staging)
            try DurableFile.sync(staging)
            guard rename(staging, path) == 0 else { throw TaskFailure("cannot rename \(staging) to \(path): \(String(cString: strerror(errno)))") }
            try DurableFile.sync(folder)
            paths.append(path)
        }
        return paths
    }
}
