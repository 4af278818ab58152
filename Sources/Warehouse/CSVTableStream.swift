import Foundation

/// Reads a table's CSV file in 1 MiB chunks through a `CSVCopyEncoder`, handing each chunk's COPY
/// text to `send`, and returns the rows and money sums sent.
struct CSVTableStream {
    let file: TableFile
    let header: [String]
    private(set) var encoder: CSVCopyEncoder
    private let money: [Int]

    /// `header` must name every column of the table (`SourceFolder.header`).
    init(_ file: TableFile, header: [String]) {
        self.file = file
        self.header = header
        money = file.table.moneyColumns.compactMap { header.firstIndex(of: $0) }
        encoder = CSVCopyEncoder(columnCount: header.count, moneyColumns: money)
    }

    /// Where data row `row` (1-based) starts in the file.
    func line(ofRow row: Int) -> Int? { encoder.rowLines.line(ofRow: row) }

    /// - Throws: `WarehouseError.badRow` for a malformed record; `send`'s errors as they are.
    mutating func run(_ send: ([UInt8]) async throws -> Void) async throws -> LoadTotals {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { throw WarehouseError.sourceMissing(file.path) }
        defer { try? handle.close() }
        var output: [UInt8] = []
        output.reserveCapacity(1 << 21)
        do {
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                output.removeAll(keepingCapacity: true)
                try data.withUnsafeBytes { buffer in try encoder.encode(buffer, into: &output) }
                if !output.isEmpty { try await send(output) }
            }
            output.removeAll(keepingCapacity: true)
            try encoder.finish(into: &output)
            if !output.isEmpty { try await send(output) }
        } catch let failure as CSVCopyEncoder.Failure {
            throw WarehouseError.badRow(table: file.table.name, file: file.path, line: failure.line, reason: failure.reason)
        }
        return LoadTotals(rows: encoder.rows, sums: zip(money.map { header[$0] }, encoder.moneySums(money)).map { ($0, $1) })
    }
}
