#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The state and loops of `CSVStreamReader`, as one non-copyable value so the per-byte and
/// per-record paths run without dynamic exclusivity checks.
struct CSVScanner: ~Copyable {
    let path: String
    let options: CSVReaderOptions
    let columns: [CSVColumn]
    private(set) var header: [String] = []
    private(set) var headerLine = 1
    private(set) var columnIndices: [Int] = []
    private(set) var hasByteOrderMark = false
    private(set) var recordsRead = 0
    private(set) var blankLines = 0
    private(set) var bytesRead = 0
    let fileSize: Int
    /// The file offset at which `read(into:)` returns: it stops before a record that starts at or
    /// after it (`.max`: read to the end).
    var stopOffset = Int.max

    private(set) var sawInvalidUTF8 = false
    /// File offset of `buffer[0]`.
    private var bufferOffset = 0
    private let descriptor: Int32
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    private let scratch: UnsafeMutablePointer<UInt8>
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// Physical line of the next record (relative to the segment's start for a segment).
    private(set) var nextLine = 1
    private var spans: UnsafeMutablePointer<FieldSpan>
    private var spanCapacity: Int
    private var selected: UnsafeMutablePointer<UnsafeBufferPointer<UInt8>>

    private struct FieldSpan {
        var start: Int
        var end: Int
        var quoted: Bool
    }

    private enum Scan {
        /// `maybeNonASCII` is false only when every byte of the record is below 0x80.
        case record(contentEnd: Int, next: Int, fields: Int, lines: Int, maybeNonASCII: Bool)
        case needMore
        case endOfData
        case unterminated
    }

    private static let lf: UInt8 = 10
    private static let cr: UInt8 = 13
    private static let quote: UInt8 = 34
    private static let comma: UInt8 = 44

    init(path: String, columns: [CSVColumn], options: CSVReaderOptions) throws {
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else {
            throw FileIOError.cannotOpen(path: path, reason: FileIOError.systemReason())
        }
        self.path = path
        self.options = options
        self.columns = columns
        descriptor = opened
        var info = stat()
        fileSize = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
        capacity = options.maxRecordBytes + options.chunkSize + 1
        // Room for the sentinel and for word-wide reads past it. Only what a read fills and the
        // 16 bytes after it are ever initialized (see `refill`): pages no chunk reaches stay free.
        buffer = .allocate(capacity: capacity + 16)
        buffer.initialize(repeating: 0, count: 16)
        scratch = .allocate(capacity: capacity + 1)
        spanCapacity = 64
        spans = .allocate(capacity: spanCapacity)
        selected = .allocate(capacity: max(1, columns.count))
        selected.initialize(repeating: UnsafeBufferPointer(start: nil, count: 0), count: max(1, columns.count))
    }

