/// Decides, without I/O, what syncing local files to a key prefix takes.
///
/// A file is skipped when an object at its key has the same size and the same content: the same
/// SHA-256 (from `HeadObject`), or the same MD5 when the ETag is a plain MD5. When anything else
/// changes, remote `_SUCCESS` markers are withdrawn first and uploaded again last.
public struct SyncPlanner: Sendable {
    /// Prepended to each relative path to make its key; empty or ending with `/`.
    public var keyPrefix: String
    public var filter: SyncFilter
    public var deleteExtraneous: Bool

    public init(keyPrefix: String, filter: SyncFilter = SyncFilter(), deleteExtraneous: Bool = false) {
        self.keyPrefix = keyPrefix
        self.filter = filter
        self.deleteExtraneous = deleteExtraneous
    }

    public func key(for file: LocalFile) -> String { keyPrefix + file.relativePath }

    /// Keys whose content cannot be compared from the listing alone (same size, but the ETag
    /// is not the file's MD5): their SHA-256 has to come from `HeadObject`.
    public func keysNeedingChecksum(local: [LocalFile], remote: [StoredObject]) -> [String] {
        let byKey = Dictionary(remote.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        return local.filter { filter.covers($0.relativePath) }.compactMap { file in
            guard let object = byKey[key(for: file)], object.size == file.size, !(object.eTagIsContentMD5 && object.eTag == file.md5) else { return nil }
            return object.key
        }
    }

    /// The plan; `remoteSHA256` holds the SHA-256 (hex) of objects fetched with `HeadObject`.
    public func plan(local: [LocalFile], remote: [StoredObject], remoteSHA256: [String: String] = [:]) -> SyncPlan {
        let byKey = Dictionary(remote.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var plan = SyncPlan()
        var markers: [(file: LocalFile, exists: Bool, matches: Bool)] = []
        let selected = local.filter { filter.covers($0.relativePath) }.sorted { $0.relativePath < $1.relativePath }
        for file in selected {
            let key = key(for: file)
            let matches = byKey[key].map { object in
                object.size == file.size && ((object.eTagIsContentMD5 && object.eTag == file.md5) || remoteSHA256[key] == file.sha256)
            } ?? false
            if file.isCompletionMarker {
                markers.append((file, byKey[key] != nil, matches))
            } else if matches {
                plan.skipped.append(file)
            } else {
                plan.uploads.append(upload(file))
            }
        }
        if deleteExtraneous {
            let localKeys = Set(selected.map(key(for:)))
            plan.deletes = remote.map(\.key).filter { key in
                key.hasPrefix(keyPrefix) && !localKeys.contains(key) && filter.covers(String(key.dropFirst(keyPrefix.count)))
            }.sorted()
        }
        let dataChanges = !plan.uploads.isEmpty || !plan.deletes.isEmpty
        if dataChanges {
            // A remote marker with no local one (the source dropped it) no longer vouches for the
            // data being changed: it goes first, before any upload, and is not deleted again later.
            let localMarkers = Set(markers.map { key(for: $0.file) })
            let stale = remote.map(\.key).filter { key in
                key.hasPrefix(keyPrefix) && !localMarkers.contains(key) && (key == keyPrefix + "_SUCCESS" || key.hasSuffix("/_SUCCESS"))
            }.sorted()
            plan.withdrawnMarkers += stale
            plan.deletes.removeAll { stale.contains($0) }
        }
        for (file, exists, matches) in markers {
            if matches && !dataChanges {
                plan.skipped.append(file)
            } else {
                if exists { plan.withdrawnMarkers.append(key(for: file)) }
                plan.markers.append(upload(file))
            }
        }
        return plan
    }

    private func upload(_ file: LocalFile) -> SyncPlan.Upload {
        SyncPlan.Upload(file: file, key: key(for: file), contentType: ContentType.forPath(file.relativePath))
    }
}
