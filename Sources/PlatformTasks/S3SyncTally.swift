/// What one `s3_sync` attempt did, as the task's outputs.
struct S3SyncTally: Sendable, Equatable {
    var uploaded = 0
    var skipped = 0
    var deleted = 0
    var bytesUploaded: Int64 = 0
    var abortedUploads = 0

    var outputs: [(key: String, value: String)] {
        [("objects_uploaded", String(uploaded)), ("objects_skipped", String(skipped)), ("bytes_uploaded", String(bytesUploaded)),
         ("objects_deleted", String(deleted)), ("incomplete_uploads_aborted", String(abortedUploads))]
    }
}
