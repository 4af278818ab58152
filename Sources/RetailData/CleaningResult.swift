import Foundation

/// Everything cleaning one file produces.
public struct CleaningResult: Sendable, Equatable {
    public var table: SalesTable
    /// Quarantined records in input order.
    public var quarantine: [QuarantineEntry]
    public var report: QualityReport
}

extension CleaningResult {
    /// Writes `quarantine.csv`, `quality_report.json` and, when asked, the binary table into `directory`.
    public func write(to directory: URL, includeTable: Bool = false) throws {
        try QuarantineCSVWriter.write(quarantine, to: directory.appendingPathComponent("quarantine.csv"))
        try report.write(to: directory.appendingPathComponent("quality_report.json"))
        if includeTable {
            try table.write(to: directory.appendingPathComponent("sales_table.bin"))
        }
    }
}
