import Foundation
import OrchestratorCore
import OrchestratorEngine
import Parquet
import RetailData
import RetailExports

/// `partition`: writes the cleaned table as Hive-partitioned Parquet for Spark, EMR and Athena:
/// `OUT/year=YYYY/month=MM/part-00000.parquet`, then `_SUCCESS` last. The folder is swapped in
/// whole, so readers never see half a partition.
struct PartitionTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "partition", summary: "writes the cleaned sales as year/month Parquet partitions", keys: [
            .init("table", required: true, summary: "the cleaned table written by a clean task"),
            .init("out", required: true, summary: "the dataset folder, e.g. data/out/emr/sales"),
            .init("codec", summary: "snappy (default), gzip or uncompressed"),
        ])
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let out = context.resolvePath(try context.requiredString("out"))
        let codec: ParquetCodec = try context.choice("codec", default: .snappy)
        let table = try CleanTableHandoff.table(context)
        let partitions = try await BlockingWork.run {
            let groups = table.monthGroups()
            try DirectorySwap.replace(out, runID: context.runID.rawValue) { staging in
                let writer = ParquetWriter(codec: codec)
                let columns = table.parquetColumns
                // Months are independent files: two threads write them, the largest first.
                let largestFirst = groups.indices.sorted { groups[$0].1.count > groups[$1].1.count }
                try TwoThreadLoop.run(largestFirst) { index in
                    let (key, rows) = groups[index]
                    let folder = staging + "/year=\(key / 100)/month=" + (key % 100 < 10 ? "0" : "") + String(key % 100)
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try writer.write(columns: columns, rows: rows, to: folder + "/part-00000.parquet")
                }
                FileManager.default.createFile(atPath: staging + "/_SUCCESS", contents: Data())
            }
            return groups.count
        }
        context.log.write("wrote \(table.count) rows in \(partitions) partitions to \(out)")
        return TaskResult(outputs: [("path", out), ("partitions", String(partitions)), ("rows", String(table.count))])
    }
}
