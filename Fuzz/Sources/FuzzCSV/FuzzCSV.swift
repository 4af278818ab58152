import Foundation
import RetailData

/// The input is a whole CSV file: it goes through the batch path (scanner, cleaner, quality report).
/// Invariant: either a thrown error, or a report where every row read is clean, dropped or quarantined,
/// and every quarantined row has a line number past the header.
let scratch = FileManager.default.temporaryDirectory
    .appendingPathComponent("fuzz-csv-\(ProcessInfo.processInfo.processIdentifier).csv")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard (try? bytes.write(to: scratch)) != nil else { fatalError("cannot write \(scratch.path)") }
    guard let result = try? SalesCleaningJob(input: scratch).run() else { return 0 }
    let report = result.report
    let accounted = report.rowsClean + report.dropped.total + report.rowsQuarantined
    guard report.rowsRead == accounted, report.isBalanced else {
        fatalError("quality invariant broken: read \(report.rowsRead), accounted \(accounted)")
    }
    guard report.rowsQuarantined == result.quarantine.count, report.quarantined.total == report.rowsQuarantined else {
        fatalError("quarantine count \(report.rowsQuarantined) but \(result.quarantine.count) entries")
    }
    if let entry = result.quarantine.first(where: { $0.line < 1 }) {
        fatalError("quarantined row without a line number: \(entry)")
    }
    guard result.table.count == report.rowsClean else {
        fatalError("table holds \(result.table.count) rows, report says \(report.rowsClean) clean")
    }
    return 0
}
