import Foundation
import OrchestratorStore
import PostgresStore
import SQLiteStore
import Synchronization
import TestServers

/// One fresh database where any number of stores can be opened.
final class StoreDatabase: Sendable {
    let kind: StoreKind
    /// The SQLite file, or the PostgreSQL URL.
    let location: String
    private let folder: String?
    private let opened = Mutex<[PostgresRunStore]>([])

    init(kind: StoreKind) async throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let folder = NSTemporaryDirectory() + "store-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            self.folder = folder
            location = folder + "/orchestrator.sqlite"
        case .postgres:
            folder = nil
            location = try await PostgresServer.shared().createDatabase("runs_" + UUID().uuidString.prefix(8).lowercased())
        }
    }

    /// Another store on this database.
    func open() async throws -> any RunStore & TaskQueue {
        switch kind {
        case .sqlite:
            return try SQLiteRunStore(path: location)
        case .postgres:
            let store = try await PostgresRunStore(url: location)
            opened.withLock { $0.append(store) }
            return store
        }
    }

    /// The log store that goes with `runs`, a store opened on this database: the folder's files
    /// beside the SQLite file, or PostgreSQL's chunk table.
    func logStore(runs: any RunStore) -> any LogStore {
        switch kind {
        case .sqlite:
            FolderLogStore(folder: StateDirectory(root: folder!), runs: runs)
        case .postgres:
            PostgresLogStore(store: runs as! PostgresRunStore)
        }
    }

    func close() async {
        for store in opened.withLock({ $0 }) { await store.shutdown() }
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
