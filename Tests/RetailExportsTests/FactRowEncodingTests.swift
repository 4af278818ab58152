import Testing
@testable import RetailExports

/// The Power BI fact table's shape has its own row loop in `CSVRowEncoder`; the same columns with
/// one more after them take the general loop. Each line must be the same up to that column.
@Suite struct FactRowEncodingTests {
    static let factColumns = [
        ResultColumn("invoice_no", .strings(["536365", "C1,\"x\"", nil, "", "536365", "581587"])),
        ResultColumn("date_key", .int32([20101201, -1, 0, Int32.max, Int32.min, 20111209])),
        ResultColumn("product_key", .int32Keys(codes: [0, 1, 2, 0, 1, 2], keys: [7, -12, 2_000_000_000])),
        ResultColumn("customer_key", .int32Keys(codes: [1, 1, 0, 0, 1, 0], keys: [0, 14_911])),
        ResultColumn("country_key", .int32Keys(codes: [0, 0, 0, 0, 0, 0], keys: [38])),
        ResultColumn("quantity", .int64([6, -80_995, 0, Int64.max, Int64.min + 1, 12])),
        ResultColumn("unit_price", .money([2_550, 1, 0, 999_999_999_999, -5, 4_150])),
        ResultColumn("revenue", .money([15_300, -80_995, 0, 1_000, -123_456_789, 49_800])),
        ResultColumn("invoice_ts", .timestamp([
            1_291_191_960_000_000, 1_291_191_960_000_000, 0, 1_291_191_960_000_001, -86_400_000_000, 1_323_436_200_000_000,
        ])),
    ]

    @Test(arguments: [CSVFormat.powerBI, CSVFormat.aggregate])
    func theFactRowLoopWritesWhatTheGeneralLoopWrites(format: CSVFormat) throws {
        let fact = try ResultTable(name: "fact_sales", columns: Self.factColumns)
        let wider = try ResultTable(name: "wider", columns: Self.factColumns + [ResultColumn("extra", .int32([0, 0, 0, 0, 0, 0]))])
        let lineEnd = format.lineEnding == .crlf ? "\r\n" : "\n"
        let factLines = String(decoding: fact.csvBytes(format: format), as: UTF8.self).components(separatedBy: lineEnd)
        let widerLines = String(decoding: wider.csvBytes(format: format), as: UTF8.self).components(separatedBy: lineEnd)
        #expect(factLines.count == 8)
        #expect(factLines.count == widerLines.count)
        for (factLine, widerLine) in zip(factLines.dropFirst(), widerLines.dropFirst()) where !widerLine.isEmpty {
            #expect(widerLine.hasSuffix(",0"))
            #expect(factLine == String(widerLine.dropLast(2)))
        }
        #expect(factLines[1] == "536365,20101201,7,14911,38,6,2.550,15.300,2010-12-01 08:26:00")
    }
}
