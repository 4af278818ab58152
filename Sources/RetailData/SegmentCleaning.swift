import Foundation

/// The second half of a split clean (`CleaningSplit`) on a thread of its own: it reads and cleans
/// the records from its offset to the end with its own reader and `CleaningCore`, then computes
/// the whole file's SHA-256, which the first half no longer has to share its core with.
final class SegmentCleaning: @unchecked Sendable {
    /// Read only after `waitForRows()` returns.
    var core: CleaningCore
    let reader: CSVStreamReader
    private let condition = NSCondition()
    private var rows: Result<Void, any Error>?
    private var digest: Result<String, any Error>?

    /// Starts cleaning the records of `first`'s file from `offset` (a record start) to the end.
    init(continuing first: CSVStreamReader, from offset: Int, rules: CleaningRules) throws {
        reader = try CSVStreamReader(segmentOf: first, from: offset)
        core = try CleaningCore(rules: rules)
        core.reserveCapacity(min((reader.fileSize - offset) / 32 + 16, 1 << 21))
        let path = first.path
        Thread { [self] in
            let rows = Result { try reader.read(into: &core) }
            settle { self.rows = rows }
            let digest = Result { try FileDigest.sha256Hex(path: path) }
            settle { self.digest = digest }
        }.start()
    }

    /// Blocks until the half is read; throws its reading error.
    func waitForRows() throws {
        try wait { rows }.get()
    }

    /// Blocks until the file's SHA-256 is known (lower-case hex).
    func waitForDigest() throws -> String {
        try wait { digest }.get()
    }

    private func settle(_ change: () -> Void) {
        condition.lock()
        change()
        condition.broadcast()
        condition.unlock()
    }

    private func wait<Value>(for value: () -> Value?) -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value = value() { return value }
            condition.wait()
        }
    }
}
