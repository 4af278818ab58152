import Foundation
import ObjectStorage
import OrchestratorCore
import OrchestratorEngine

/// The keys of an `s3_sync` task, read and checked without touching files or the network.
struct S3SyncSettings: Sendable {
    static let defaultPartSize = ByteSize.mebibytes(16)
    static let largestPartSize = ByteSize(bytes: 5 << 30)
    static let storageClasses = ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
                                 "GLACIER_IR", "DEEP_ARCHIVE", "OUTPOSTS", "EXPRESS_ONEZONE", "SNOW"]

    var source: String
    var destination: S3URI
    var filter: SyncFilter
    var delete: Bool
    var partSize: ByteSize
    var storageClass: String?
    var configuration: S3Configuration

    init(source: String, destination: S3URI, filter: SyncFilter = SyncFilter(include: [], exclude: []), delete: Bool = false,
         partSize: ByteSize = Self.defaultPartSize, storageClass: String? = nil, configuration: S3Configuration) {
        self.source = source
        self.destination = destination
        self.filter = filter
        self.delete = delete
        self.partSize = partSize
        self.storageClass = storageClass
        self.configuration = configuration
    }

    init(_ context: TaskContext) throws {
        let id = context.task.id
        source = context.resolvePath(try context.requiredString("source"))
        do {
            destination = try S3URI(try context.requiredString("destination"))
        } catch let error as S3URI.ParseError {
            throw TaskFailure("task '\(id)': destination: \(error.description)")
        }
        filter = SyncFilter(include: try context.stringList("include"), exclude: try context.stringList("exclude"))
        delete = try context.boolean("delete", default: false)
        if let text = context.string("part_size") {
            guard let size = ByteSize(text) else { throw TaskFailure("task '\(id)': part_size '\(text)' is not a size such as 16MiB or 8388608") }
            guard size >= S3Client.minimumPartSize, size <= Self.largestPartSize else {
                throw TaskFailure("task '\(id)': part_size \(size) is outside S3's limits for a part (5MiB to 5GiB)")
            }
            partSize = size
        } else {
            partSize = Self.defaultPartSize
        }
        if let text = context.string("storage_class") {
            guard Self.storageClasses.contains(text.uppercased()) else {
                throw TaskFailure("task '\(id)': unknown storage_class '\(text)'; use one of \(Self.storageClasses.joined(separator: ", "))")
            }
            storageClass = text.uppercased()
        }
        let endpoint = context.string("endpoint")
        do {
            var configuration = try S3Configuration.fromEnvironment(context.environment, endpoint: endpoint, region: context.string("region"))
            configuration.forcePathStyle = try context.boolean("force_path_style", default: configuration.endpointIsAddress)
            self.configuration = configuration
        } catch let error as S3ConfigurationError {
            throw TaskFailure("task '\(id)': \(error.description)")
        }
    }

    /// Whether `source` is one file rather than a folder.
    var sourceIsFile: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
