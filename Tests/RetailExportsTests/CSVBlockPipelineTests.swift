import Foundation
import Testing
@testable import RetailExports

@Suite struct CSVBlockPipelineTests {
    /// A table of every column kind, `rows` long, with quoted strings and nulls.
    static func table(rows: Int) throws -> ResultTable {
        try ResultTable(name: "fact", columns: [
            ResultColumn("s", .strings((0..<rows).map { $0 % 7 == 0 ? nil : $0 % 5 == 0 ? "a,\"\($0 % 11)\"" : "v\($0 % 13)" })),
            ResultColumn("n", .int64((0..<rows).map { Int64($0) - 1_000 })),
            ResultColumn("k", .int32((0..<rows).map { Int32($0 % 97) })),
            ResultColumn("m", .money((0..<rows).map { Int64($0) * 37 - 5_000 })),
            ResultColumn("d", .date((0..<rows).map { Int32($0 / 500) })),
            ResultColumn("t", .timestamp((0..<rows).map { Int64($0) * 1_000_003 })),
        ])
    }

    /// Row counts around whole blocks, and one past the threshold where `writeCSV` uses the pipeline.
    @Test(arguments: [1, CSVBlockPipeline.blockRows - 1, CSVBlockPipeline.blockRows * 3,
                      CSVBlockPipeline.blockRows * 4 + 17])
    func blocksComeOutInRowOrderAsOneThreadWritesThem(rows: Int) throws {
        let table = try Self.table(rows: rows)
        var piped: [UInt8] = []
        try CSVBlockPipeline.encode(table, format: .powerBI) { (chunk) throws(ExportError) in piped.append(contentsOf: chunk) }
        #expect(piped == table.csvBytes(format: .powerBI))
        let lines = String(decoding: piped.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.count == rows + 2)
        #expect(lines[0] == "s,n,k,m,d,t")
        let last = rows - 1
        #expect(lines[rows].contains(",\(last - 1_000),\(last % 97),"))
        #expect(lines[rows + 1] == "")
    }

    @Test func writeCSVOfALargeTableGivesTheSameFile() throws {
        let rows = CSVBlockPipeline.blockRows * 5 + 3
        #expect(CSVBlockPipeline.pays(rowCount: rows) == (ProcessInfo.processInfo.activeProcessorCount >= 2))
        let table = try Self.table(rows: rows)
        let directory = try TemporaryDirectory()
        try table.writeCSV(to: directory.output, format: .powerBI)
        let written = try Data(contentsOf: directory.url.appendingPathComponent("fact.csv"))
        #expect(Array(written) == table.csvBytes(format: .powerBI))
    }

    @Test func aFailingConsumerStopsThePipelineWithItsError() throws {
        let table = try Self.table(rows: CSVBlockPipeline.blockRows * 6)
        var calls = 0
        #expect(throws: ExportError.self) {
            try CSVBlockPipeline.encode(table, format: .aggregate) { (_) throws(ExportError) in
                calls += 1
                if calls == 3 { throw .cannotWriteFile(path: "fact.csv", reason: "disk full") }
            }
        }
        #expect(calls == 3)
    }
}
