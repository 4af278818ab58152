import Foundation

/// Turns an RFC 4180 CSV file into the rows of PostgreSQL's `COPY ... FROM STDIN` text format,
/// chunk by chunk, while counting the rows and summing the money columns exactly.
///
/// The first record is the header (a UTF-8 BOM before it is dropped); it is collected, not sent.
/// Lines end in LF or CRLF. An empty unquoted field is a null (`\N`), `""` an empty string.
/// Backslash, tab, CR and LF inside fields are escaped. Not thread-safe: one per file.
public struct CSVCopyEncoder: Sendable {
    /// A malformed record, with the file line it is on.
    public struct Failure: Error, Sendable, Equatable {
        public var line: Int
        public var reason: String
    }

    private enum Phase { case header, rows }

    private let columnCount: Int?
    private let isMoney: [Bool]
    private var phase = Phase.header
    /// How many bytes of the UTF-8 BOM the input has matched so far; -1 once decided.
    private var bomMatched = 0
    private var inQuotes = false
    private var afterQuote = false
    private var pendingCR = false
    private var fieldQuoted = false
    private var fieldHasBytes = false
    private var fieldIndex = 0
    private var line = 1
    private var rowStartLine = 1
    private var headerBytes: [UInt8] = []
    private var moneyBytes: [UInt8] = []
    private var sums: [Int128]

    /// The header's names, once the first record is complete.
    public private(set) var header: [String] = []
    /// Data rows encoded so far.
    public private(set) var rows = 0
    /// Where each data row starts in the file.
    public private(set) var rowLines = RowLines()

    /// - Parameters:
    ///   - columnCount: the fields every data row must have; nil to read only the header.
    ///   - moneyColumns: the positions of the columns to sum.
    public init(columnCount: Int?, moneyColumns: [Int] = []) {
        self.columnCount = columnCount
        var isMoney = [Bool](repeating: false, count: max(columnCount ?? 0, (moneyColumns.max() ?? -1) + 1))
        for index in moneyColumns { isMoney[index] = true }
        self.isMoney = isMoney
        sums = [Int128](repeating: 0, count: isMoney.count)
    }

    /// Whether the header has been read.
    public var headerComplete: Bool { phase == .rows }

    /// The sums of the money columns so far, in thousandths, in column order (one per money column).
    public func moneySums(_ columns: [Int]) -> [Int128] { columns.map { sums[$0] } }

