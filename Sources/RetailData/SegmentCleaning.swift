import Foundation

/// The second half of a split clean (`CleaningSplit`) on a thread of its own: it reads and cleans
/// the records from its offset to the end with its own reader and `CleaningCore`, then computes
/// the whole file's SHA-256, which the first half no longer has to share its core with.
final class SegmentCleaning: @unchecked Sendable {
    /// Read only after `waitForRows()` returns.
    var core: CleaningCore
    let reader: CSVStreamReader
    private let rows = ResultCell<Void>()
    private let digest = ResultCell<String>()

    /// Starts cleaning the records of `first`'s file from `offset` (a record start) to the end.
    init(continuing first: CSVStreamReader, from offset: Int, rules: CleaningRules) throws {
        reader = try CSVStreamReader(segmentOf: first, from: offset)
        core = try CleaningCore(rules: rules)
        core.reserveCapacity(min((reader.fileSize - offset) / 32 + 16, 1 << 21))
        let path = first.path
        Thread { [self] in
            rows.settle(Result { try reader.read(into: &core) })
            digest.settle(Result { try FileDigest.sha256Hex(path: path) })
        }.start()
    }

    /// Blocks until the half is read; throws its reading error.
    func waitForRows() throws {
        try rows.wait()
    }

    /// Blocks until the file's SHA-256 is known (lower-case hex).
    func waitForDigest() throws -> String {
        try digest.wait()
    }
}
