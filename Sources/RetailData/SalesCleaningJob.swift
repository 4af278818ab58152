import Foundation

/// The batch path: CSV file → `CSVStreamReader` → `SalesCleaner` → `SalesTable`, with the file's
/// SHA-256 computed on a second thread while it is parsed.
public struct SalesCleaningJob: Sendable {
    public var input: URL
    public var rules: CleaningRules
    public var readerOptions: CSVReaderOptions

    public init(input: URL, rules: CleaningRules = CleaningRules(), encoding: InputEncoding = .auto,
                readerOptions: CSVReaderOptions = CSVReaderOptions()) {
        self.input = input
        self.rules = rules
        var options = readerOptions
        options.encoding = encoding
        self.readerOptions = options
    }

    /// Reads and cleans the whole file.
    ///
    /// - Throws: `FileIOError` (unreadable file), `CSVReaderError` (no header, missing columns),
    ///   `DatePatternError` (bad `rules.dateFormat`).
    public func run() throws -> CleaningResult {
        let path = input.path
        var cleaner = try CleaningCore(rules: rules)
        let digest = FileDigest.sha256InBackground(path: path)
        let reader: CSVStreamReader
        do {
            reader = try CSVStreamReader(path: path, columns: RetailColumns.all, options: readerOptions)
        } catch {
            _ = try? digest.wait()
            throw error
        }
        // Room for every row a file of this size can plausibly hold (rows are rarely under 32 bytes);
        // pages never written cost nothing. Larger files grow the buffers as they go.
        cleaner.reserveCapacity(min(reader.fileSize / 32 + 16, 1 << 22))
        try reader.read(into: &cleaner)
        let encoding = reader.detectedEncoding
        let table = cleaner.takeTable(encoding: encoding)
        let quarantine = cleaner.quarantineEntries(encoding: encoding)
        let sha256 = try digest.wait()
        let report = cleaner.report(input: QualityReport.Input(
            path: path, sizeBytes: reader.fileSize, sha256: sha256, encoding: encoding, blankLines: reader.blankLines))
        return CleaningResult(table: table, quarantine: quarantine, report: report)
    }
}