    /// Encodes `chunk`, appending COPY text to `output`.
    public mutating func encode(_ chunk: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(Failure) {
        for byte in chunk {
            if columnCount == nil && phase == .rows { return }
            if bomMatched >= 0 {
                if byte == Self.byteOrderMark[bomMatched] {
                    bomMatched += 1
                    if bomMatched == 3 { bomMatched = -1 }
                    continue
                }
                let partial = bomMatched
                bomMatched = -1
                for earlier in Self.byteOrderMark.prefix(partial) { try step(earlier, &output) }
            }
            try step(byte, &output)
        }
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    @inline(__always)
    private mutating func step(_ byte: UInt8, _ output: inout [UInt8]) throws(Failure) {
        if pendingCR {
            pendingCR = false
            if byte == 0x0A { try endRecord(&output); line += 1; return }
            emit(0x0D, &output)
        }
        if inQuotes {
            if afterQuote {
                afterQuote = false
                if byte == 0x22 { emit(0x22, &output); return }
                inQuotes = false
                guard byte == 0x2C || byte == 0x0A || byte == 0x0D else {
                    throw Failure(line: line, reason: "a character after a closing quote")
                }
            } else if byte == 0x22 {
                afterQuote = true
                return
            } else {
                if byte == 0x0A { line += 1 }
                emit(byte, &output)
                return
            }
        }
        switch byte {
        case 0x2C: try endField(&output, last: false)
        case 0x0A: try endRecord(&output); line += 1
        case 0x0D: pendingCR = true
        case 0x22:
            guard !fieldHasBytes && !fieldQuoted else { throw Failure(line: line, reason: "a quote inside an unquoted field") }
            inQuotes = true
            fieldQuoted = true
        default: emit(byte, &output)
        }
    }

    /// Ends the input: a last record without a line end is completed.
    public mutating func finish(into output: inout [UInt8]) throws(Failure) {
        if inQuotes && !afterQuote { throw Failure(line: rowStartLine, reason: "a quoted field is not closed by the end of the file") }
        inQuotes = false
        afterQuote = false
        if bomMatched > 0 {
            let partial = bomMatched
            bomMatched = -1
            for earlier in Self.byteOrderMark.prefix(partial) { try step(earlier, &output) }
        }
        if pendingCR { pendingCR = false; try endRecord(&output); return }
        if fieldHasBytes || fieldQuoted || fieldIndex > 0 { try endRecord(&output) }
        if phase == .header { throw Failure(line: 1, reason: "the file has no header line") }
    }

    @inline(__always)
    private mutating func emit(_ byte: UInt8, _ output: inout [UInt8]) {
        fieldHasBytes = true
        if phase == .header { headerBytes.append(byte); return }
        if fieldIndex < isMoney.count, isMoney[fieldIndex] { moneyBytes.append(byte) }
        switch byte {
        case 0x5C: output.append(0x5C); output.append(0x5C)
        case 0x0A: output.append(0x5C); output.append(0x6E)
        case 0x0D: output.append(0x5C); output.append(0x72)
        case 0x09: output.append(0x5C); output.append(0x74)
        default: output.append(byte)
        }
    }

    private mutating func endField(_ output: inout [UInt8], last: Bool) throws(Failure) {
        defer {
            fieldIndex += 1
            fieldHasBytes = false
            fieldQuoted = false
        }
        if phase == .header {
            header.append(String(decoding: headerBytes, as: UTF8.self))
            headerBytes.removeAll(keepingCapacity: true)
            return
        }
        guard let columnCount, fieldIndex < columnCount else {
            throw Failure(line: rowStartLine, reason: "more than \(columnCount ?? 0) fields")
        }
        if !fieldHasBytes && !fieldQuoted {
            output.append(0x5C)
            output.append(0x4E)
        }
        if fieldIndex < isMoney.count, isMoney[fieldIndex], fieldHasBytes || fieldQuoted {
            guard let value = MoneyText.thousandths(moneyBytes) else {
                throw Failure(line: rowStartLine, reason: "field \(fieldIndex + 1) '\(String(decoding: moneyBytes, as: UTF8.self))' is not a decimal with at most 3 decimals")
            }
            let (sum, overflow) = sums[fieldIndex].addingReportingOverflow(value)
            guard !overflow else {
                throw Failure(line: rowStartLine, reason: "field \(fieldIndex + 1): the column's sum passes the 128-bit range; no NUMERIC(18,3) column holds it")
            }
            sums[fieldIndex] = sum
            moneyBytes.removeAll(keepingCapacity: true)
        }
        output.append(last ? 0x0A : 0x09)
    }

    private mutating func endRecord(_ output: inout [UInt8]) throws(Failure) {
        try endField(&output, last: true)
        switch phase {
        case .header:
            phase = .rows
        case .rows:
            guard fieldIndex == columnCount else {
                throw Failure(line: rowStartLine, reason: "\(fieldIndex) fields, the header has \(columnCount ?? 0)")
            }
            rows += 1
            rowLines.record(row: rows, line: rowStartLine)
        }
        fieldIndex = 0
        rowStartLine = line + 1
    }
}

extension CSVCopyEncoder {
    /// Reads only the header of the CSV file at `path`.
    public static func header(ofFile path: String) throws -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        var encoder = CSVCopyEncoder(columnCount: nil)
        var sink: [UInt8] = []
        while !encoder.headerComplete, let data = try handle.read(upToCount: 64 * 1024), !data.isEmpty {
            try data.withUnsafeBytes { try encoder.encode($0, into: &sink) }
        }
        if !encoder.headerComplete { try encoder.finish(into: &sink) }
        return encoder.header
    }
}
