import Testing
@testable import RetailExports

@Suite struct KeyColumnTests {
    /// A key column is read through its codes: the same values, CSV bytes and kind as the plain column.
    @Test func int32KeysReadLikeThePlainColumnOfTheirValues() throws {
        let codes: [Int32] = [2, 0, 0, 1, 2, 1]
        let keys: [Int32] = [7, -3, 120]
        let keyed = try ResultTable(name: "k", columns: [ResultColumn("key", .int32Keys(codes: codes, keys: keys))])
        let plain = try ResultTable(name: "k", columns: [ResultColumn("key", .int32([120, 7, 7, -3, 120, -3]))])
        #expect(keyed.columns[0].int32Values == [120, 7, 7, -3, 120, -3])
        #expect(keyed.columns[0].kind == .int32)
        #expect(keyed.rowCount == 6)
        #expect(keyed.csvBytes(format: .powerBI) == plain.csvBytes(format: .powerBI))
        #expect(keyed.csvText == "key\n120\n7\n7\n-3\n120\n-3\n")
    }
}
