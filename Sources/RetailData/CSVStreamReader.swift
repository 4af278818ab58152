/// Streaming RFC 4180 reader over raw bytes.
///
/// - Reads the file in chunks of `CSVReaderOptions.chunkSize`; its memory is about
///   `2 × (chunkSize + maxRecordBytes)` whatever the file size (a record longer than
///   `maxRecordBytes` is quarantined and skipped, not buffered).
/// - Parses raw bytes: delimiters are found eight bytes at a time, fields are handed out as
///   byte slices (no `String` per field); quoted fields are unquoted into a scratch buffer.
/// - Commas, doubled quotes and line breaks inside quoted fields; LF or CRLF line ends (a lone CR
///   is ordinary data). Lenient like most readers: text after a closing quote, or a quote inside an
///   unquoted field, is kept as data.
/// - Tracks the physical line on which each record starts (the header is line 1).
/// - Blank lines are not records: they are skipped and counted in `blankLines`.
/// - Malformed records (`field_count`, `unterminated_quote`, `invalid_encoding`, `record_too_long`)
///   go to the visitor's `reject`; nothing is dropped silently.
///
/// Use from one thread at a time.
public final class CSVStreamReader {
    private var scanner: CSVScanner

    /// Opens `path`, reads the header and maps `columns` onto it.
    ///
    /// - Throws: `FileIOError` when the file cannot be read, `CSVReaderError.emptyInput` when there is
    ///   no header, `CSVReaderError.missingColumns` naming every absent column and the header found.
    public init(path: String, columns: [CSVColumn], options: CSVReaderOptions = CSVReaderOptions()) throws {
        scanner = try CSVScanner(path: path, columns: columns, options: options)
        try scanner.prepare()
    }

    /// A second reader over the same file from offset `offset`, which must be where a record
    /// starts, sharing this reader's header, columns and byte-order mark. Its line numbers count
    /// from 1 at `offset` (add `nextLine - 1` of the reader that stopped there).
    init(segmentOf first: CSVStreamReader, from offset: Int) throws {
        scanner = try CSVScanner.segment(of: first.scanner, from: offset)
    }

    public var path: String { scanner.path }
    public var options: CSVReaderOptions { scanner.options }
    public var columns: [CSVColumn] { scanner.columns }
    /// Header cells as found (decoded, unquoted, untrimmed).
    public var header: [String] { scanner.header }
    /// Physical line of the header.
    public var headerLine: Int { scanner.headerLine }
    /// For each requested column, its position in the header.
    public var columnIndices: [Int] { scanner.columnIndices }
    /// True when the file starts with a UTF-8 byte-order mark (it is skipped).
    public var hasByteOrderMark: Bool { scanner.hasByteOrderMark }
    /// Records after the header, malformed ones included, blank lines excluded.
    public var recordsRead: Int { scanner.recordsRead }
    /// Blank lines skipped.
    public var blankLines: Int { scanner.blankLines }
    /// Bytes read from the file so far.
    public var bytesRead: Int { scanner.bytesRead }
    /// Size of the file when it was opened.
    public var fileSize: Int { scanner.fileSize }
    var detectedEncoding: DetectedEncoding { scanner.detectedEncoding }
    /// True when a record failed UTF-8 validation under `.auto` (the file is then Latin-1).
    var sawInvalidUTF8: Bool { scanner.sawInvalidUTF8 }
    /// File offset of the next record to read.
    var position: Int { scanner.position }
    /// Physical line of the next record.
    var nextLine: Int { scanner.nextLine }
    /// `read(into:)` stops before the first record starting at or after this file offset.
    var stopOffset: Int {
        get { scanner.stopOffset }
        set { scanner.stopOffset = newValue }
    }

    /// Reads the records after the header (up to `stopOffset`), in order, handing each to `visitor`;
    /// a later call goes on from where the last one stopped.
    public func read<Visitor: CSVRecordVisitor & ~Copyable>(into visitor: inout Visitor) throws {
        try scanner.read(into: &visitor)
    }
}
