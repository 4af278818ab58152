import Foundation
import CSQLiteTuning
import GRDB

/// The streaming state of a state folder, in three SQLite files:
///
/// - `streams.sqlite`: append-only stream logs with a sequence per stream, checkpoints and pending
///   batches, landed files and API tokens;
/// - `serving-items.sqlite`: `invoice_items`; `serving-customers.sqlite`: `customer_invoices`.
///
/// Each file has its own writer, so a micro-batch upserts both serving tables at once, and neither
/// holds up the group commits of ingest. `synchronous=FULL` everywhere: a commit is on disk (WAL
/// fsynced) before it returns, so an acknowledged POST survives power loss, not only a killed
/// process. `GroupCommitter` shares that fsync among concurrent requests.
public final class StreamDatabase: Sendable {
    let pool: DatabasePool
    let items: DatabasePool
    let customers: DatabasePool
    public let path: String

    /// True when SQLite's global allocation statistics are off (see `CSQLiteTuning`).
    public static var isTunedForParallelWriters: Bool { orchestrator_sqlite_memstatus_disabled() == 1 }

    public static func path(inState root: String) -> String { root + "/streams.sqlite" }

    /// Opens (creating when missing) `path` and the serving files beside it.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        let prefix = folder.isEmpty ? "" : folder + "/"
        pool = try SQLiteFile.open(path, migrator: StreamSchema.migrator)
        // 64 MiB of page cache each: upserts touch pages all over the serving B-trees.
        items = try SQLiteFile.open(prefix + "serving-items.sqlite", migrator: ServingSchema.items, cacheMiB: 64)
        customers = try SQLiteFile.open(prefix + "serving-customers.sqlite", migrator: ServingSchema.customers, cacheMiB: 64)
    }

    /// Opens the streaming database of a state folder, creating the folder when needed.
    public convenience init(stateRoot: String) throws {
        try FileManager.default.createDirectory(atPath: stateRoot, withIntermediateDirectories: true)
        try self.init(path: Self.path(inState: stateRoot))
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.storage { try pool.write(body) }
    }

    /// Runs `body`, reporting database errors as `StreamError.storage`.
    static func storage<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as StreamError { throw error } catch { throw StreamError.storage("\(error)") }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.storage { try pool.read(body) }
    }

    public static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
