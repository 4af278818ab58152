import Foundation

/// The batch path: CSV file → `CSVStreamReader` → `CleaningCore` → `SalesTable`, with the file's
/// SHA-256 computed on another thread. A large file is read as two halves on two threads and
/// merged (`CleaningSplit`), the same result as one reader's; the second half's thread then
/// computes the SHA-256 while the first merges and builds the table.
public struct SalesCleaningJob: Sendable {
    public var input: URL
    public var rules: CleaningRules
    public var readerOptions: CSVReaderOptions
    public var split: CleaningSplit

    public init(input: URL, rules: CleaningRules = CleaningRules(), encoding: InputEncoding = .auto,
                readerOptions: CSVReaderOptions = CSVReaderOptions(), split: CleaningSplit = .automatic) {
        self.input = input
        self.rules = rules
        self.split = split
        var options = readerOptions
        options.encoding = encoding
        self.readerOptions = options
    }

    /// Reads and cleans the whole file.
    ///
    /// `tableBuilt` is called with the table as soon as it is built, on the calling thread, while
    /// the file's SHA-256 may still be computed on another: work that needs the table but not the
    /// report (writing it out) overlaps the digest's end. Its error ends the run.
    ///
    /// - Throws: `FileIOError` (unreadable file), `CSVReaderError` (no header, missing columns),
    ///   `DatePatternError` (bad `rules.dateFormat`), or what `tableBuilt` throws.
    public func run(tableBuilt: (SalesTable) throws -> Void = { _ in }) throws -> CleaningResult {
        let path = input.path
        var cleaner = try CleaningCore(rules: rules)
        let reader = try CSVStreamReader(path: path, columns: RetailColumns.all, options: readerOptions)
        // Room for every row a file of this size can plausibly hold (rows are rarely under 32 bytes);
        // pages never written cost nothing. Larger files grow the buffers as they go.
        cleaner.reserveCapacity(min(reader.fileSize / 32 + 16, 1 << 22))
        var blankLines = 0
        var sawInvalidUTF8 = false
        var absorbed: (segment: SegmentCleaning, plan: AbsorbPlan)?
        let digest: () throws -> String
        if let offset = split.guess(fileSize: reader.fileSize, processors: ProcessInfo.processInfo.activeProcessorCount),
           let start = try LineStart.after(max(offset, reader.position), in: path), start > reader.position, start < reader.fileSize {
            let second = try SegmentCleaning(continuing: reader, from: start, rules: rules)
            digest = second.waitForDigest
            reader.stopOffset = start
            try reader.read(into: &cleaner)
            reader.stopOffset = .max
            if reader.position == start {
                try second.waitForRows()
                absorbed = (second, cleaner.absorb(&second.core, lineOffset: reader.nextLine - 1))
                blankLines = second.reader.blankLines
                sawInvalidUTF8 = second.reader.sawInvalidUTF8
            } else {
                // The guessed line start was inside a quoted field: read on alone.
                try reader.read(into: &cleaner)
            }
        } else {
            digest = FileDigest.sha256InBackground(path: path).wait
            try reader.read(into: &cleaner)
        }
        blankLines += reader.blankLines
        // The second half records invalid UTF-8 only under `.auto` without a byte-order mark: Latin-1.
        let encoding = sawInvalidUTF8 ? DetectedEncoding.latin1 : reader.detectedEncoding
        let table = if let absorbed {
            cleaner.takeTable(encoding: encoding, appending: &absorbed.segment.core, absorbed.plan)
        } else {
            cleaner.takeTable(encoding: encoding)
        }
        try tableBuilt(table)
        let quarantine = cleaner.quarantineEntries(encoding: encoding)
        let sha256 = try digest()
        let report = cleaner.report(input: QualityReport.Input(
            path: path, sizeBytes: reader.fileSize, sha256: sha256, encoding: encoding, blankLines: blankLines))
        return CleaningResult(table: table, quarantine: quarantine, report: report)
    }
}
