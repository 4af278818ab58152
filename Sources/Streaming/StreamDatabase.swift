import Foundation
import GRDB

/// The streaming database, `state/streams.sqlite`: append-only stream logs with a sequence per
/// stream, committed checkpoints, the serving tables and API tokens.
///
/// `synchronous=FULL`: a commit is on disk (WAL fsynced) before it returns, so an acknowledged
/// POST survives power loss, not only a killed process. `GroupCommitter` shares that fsync among
/// concurrent requests.
public final class StreamDatabase: Sendable {
    let pool: DatabasePool
    public let path: String

    public static func path(inState root: String) -> String { root + "/streams.sqlite" }

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 64 MiB of page cache: upserts into the serving tables touch pages all over their B-trees.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        let migrator = StreamSchema.migrator
        var attempt = 0
        while true {
            attempt += 1
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                    throw StreamError.storage("\(path) was written by a newer orchestrator; upgrade to open it")
                }
                try migrator.migrate(pool)
                self.pool = pool
                return
            } catch let error as DatabaseError
                        where attempt < 100 && [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_ERROR].contains(error.resultCode) {
                usleep(20_000)
            } catch let error as StreamError {
                throw error
            } catch {
                throw StreamError.storage("cannot open \(path): \(error)")
            }
        }
    }

    /// Opens the streaming database of a state folder, creating the folder when needed.
    public convenience init(stateRoot: String) throws {
        try FileManager.default.createDirectory(atPath: stateRoot, withIntermediateDirectories: true)
        try self.init(path: Self.path(inState: stateRoot))
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let error as StreamError { throw error } catch { throw StreamError.storage("\(error)") }
    }

    /// A write transaction committed with `synchronous=NORMAL` (no fsync of its own); see `upsert`.
    func writeDeferringSync<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as StreamError { throw error } catch { throw StreamError.storage("\(error)") }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as StreamError { throw error } catch { throw StreamError.storage("\(error)") }
    }

    public static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
