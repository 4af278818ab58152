import Foundation
import ObjectStorage
import OrchestratorCore
import OrchestratorEngine

/// `s3_sync`: uploads a local folder (or one file) to `s3://BUCKET/PREFIX`, skipping objects
/// whose size and content already match, deleting extraneous ones with `delete: true`, and
/// putting `_SUCCESS` markers last. Credentials come from the task's environment only and never
/// reach the log, the outputs or error messages.
public struct S3SyncTask: TaskType {
    /// Files uploaded at the same time.
    public let concurrency: Int

    public init(concurrency: Int = 8) { self.concurrency = max(1, concurrency) }

    public var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "s3_sync", summary: "uploads a local folder or file to s3://BUCKET/PREFIX, skipping unchanged objects", keys: [
            .init("source", required: true, summary: "the local folder or file"),
            .init("destination", required: true, summary: "s3://BUCKET/PREFIX (for a file source, the key itself unless it ends with /)"),
            .init("include", summary: "glob patterns of relative paths to upload (a list, or comma-separated); default all"),
            .init("exclude", summary: "glob patterns of relative paths to leave out"),
            .init("delete", summary: "true removes objects under the prefix with no local file; default false"),
            .init("endpoint", summary: "an S3-compatible endpoint URL; default $AWS_ENDPOINT_URL, else AWS"),
            .init("region", summary: "the region; default $AWS_REGION, else us-east-1"),
            .init("force_path_style", summary: "true puts the bucket in the path (MinIO); default true for an IP or localhost endpoint"),
            .init("part_size", summary: "multipart part size for larger files, such as 8MiB; default 16MiB, at least 5MiB"),
            .init("storage_class", summary: "the S3 storage class, such as STANDARD_IA"),
        ])
    }

    public func execute(_ context: TaskContext) async throws -> TaskResult {
        let settings = try S3SyncSettings(context)
        let executor = S3SyncExecutor(settings: settings, concurrency: concurrency, log: context.log)
        do {
            let tally = try await S3Client.with(settings.configuration) { client in try await executor.run(store: client) }
            return TaskResult(outputs: tally.outputs)
        } catch let error as S3Error {
            throw TaskFailure("task '\(context.task.id)': \(error.description)")
        }
    }
}
