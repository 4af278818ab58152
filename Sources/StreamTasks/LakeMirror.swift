import Foundation
import ObjectStorage
import OrchestratorEngine

/// The lake sink's optional copy in S3: each part file written under the local lake is also put at
/// `s3://BUCKET/PREFIX/<same relative path>`, before the task ends and so before the checkpoint
/// moves. A redo of the batch writes the same key with the same bytes, so the bucket stays exactly once.
struct LakeMirror {
    let destination: S3URI
    let configuration: S3Configuration
    /// Parts above this size go as multipart uploads.
    let partSize: ByteSize

    /// The mirror a task's keys describe (`s3`, `endpoint`, `region`, `force_path_style`), or nil without `s3`.
    static func from(_ context: TaskContext) throws -> LakeMirror? {
        guard let text = context.string("s3"), !text.isEmpty else { return nil }
        do {
            let destination = try S3URI(text)
            var configuration = try S3Configuration.fromEnvironment(
                context.environment, endpoint: context.string("endpoint"), region: context.string("region"))
            switch context.string("force_path_style")?.lowercased() {
            case nil: configuration.forcePathStyle = configuration.endpointIsAddress
            case "true"?, "yes"?: configuration.forcePathStyle = true
            case "false"?, "no"?: configuration.forcePathStyle = false
            case let other?: throw TaskFailure("force_path_style must be true or false, got '\(other)'")
            }
            return LakeMirror(destination: destination, configuration: configuration, partSize: .mebibytes(16))
        } catch let error as S3URI.ParseError {
            throw TaskFailure("s3: \(error.description)")
        } catch let error as S3ConfigurationError {
            throw TaskFailure("s3: \(error.description)")
        }
    }

    /// The key of a file below `lake`.
    func key(of path: String, lake: String) -> String {
        let relative = String(path.dropFirst(lake.count).drop { $0 == "/" })
        let prefix = destination.key.hasSuffix("/") || destination.key.isEmpty ? destination.key : destination.key + "/"
        return prefix + relative
    }

    /// Puts every file; returns the keys written.
    func upload(_ paths: [String], lake: String) async throws -> [String] {
        try await S3Client.with(configuration) { client in
            var keys: [String] = []
            for path in paths {
                let key = key(of: path, lake: lake)
                let upload = ObjectUpload(contentType: ContentType.forPath(path))
                let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
                if size > partSize.bytes {
                    _ = try await client.putMultipart(file: path, bucket: destination.bucket, key: key, partSize: partSize, upload: upload)
                } else {
                    let body = try Data(contentsOf: URL(fileURLWithPath: path))
                    _ = try await client.put(body, bucket: destination.bucket, key: key, upload: upload)
                }
                keys.append(key)
            }
            return keys
        }
    }
}
