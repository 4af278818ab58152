import Foundation

/// The second half of a split clean (`CleaningSplit`): its own reader and `CleaningCore`, run on a
/// thread of its own from the moment it is made.
final class SegmentCleaning: @unchecked Sendable {
    /// Read only after `wait()` returns.
    var core: CleaningCore
    let reader: CSVStreamReader
    private var work: BackgroundResult<Void>?

    /// Starts cleaning the records of `first`'s file from `offset` (a record start) to the end.
    init(continuing first: CSVStreamReader, from offset: Int, rules: CleaningRules) throws {
        reader = try CSVStreamReader(segmentOf: first, from: offset)
        core = try CleaningCore(rules: rules)
        core.reserveCapacity(min((reader.fileSize - offset) / 32 + 16, 1 << 21))
        work = BackgroundResult { [self] in try reader.read(into: &core) }
    }

    /// Blocks until the half is read; throws its reading error.
    func wait() throws {
        try work?.wait()
    }
}
