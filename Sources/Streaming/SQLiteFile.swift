import Foundation
import GRDB

/// Opens one SQLite file of the streaming state in WAL mode with `synchronous=FULL` and applies its
/// migrations. Processes that open a new file at the same moment race to create it; the loser
/// retries for up to about 2 s and then sees the winner's work.
enum SQLiteFile {
    static func open(_ path: String, migrator: DatabaseMigrator, cacheMiB: Int = 8) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -\(cacheMiB * 1024)")
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                    throw StreamError.storage("\(path) was written by a newer orchestrator; upgrade to open it")
                }
                try migrator.migrate(pool)
                return pool
            } catch let error as DatabaseError
                        where attempt < 100 && ([.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_ERROR].contains(error.resultCode)
                            || (error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("grdb_migrations"))) {
                usleep(20_000)
            } catch let error as StreamError {
                throw error
            } catch {
                throw StreamError.storage("cannot open \(path): \(error)")
            }
        }
    }
}
