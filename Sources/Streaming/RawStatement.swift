import GRDB
import GRDBSQLite

/// The SQLite C API on a statement GRDB prepared, for the hot loops (appends, micro-batch reads
/// and upserts) where building `StatementArguments` and `Row`s per record would cost more than
/// SQLite itself.
struct RawStatement {
    let handle: OpaquePointer
    let sql: String

    init(_ statement: Statement) {
        handle = statement.sqliteStatement
        sql = statement.sql
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                                  Int32(bytes.count), Self.transient)
        }
    }

    /// Binds UTF-8 bytes as text.
    func bindText(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self),
                                  Int32(buffer.count), Self.transient)
        }
    }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    /// Runs the bound statement to completion and resets it for the next bindings.
    func run() throws {
        let code = sqlite3_step(handle)
        let error = code == SQLITE_DONE || code == SQLITE_ROW ? nil : failure(code)
        sqlite3_reset(handle)
        if let error { throw error }
    }

    /// The error of a step that returned `code`, with the connection's message (a trigger's or a
    /// constraint's own words), read before the statement is reset.
    private func failure(_ code: Int32) -> StreamError {
        let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        return StreamError.storage("SQLite error \(code) (\(message)) in \(sql)")
    }

    /// Steps through the result rows, calling `row` for each; column bytes are valid only inside it.
    func forEachRow(_ row: (RawStatement) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code) }
            try row(self)
        }
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The column's text bytes; empty for NULL.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let pointer = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
}
