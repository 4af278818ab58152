/// What a sync does, in order: withdraw stale completion markers, upload the data, delete
/// extraneous objects, then upload the completion markers.
public struct SyncPlan: Sendable, Equatable {
    public struct Upload: Sendable, Equatable {
        public var file: LocalFile
        public var key: String
        public var contentType: String
    }

    /// Remote `_SUCCESS` markers removed before anything changes, so no reader trusts a half-updated dataset.
    public var withdrawnMarkers: [String] = []
    /// Data files to upload (markers excluded).
    public var uploads: [Upload] = []
    /// Files whose remote copy already has the same size and content.
    public var skipped: [LocalFile] = []
    /// Keys under the prefix with no local file (only with `delete`).
    public var deletes: [String] = []
    /// `_SUCCESS` markers, uploaded last.
    public var markers: [Upload] = []

    public var isEmpty: Bool { withdrawnMarkers.isEmpty && uploads.isEmpty && deletes.isEmpty && markers.isEmpty }
}
