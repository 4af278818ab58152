import Foundation
import ObjectStorage
import OrchestratorEngine

/// Carries out one sync against an `ObjectStore`: scan and hash the source, list the prefix,
/// plan, abort incomplete multipart uploads under the keys it writes (left by a killed earlier
/// attempt), withdraw stale `_SUCCESS` markers, upload, delete, then upload the markers.
struct S3SyncExecutor: Sendable {
    var settings: S3SyncSettings
    var concurrency: Int
    var log: TaskLog

    func run(store: any ObjectStore) async throws -> S3SyncTally {
        let started = Date()
        let bucket = settings.destination.bucket
        let isFile = settings.sourceIsFile
        let local = try await LocalFolder.files(at: settings.source)
        // A file goes to the destination key itself, unless the destination names a folder.
        let fileKey = isFile && !settings.destination.key.isEmpty && !settings.destination.key.hasSuffix("/")
        let keyPrefix = fileKey ? String(settings.destination.key.dropLast(lastComponent(settings.destination.key).count))
            : settings.destination.folderPrefix
        let files = fileKey ? local.map { LocalFile(relativePath: lastComponent(settings.destination.key), size: $0.size, sha256: $0.sha256, md5: $0.md5) } : local
        let sourceRoot = isFile ? (settings.source as NSString).deletingLastPathComponent : settings.source
        let localPath = Dictionary(zip(files.map(\.relativePath), local.map { sourceRoot + "/" + $0.relativePath })) { first, _ in first }

        let planner = SyncPlanner(keyPrefix: keyPrefix, filter: settings.filter, deleteExtraneous: settings.delete && !isFile)
        let listingPrefix = fileKey ? settings.destination.key : keyPrefix
        let remote = try await store.list(bucket: bucket, prefix: listingPrefix)
        let checksums = try await headChecksums(store, bucket: bucket, keys: planner.keysNeedingChecksum(local: files, remote: remote))
        let plan = planner.plan(local: files, remote: remote, remoteSHA256: checksums)
        log.write("s3_sync: \(files.count) local files, \(remote.count) objects under s3://\(bucket)/\(listingPrefix); "
            + "\(plan.uploads.count + plan.markers.count) to upload, \(plan.skipped.count) unchanged, \(plan.deletes.count) to delete")

        var tally = S3SyncTally(skipped: plan.skipped.count)
        tally.abortedUploads = try await abortStaleUploads(store, bucket: bucket, prefix: listingPrefix,
                                                          keys: Set(files.map(planner.key(for:))), before: started)
        if !plan.withdrawnMarkers.isEmpty { try await store.delete(bucket: bucket, keys: plan.withdrawnMarkers) }
        tally.bytesUploaded += try await upload(plan.uploads, store: store, bucket: bucket, paths: localPath)
        if !plan.deletes.isEmpty {
            try await store.delete(bucket: bucket, keys: plan.deletes)
            log.write("s3_sync: deleted \(plan.deletes.count) objects with no local file")
        }
        tally.bytesUploaded += try await upload(plan.markers, store: store, bucket: bucket, paths: localPath)
        tally.uploaded = plan.uploads.count + plan.markers.count
        tally.deleted = plan.deletes.count
        log.write("s3_sync: uploaded \(tally.uploaded) objects (\(tally.bytesUploaded) bytes), skipped \(tally.skipped), deleted \(tally.deleted)")
        return tally
    }

    /// The SHA-256 of `keys` from `HeadObject`, a few at a time.
    private func headChecksums(_ store: any ObjectStore, bucket: String, keys: [String]) async throws -> [String: String] {
        try await withThrowingTaskGroup(of: (String, String?).self) { group in
            var found: [String: String] = [:]
            for (index, key) in keys.enumerated() {
                if index >= concurrency, let (key, sha) = try await group.next(), let sha { found[key] = sha }
                group.addTask { (key, try await store.head(bucket: bucket, key: key)?.sha256) }
            }
            for try await (key, sha) in group { if let sha { found[key] = sha } }
            return found
        }
    }

    /// Aborts multipart uploads under `prefix` for `keys`, begun before this attempt: a killed
    /// attempt leaves them, and this attempt writes those keys again anyway.
    private func abortStaleUploads(_ store: any ObjectStore, bucket: String, prefix: String, keys: Set<String>, before: Date) async throws -> Int {
        let stale = try await store.listMultipartUploads(bucket: bucket, prefix: prefix).filter { upload in
            keys.contains(upload.key) && (upload.initiated.map { $0 < before } ?? true)
        }
        for upload in stale {
            try await store.abortMultipartUpload(bucket: bucket, key: upload.key, uploadID: upload.uploadID)
        }
        if !stale.isEmpty { log.write("s3_sync: aborted \(stale.count) incomplete multipart uploads left by an earlier attempt") }
        return stale.count
    }

    /// Uploads `items` with up to `concurrency` at once; returns the bytes sent.
    private func upload(_ items: [SyncPlan.Upload], store: any ObjectStore, bucket: String, paths: [String: String]) async throws -> Int64 {
        let partSize = settings.partSize
        let storageClass = settings.storageClass
        return try await withThrowingTaskGroup(of: Int64.self) { group in
            var bytes: Int64 = 0
            for (index, item) in items.enumerated() {
                if index >= concurrency, let sent = try await group.next() { bytes += sent }
                let path = paths[item.file.relativePath] ?? ""
                group.addTask {
                    let upload = ObjectUpload(contentType: item.contentType, storageClass: storageClass, sha256: item.file.sha256)
                    if item.file.size > partSize.bytes {
                        _ = try await store.putMultipart(file: path, bucket: bucket, key: item.key, partSize: partSize, upload: upload)
                    } else {
                        let data: Data
                        do {
                            data = try Data(contentsOf: URL(fileURLWithPath: path))
                        } catch {
                            throw S3Error.localFile(path: path, detail: "\(error.localizedDescription)")
                        }
                        _ = try await store.put(data, bucket: bucket, key: item.key, upload: upload)
                    }
                    return item.file.size
                }
            }
            for try await sent in group { bytes += sent }
            return bytes
        }
    }

    private func lastComponent(_ key: String) -> String {
        key.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? key
    }
}
