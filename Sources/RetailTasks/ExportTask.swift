import Foundation
import OrchestratorCore
import OrchestratorEngine
import RetailData
import RetailExports

/// `export`: hands the data to its consumers. `format: powerbi` writes the star schema CSVs
/// (UTF-8 BOM, CRLF) and a README; `format: emr` writes the Spark SQL/Athena DDL and a Zeppelin note.
struct ExportTask: TaskType {
    enum Format: String, CaseIterable {
        case powerbi
        case emr
    }

    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "export", summary: "writes Power BI star-schema CSVs or EMR/Zeppelin artifacts", keys: [
            .init("format", required: true, summary: "powerbi or emr"),
            .init("table", summary: "the cleaned table (needed for powerbi)"),
            .init("out", required: true, summary: "the folder to write, e.g. data/out/powerbi or data/out/emr"),
            .init("location", summary: "emr: the table LOCATION in the DDL, default s3://YOUR-BUCKET/emr/sales/"),
        ])
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let out = context.resolvePath(try context.requiredString("out"))
        let format: Format = try context.choice("format", default: .powerbi)
        switch format {
        case .powerbi:
            let prepared = try CleanTableHandoff.prepared(context)
            try await BlockingWork.run {
                let tables = try PowerBITables(prepared)
                try DirectorySwap.replace(out, runID: context.runID.rawValue) { staging in
                    try PowerBIExport.write(tables, to: OutputDirectory(path: staging))
                }
            }
        case .emr:
            // The emr/ folder also holds the partitioned dataset, so files are replaced one by one (each atomically).
            let location = context.string("location") ?? SparkSQL.defaultLocation
            try EMRArtifacts.write(to: OutputDirectory(path: out), location: location)
        }
        context.log.write("wrote \(format.rawValue) export to \(out)")
        return TaskResult(outputs: [("path", out)])
    }
}
