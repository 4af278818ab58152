import Foundation
import Testing
@testable import Parquet

/// Files written here are read back by pyarrow and DuckDB and compared value by value.
@Suite("Real readers (pyarrow, DuckDB)", .enabled(if: PythonReader.isAvailable, "needs python with pyarrow and duckdb"))
struct RealReaderTests {
    struct Layout: Sendable, CustomTestStringConvertible {
        var codec: ParquetCodec
        var rowGroupRows: Int
        var pageSizeBytes: Int
        var testDescription: String { "\(codec.rawValue), \(rowGroupRows) rows/group, \(pageSizeBytes) B pages" }
    }

    static let layouts: [Layout] = [
        Layout(codec: .snappy, rowGroupRows: 1_000_000, pageSizeBytes: 1 << 20),
        Layout(codec: .gzip, rowGroupRows: 1_000, pageSizeBytes: 1_024),
        Layout(codec: .uncompressed, rowGroupRows: 700, pageSizeBytes: 300),
        Layout(codec: .snappy, rowGroupRows: 1_234, pageSizeBytes: 4_096),
    ]

    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("parquet-test-\(name)-\(UUID().uuidString).parquet").path
    }

    /// Checks everything the readers report against the fixture for `rows`.
    private func verify(_ report: PythonReader.Report, _ fixture: ReaderFixture, rows: [Int],
                        rowGroupRows: Int) {
        #expect(report.numRows == rows.count)
        let groups = stride(from: 0, to: rows.count, by: rowGroupRows).map { min(rowGroupRows, rows.count - $0) }
        #expect(report.rowGroupRows == groups)
        #expect(report.createdBy == "orchestrator")
        for column in fixture.columns {
            let name = column.name
            let expected = rows.map { fixture.expected[name]![$0] }
            #expect(report.arrowTypes[name] == fixture.arrowTypes[name], "arrow type of \(name)")
            #expect(report.duckTypes[name] == fixture.duckTypes[name], "duckdb type of \(name)")
            #expect(report.arrowNullable[name] == column.nullable, "nullability of \(name)")
            #expect(report.arrowValues[name] == expected, "pyarrow values of \(name)")
            #expect(report.duckValues[name] == expected, "duckdb values of \(name)")
            let stats = report.statistics[name] ?? []
            #expect(stats.count == groups.count)
            for (g, start) in stride(from: 0, to: rows.count, by: rowGroupRows).enumerated() where g < stats.count {
                let want = fixture.statistics(name, rows: rows[start..<min(start + rowGroupRows, rows.count)])
                #expect(stats[g].min == want.min, "min of \(name) in group \(g)")
                #expect(stats[g].max == want.max, "max of \(name) in group \(g)")
                #expect(stats[g].nullCount == want.nullCount, "null count of \(name) in group \(g)")
            }
        }
    }

    @Test("every column kind round-trips", arguments: layouts)
    func everyKind(layout: Layout) throws {
        let fixture = ReaderFixture.everyKind(rows: 3_000)
        let path = temporaryPath("kinds")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = ParquetWriter(codec: layout.codec, rowGroupRows: layout.rowGroupRows,
                                   pageSizeBytes: layout.pageSizeBytes)
        try writer.write(columns: fixture.columns, to: path)
        let report = try PythonReader.read(path)
        verify(report, fixture, rows: Array(0..<3_000), rowGroupRows: layout.rowGroupRows)
        for name in ["s_req", "s_opt", "d_opt", "d_req"] {
            #expect(report.encodings[name]?.contains("RLE_DICTIONARY") == true, "\(name) is dictionary-encoded")
        }
        #expect(report.encodings["i64"]?.contains("PLAIN") == true)
        let codecName = ["snappy": "SNAPPY", "gzip": "GZIP", "uncompressed": "UNCOMPRESSED"][layout.codec.rawValue]
        #expect(Set(report.codecs.values) == [codecName!])
    }

    @Test func rowSubsetKeepsOnlyUsedDictionaryEntries() throws {
        let fixture = ReaderFixture.everyKind(rows: 2_000, seed: 9)
        guard case .dictionary(let dictionary, let codes) = fixture.columns.first(where: { $0.name == "d_opt" })?.values
        else { Issue.record("fixture lacks d_opt"); return }
        // One "partition": rows whose d_opt is "south" or "centre" or null, in descending order.
        let rows = (0..<2_000).reversed().filter { [1, 6, -1].contains(codes[$0]) }
        let path = temporaryPath("subset")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ParquetWriter(rowGroupRows: 400).write(columns: fixture.columns, rows: rows, to: path)
        let report = try PythonReader.read(path)
        verify(report, fixture, rows: rows, rowGroupRows: 400)
        for groupDictionary in report.dictionaries["d_opt"] ?? [] {
            #expect(Set(groupDictionary).isSubset(of: [dictionary[1], dictionary[6]]))
            #expect(groupDictionary.count == Set(groupDictionary).count)
        }
        #expect(report.dictionaries["d_opt"]?.isEmpty == false)
    }

    @Test func plainFallbackWhenDictionaryIsTooLarge() throws {
        let fixture = ReaderFixture.everyKind(rows: 1_500, seed: 3)
        let path = temporaryPath("plain")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ParquetWriter(codec: .snappy, pageSizeBytes: 2_000, dictionaryPageLimitBytes: 64)
            .write(columns: fixture.columns, to: path)
        let report = try PythonReader.read(path)
        verify(report, fixture, rows: Array(0..<1_500), rowGroupRows: 1_000_000)
        #expect(report.encodings["d_req"]?.contains("RLE_DICTIONARY") == false)
        #expect(report.encodings["s_opt"]?.contains("RLE_DICTIONARY") == false)
    }

    @Test func edgeCases() throws {
        // All-null columns, a single row, and an empty file.
        let columns = [
            ParquetColumn(name: "s", type: .string, nullable: true, values: .strings([nil, nil, nil])),
            ParquetColumn(name: "d", type: .string, nullable: true, values: .dictionary(dictionary: ["x"], codes: [-1, -1, -1])),
            ParquetColumn(name: "n", type: .int64, nullable: true, values: .int64([1, 2, 3]), validity: [false, false, false]),
            ParquetColumn(name: "v", type: .double, values: .double([-0.0, 1.5, .infinity])),
        ]
        for (label, rows) in [("all", [0, 1, 2] as [Int]?), ("one", [1]), ("none", [])] {
            let path = temporaryPath("edge-\(label)")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try ParquetWriter(codec: .snappy).write(columns: columns, rows: rows, to: path)
            let report = try PythonReader.read(path)
            let count = rows?.count ?? 3
            #expect(report.numRows == count)
            for name in ["s", "d", "n"] {
                #expect(report.arrowValues[name] == Array(repeating: nil, count: count))
                #expect(report.duckValues[name] == Array(repeating: nil, count: count))
                if count > 0 {
                    #expect(report.statistics[name]?.first?.nullCount == count)
                    #expect(report.statistics[name]?.first?.min == nil)
                }
            }
            let doubles = ["-0.0", "1.5", "inf"]
            #expect(report.arrowValues["v"] == (rows ?? [0, 1, 2]).map { doubles[$0] })
        }
    }
}
