import Foundation
@testable import RetailData

/// A fresh directory under the system temp directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init(_ label: String = "retaildata") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes `bytes` to `name` and returns its URL.
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let target = file(name)
        try Data(bytes).write(to: target)
        return target
    }

    /// Writes `text` as UTF-8.
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, bytes: Array(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Latin-1 bytes of `text` (every character must be below U+0100).
func latin1(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { UInt8($0.value) }
}

/// Collects what a reader hands out, as bytes.
struct CollectingVisitor: CSVRecordVisitor {
    var records: [(line: Int, fields: [[UInt8]], raw: [UInt8])] = []
    var issues: [CSVRecordIssue] = []

    mutating func visit(_ record: CSVRecord) {
        records.append((record.line, (0..<record.count).map { Array(record[$0]) }, Array(record.raw)))
    }

    mutating func reject(_ issue: CSVRecordIssue) {
        issues.append(issue)
    }
}

/// What `readAll` found, with values decoded in the file's detected encoding.
struct ReadOutcome {
    var encoding: DetectedEncoding
    var header: [String]
    var records: [(line: Int, fields: [String])]
    var issues: [CSVRecordIssue]
    var blankLines: Int
    var recordsRead: Int
    var hasByteOrderMark: Bool
}

/// The standard header followed by `rows`, joined with `newline`.
func retailCSV(_ rows: [String], newline: String = "\n",
               header: String = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country") -> String {
    ([header] + rows).joined(separator: newline) + newline
}

/// Runs the batch job on `text` written as UTF-8 into a temporary file.
func clean(_ text: String, rules: CleaningRules = CleaningRules(), encoding: InputEncoding = .auto,
           options: CSVReaderOptions = CSVReaderOptions()) throws -> CleaningResult {
    try clean(bytes: Array(text.utf8), rules: rules, encoding: encoding, options: options)
}

/// Runs the batch job on `bytes` written into a temporary file.
func clean(bytes: [UInt8], rules: CleaningRules = CleaningRules(), encoding: InputEncoding = .auto,
           options: CSVReaderOptions = CSVReaderOptions()) throws -> CleaningResult {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = try directory.write("input.csv", bytes: bytes)
    return try SalesCleaningJob(input: url, rules: rules, encoding: encoding, readerOptions: options).run()
}

/// Reads `bytes` with `columns` and collects everything.
func readAll(_ bytes: [UInt8], options: CSVReaderOptions = CSVReaderOptions(),
             columns: [CSVColumn] = RetailColumns.all) throws -> ReadOutcome {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = try directory.write("input.csv", bytes: bytes)
    let reader = try CSVStreamReader(path: url.path, columns: columns, options: options)
    var visitor = CollectingVisitor()
    try reader.read(into: &visitor)
    let encoding = reader.detectedEncoding
    return ReadOutcome(
        encoding: encoding,
        header: reader.header,
        records: visitor.records.map { record in
            (record.line, record.fields.map { TextDecoding.string($0, encoding: encoding) })
        },
        issues: visitor.issues,
        blankLines: reader.blankLines,
        recordsRead: reader.recordsRead,
        hasByteOrderMark: reader.hasByteOrderMark)
}

/// Reads `text` (UTF-8) with `columns`.
func readAll(_ text: String, options: CSVReaderOptions = CSVReaderOptions(),
             columns: [CSVColumn] = RetailColumns.all) throws -> ReadOutcome {
    try readAll(Array(text.utf8), options: options, columns: columns)
}
