import Testing
@testable import RetailExports

@Suite struct RowRangeEncodingTests {
    @Test(arguments: [0, 1, 3, 7])
    func rangesConcatenateToTheWholeFile(split: Int) throws {
        let table = try ResultTable(name: "r", columns: [
            ResultColumn("n", .int32([1, 2, 3, 4, 5, 6, 7])),
            ResultColumn("s", .strings(["a", nil, "c,d", "e", "f", "", "g"])),
        ])
        var parts: [UInt8] = []
        table.encodeCSV(format: .powerBI, rows: 0..<split) { parts.append(contentsOf: $0) }
        table.encodeCSV(format: .powerBI, rows: split..<table.rowCount, withHeader: false) { parts.append(contentsOf: $0) }
        #expect(parts == table.csvBytes(format: .powerBI))
    }
}
