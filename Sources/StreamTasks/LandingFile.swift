import Foundation
import RetailData
import Streaming

/// Reads one landed CSV file: records that pass the edge checks, and the rest with their line
/// numbers for the quarantine file.
struct LandingFile: CSVRecordVisitor {
    let validator = RecordValidator()
    var accepted: [SaleRecord] = []
    var refused: [(line: Int, reason: String, raw: String)] = []
    var rows = 0

    static func read(_ path: String) throws -> LandingFile {
        let reader = try CSVStreamReader(path: path, columns: RetailColumns.all)
        var file = LandingFile()
        try reader.read(into: &file)
        return file
    }

    mutating func visit(_ record: CSVRecord) {
        rows += 1
        let texts: [String?] = (0..<8).map { Self.text(record[$0]) }
        switch validator.validate(texts) {
        case .success(let sale): accepted.append(sale)
        case .failure(let error): refused.append((record.line, error.code.rawValue, Self.text(record.raw)))
        }
    }

    mutating func reject(_ issue: CSVRecordIssue) {
        rows += 1
        refused.append((issue.line, issue.reason.rawValue, issue.raw.withUnsafeBufferPointer { Self.text($0) }))
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { TextDecoding.utf8OrLatin1(bytes) }

    /// The quarantine file's text: `line,reason,raw`.
    var quarantineCSV: String {
        var text = QuarantineCSVWriter.header + "\n"
        for entry in refused {
            text += "\(entry.line),\(entry.reason),\(QuarantineCSVWriter.quoted(entry.raw))\n"
        }
        return text
    }
}