    /// Reads the first chunk, skips a byte-order mark and maps the header.
    mutating func prepare() throws {
        try refill()
        if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            hasByteOrderMark = true
            start = 3
        }
        try readHeader()
    }

    /// A scanner for the records from file offset `offset` on (a record start) of the file `first`
    /// has opened and prepared: same columns, header and byte-order mark; its line numbers count
    /// from 1 at `offset`.
    static func segment(of first: borrowing CSVScanner, from offset: Int) throws -> CSVScanner {
        var scanner = try CSVScanner(path: first.path, columns: first.columns, options: first.options)
        try scanner.start(segmentOf: first, at: offset)
        return scanner
    }

    private mutating func start(segmentOf first: borrowing CSVScanner, at offset: Int) throws {
        header = first.header
        headerLine = first.headerLine
        columnIndices = first.columnIndices
        hasByteOrderMark = first.hasByteOrderMark
        if first.spanCapacity > spanCapacity {
            spans.deallocate()
            spanCapacity = first.spanCapacity
            spans = .allocate(capacity: spanCapacity)
        }
        guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else {
            throw FileIOError.readFailed(path: path, reason: FileIOError.systemReason())
        }
        bufferOffset = offset
        try refill()
    }

    /// File offset of the next record to read.
    var position: Int { bufferOffset + start }

    deinit {
        _ = closeDescriptor(descriptor)
        buffer.deallocate()
        scratch.deallocate()
        spans.deallocate()
        selected.deallocate()
    }

    var detectedEncoding: DetectedEncoding {
        switch options.encoding {
        case .latin1: return .latin1
        case .utf8: return .utf8
        case .auto: return hasByteOrderMark || !sawInvalidUTF8 ? .utf8 : .latin1
        }
    }

    private var validatesStrictly: Bool {
        options.encoding == .utf8 || (options.encoding == .auto && hasByteOrderMark)
    }

    // MARK: Reading

    mutating func read<Visitor: CSVRecordVisitor & ~Copyable>(into visitor: inout Visitor) throws {
        let fieldCount = header.count
        let checksEncoding = options.encoding != .latin1
        while bufferOffset + start < stopOffset {
            switch scan(from: start) {
            case .needMore:
                if start == 0 && end >= capacity {
                    try skipOversizedRecord(into: &visitor)
                } else {
                    try refill()
                }
            case .endOfData:
                return
            case .unterminated:
                recordsRead += 1
                visitor.reject(CSVRecordIssue(line: nextLine, reason: .unterminatedQuote,
                                              raw: bytes(start, trimmingLineEnd(end), limit: options.quarantineRawLimit)))
                start = end
            case .record(let contentEnd, let next, let fields, let lines, let maybeNonASCII):
                let line = nextLine
                let recordStart = start
                nextLine += 1 + lines
                start = next
                if fields == 1 && spans[0].start == spans[0].end && !spans[0].quoted {
                    blankLines += 1
                    continue
                }
                recordsRead += 1
                if contentEnd - recordStart > options.maxRecordBytes {
                    visitor.reject(CSVRecordIssue(line: line, reason: .recordTooLong,
                                                  raw: bytes(recordStart, contentEnd, limit: options.quarantineRawLimit)))
                    continue
                }
                if fields != fieldCount {
                    visitor.reject(CSVRecordIssue(line: line, reason: .fieldCount, raw: bytes(recordStart, contentEnd)))
                    continue
                }
                let raw = UnsafeBufferPointer(start: buffer + recordStart, count: contentEnd - recordStart)
                if checksEncoding && maybeNonASCII && !TextDecoding.isValidUTF8(raw) {
                    if validatesStrictly {
                        visitor.reject(CSVRecordIssue(line: line, reason: .invalidEncoding, raw: Array(raw)))
                        continue
                    }
                    sawInvalidUTF8 = true
                }
                selectColumns()
                visitor.visit(CSVRecord(line: line, raw: raw, values: selected, count: columns.count))
            }
        }
    }

    /// Points `selected` at the requested fields, unquoting quoted ones into the scratch buffer.
    @inline(__always)
    private func selectColumns() {
        var scratchUsed = 0
        for k in 0..<columns.count {
            let span = spans[columnIndices[k]]
            if span.quoted {
                let length = unquote(span, into: scratch + scratchUsed)
                selected[k] = UnsafeBufferPointer(start: scratch + scratchUsed, count: length)
                scratchUsed += length
            } else {
                selected[k] = UnsafeBufferPointer(start: buffer + span.start, count: span.end - span.start)
            }
        }
    }

    /// Removes the quoting of a field that starts with a quote: the quoted section loses its quotes
    /// and `""` inside it becomes `"`; anything after the closing quote is copied as is.
    private func unquote(_ span: FieldSpan, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        var i = span.start
        if i < span.end && buffer[i] == CSVScanner.quote {
            i += 1
            while i < span.end {
                let byte = buffer[i]
                i += 1
                if byte == CSVScanner.quote {
                    if i < span.end && buffer[i] == CSVScanner.quote {
                        i += 1
                    } else {
                        break
                    }
                }
                out[written] = byte
                written += 1
            }
        }
        while i < span.end {
            out[written] = buffer[i]
            written += 1
            i += 1
        }
        return written
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// High bit set in the bytes of `word` equal to `byte` (exact for the lowest match).
    @inline(__always)
    private static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    /// Position of the first comma, quote or line feed at or after `from` (eight bytes at a time;
    /// the sentinel line feed at `end` stops the search).
    @inline(__always)
    private func nextDelimiter(_ from: Int, seen: inout UInt64) -> Int {
        let raw = UnsafeRawPointer(buffer)
        var i = from
        while true {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            seen |= word
            let found = CSVScanner.matches(word, CSVScanner.comma)
                | CSVScanner.matches(word, CSVScanner.lf)
                | CSVScanner.matches(word, CSVScanner.quote)
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
    }

    /// Position of the first quote or line feed at or after `from`.
    @inline(__always)
    private func nextQuoteOrLineFeed(_ from: Int, seen: inout UInt64) -> Int {
        let raw = UnsafeRawPointer(buffer)
        var i = from
        while true {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            seen |= word
            let found = CSVScanner.matches(word, CSVScanner.lf) | CSVScanner.matches(word, CSVScanner.quote)
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
    }

    /// Finds the record starting at `recordStart`. `buffer[end]` holds a sentinel line feed.
    @inline(__always)
    private func scan(from recordStart: Int) -> Scan {
        let buffer = self.buffer
        let end = self.end
        let spans = self.spans
        let spanCapacity = self.spanCapacity
        var i = recordStart
        var fieldStart = i
        var fields = 0
        var quoted = false
        var lines = 0
        var seen: UInt64 = 0   // every scanned word OR-ed: its high bits flag possible non-ASCII bytes
        while true {
            i = nextDelimiter(i, seen: &seen)
            var byte = buffer[i]
            if byte == CSVScanner.comma {
                if fields < spanCapacity { spans[fields] = FieldSpan(start: fieldStart, end: i, quoted: quoted) }
                fields += 1
                i += 1
                fieldStart = i
                quoted = false
            } else if byte == CSVScanner.lf {
                if i == end {
                    if !atEOF { return .needMore }
                    if i == recordStart { return .endOfData }
                }
                var fieldEnd = i
                if fieldEnd > fieldStart && buffer[fieldEnd - 1] == CSVScanner.cr { fieldEnd -= 1 }
                if fields < spanCapacity { spans[fields] = FieldSpan(start: fieldStart, end: fieldEnd, quoted: quoted) }
                return .record(contentEnd: fieldEnd, next: min(i + 1, end), fields: fields + 1, lines: lines,
                               maybeNonASCII: seen & CSVScanner.highs != 0)
            } else if i != fieldStart || quoted {
                i += 1   // a quote inside a field, or after a closing quote, is data
            } else {
                quoted = true
                i += 1
                while true {
                    i = nextQuoteOrLineFeed(i, seen: &seen)
                    byte = buffer[i]
                    if byte == CSVScanner.quote {
                        if i + 1 == end && !atEOF { return .needMore }
                        if buffer[i + 1] == CSVScanner.quote {
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if i == end { return atEOF ? .unterminated : .needMore }
                    lines += 1
                    i += 1
                }
            }
        }
    }

    /// Skips a record that does not fit in the buffer, keeping its first bytes for the quarantine.
    private mutating func skipOversizedRecord<Visitor: CSVRecordVisitor & ~Copyable>(into visitor: inout Visitor) throws {
        let line = nextLine
        let kept = bytes(start, min(end, start + options.quarantineRawLimit))
        var inQuotes = false
        var quotePending = false
        var atFieldStart = true
        var lines = 0
        var i = start
        var finished = false
        while !finished {
            while i < end {
                let byte = buffer[i]
                i += 1
                if quotePending {
                    quotePending = false
                    if byte == CSVScanner.quote { continue }
                    inQuotes = false
                }
                if inQuotes {
                    if byte == CSVScanner.quote { quotePending = true } else if byte == CSVScanner.lf { lines += 1 }
                    continue
                }
                if byte == CSVScanner.quote && atFieldStart {
                    inQuotes = true
                    atFieldStart = false
                    continue
                } else if byte == CSVScanner.lf {
                    finished = true
                    break
                }
                atFieldStart = byte == CSVScanner.comma
            }
            start = i
            if finished || atEOF { break }
            try refill()
            i = start
        }
        recordsRead += 1
        nextLine = line + lines + 1
        let reason: QuarantineReason = !finished && inQuotes && !quotePending ? .unterminatedQuote : .recordTooLong
        visitor.reject(CSVRecordIssue(line: line, reason: reason, raw: kept))
    }

    // MARK: Header

    private mutating func readHeader() throws {
        while true {
            switch scan(from: start) {
            case .needMore:
                if start == 0 && end >= capacity {
                    throw CSVReaderError.headerTooLong(path: path, limit: capacity)
                }
                try refill()
            case .endOfData, .unterminated:
                throw CSVReaderError.emptyInput(path: path)
            case .record(let contentEnd, let next, let fields, let lines, _):
                if fields >= spanCapacity {
                    // A wide header: grow the field table and scan the same bytes again.
                    spans.deallocate()
                    spanCapacity = fields + 1
                    spans = .allocate(capacity: spanCapacity)
                    continue
                }
                let line = nextLine
                nextLine += 1 + lines
                let recordStart = start
                start = next
                if fields == 1 && spans[0].start == spans[0].end && !spans[0].quoted {
                    blankLines += 1
                    continue
                }
                headerLine = line
                try mapHeader(fields: fields, raw: recordStart..<contentEnd)
                return
            }
        }
    }

    private mutating func mapHeader(fields: Int, raw: Range<Int>) throws {
        let rawBytes = UnsafeBufferPointer(start: buffer + raw.lowerBound, count: raw.count)
        let headerEncoding: DetectedEncoding =
            options.encoding == .latin1 || !TextDecoding.isValidUTF8(rawBytes) ? .latin1 : .utf8
        header = (0..<fields).map { index in
            let length = unquote(spans[index], into: scratch)
            return TextDecoding.string(UnsafeBufferPointer(start: scratch, count: length), encoding: headerEncoding)
        }
        var indices: [Int] = []
        var missing: [String] = []
        for column in columns {
            if let index = column.index(in: header) {
                indices.append(index)
            } else {
                missing.append(column.name)
            }
        }
        guard missing.isEmpty else {
            throw CSVReaderError.missingColumns(missing: missing, header: TextDecoding.string(rawBytes, encoding: headerEncoding),
                                                path: path, line: headerLine)
        }
        columnIndices = indices
    }

    // MARK: Buffer

    /// Moves the unread bytes to the front and reads up to one chunk from the file after them.
    ///
    /// Reading one chunk at a time (rather than filling the buffer) keeps the bytes in flight
    /// small enough to stay in cache with the cleaner's tables.
    private mutating func refill() throws {
        if start > 0 {
            bufferOffset += start
            let remaining = end - start
            if remaining > 0 { memmove(buffer, buffer + start, remaining) }
            end = remaining
            start = 0
        }
        let target = min(capacity, end + options.chunkSize)
        while end < target && !atEOF {
            let count = readDescriptor(descriptor, buffer + end, target - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileIOError.readFailed(path: path, reason: FileIOError.systemReason())
            }
            if count == 0 {
                atEOF = true
            } else {
                end += count
                bytesRead += count
            }
        }
        buffer[end] = CSVScanner.lf
        (buffer + end + 1).initialize(repeating: 0, count: 15)
    }

    private func bytes(_ from: Int, _ to: Int, limit: Int = .max) -> [UInt8] {
        let upper = to - from > limit ? from + limit : max(from, to)
        return Array(UnsafeBufferPointer(start: buffer + from, count: upper - from))
    }

    private func trimmingLineEnd(_ to: Int) -> Int {
        var upper = to
        if upper > start && buffer[upper - 1] == CSVScanner.lf { upper -= 1 }
        if upper > start && buffer[upper - 1] == CSVScanner.cr { upper -= 1 }
        return upper
    }
}
