import Foundation
import Testing
@testable import Parquet

@Suite("Errors")
struct ErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var columns: [ParquetColumn]
        var rows: [Int]?
        var expected: ParquetError
        var mentions: [String]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "length mismatch",
             columns: [ParquetColumn(name: "a", type: .int64, values: .int64([1, 2])),
                       ParquetColumn(name: "b", type: .int64, values: .int64([1]))],
             expected: .columnLengthMismatch(column: "b", expected: 2, actual: 1), mentions: ["'b'", "1", "2"]),
        Case(label: "code out of range",
             columns: [ParquetColumn(name: "city", type: .string,
                                     values: .dictionary(dictionary: ["x"], codes: [0, 5]))],
             expected: .dictionaryCodeOutOfRange(column: "city", row: 1, code: 5, dictionarySize: 1),
             mentions: ["'city'", "code 5", "row 1"]),
        Case(label: "negative code",
             columns: [ParquetColumn(name: "city", type: .string, nullable: true,
                                     values: .dictionary(dictionary: ["x"], codes: [-2]))],
             expected: .dictionaryCodeOutOfRange(column: "city", row: 0, code: -2, dictionarySize: 1),
             mentions: ["'city'", "-2"]),
        Case(label: "decimal precision",
             columns: [ParquetColumn(name: "amt", type: .decimal(precision: 19, scale: 2), values: .int64([1]))],
             expected: .invalidDecimal(column: "amt", precision: 19, scale: 2), mentions: ["'amt'", "19"]),
        Case(label: "decimal value too wide",
             columns: [ParquetColumn(name: "amt", type: .decimal(precision: 3, scale: 1), values: .int64([999, -1000]))],
             expected: .decimalOutOfRange(column: "amt", row: 1, value: -1000, precision: 3),
             mentions: ["'amt'", "-1000", "3 digits"]),
        Case(label: "null in required string",
             columns: [ParquetColumn(name: "name", type: .string, values: .strings(["a", nil]))],
             expected: .nullInRequiredColumn(column: "name", row: 1), mentions: ["'name'", "row 1"]),
        Case(label: "null code in required dictionary",
             columns: [ParquetColumn(name: "name", type: .string, values: .dictionary(dictionary: ["a"], codes: [-1]))],
             expected: .nullInRequiredColumn(column: "name", row: 0), mentions: ["'name'"]),
        Case(label: "validity in required column",
             columns: [ParquetColumn(name: "n", type: .int64, values: .int64([1, 2]), validity: [true, false])],
             expected: .nullInRequiredColumn(column: "n", row: 1), mentions: ["'n'", "row 1"]),
        Case(label: "type mismatch",
             columns: [ParquetColumn(name: "s", type: .string, values: .double([1]))],
             expected: .typeMismatch(column: "s", type: "string", values: "double values"),
             mentions: ["'s'", "double values"]),
        Case(label: "row out of range",
             columns: [ParquetColumn(name: "n", type: .int32, values: .int32([1, 2]))], rows: [0, 2],
             expected: .rowIndexOutOfRange(row: 2, rowCount: 2), mentions: ["row index 2"]),
        Case(label: "duplicate name",
             columns: [ParquetColumn(name: "n", type: .int32, values: .int32([1])),
                       ParquetColumn(name: "n", type: .int32, values: .int32([1]))],
             expected: .duplicateColumnName("n"), mentions: ["'n'"]),
        Case(label: "validity length",
             columns: [ParquetColumn(name: "n", type: .int32, nullable: true, values: .int32([1]), validity: [])],
             expected: .validityLengthMismatch(column: "n", expected: 1, actual: 0), mentions: ["'n'"]),
        Case(label: "no columns", columns: [], expected: .noColumns, mentions: ["no columns"]),
    ]

    @Test("invalid input is rejected with a precise message", arguments: cases)
    func rejects(_ testCase: Case) {
        #expect(throws: testCase.expected) {
            _ = try ParquetWriter().encode(columns: testCase.columns, rows: testCase.rows)
        }
        let message = testCase.expected.localizedDescription
        for fragment in testCase.mentions {
            #expect(message.contains(fragment), "\(message) should mention \(fragment)")
        }
    }

    @Test func unselectedBadRowsAreNotChecked() throws {
        let column = ParquetColumn(name: "c", type: .string, values: .dictionary(dictionary: ["a"], codes: [0, 9]))
        _ = try ParquetWriter().encode(columns: [column], rows: [0])
    }

    @Test func invalidOptions() {
        let column = ParquetColumn(name: "c", type: .int32, values: .int32([1]))
        #expect(throws: ParquetError.self) {
            _ = try ParquetWriter(rowGroupRows: 0).encode(columns: [column])
        }
    }

    @Test func writeFailureNamesThePath() {
        let column = ParquetColumn(name: "c", type: .int32, values: .int32([1]))
        let path = "/nonexistent-dir-\(UInt32.random(in: 0...UInt32.max))/x.parquet"
        #expect {
            try ParquetWriter().write(columns: [column], to: path)
        } throws: { error in
            (error as? ParquetError).map { if case .writeFailed(let p, _) = $0 { p == path } else { false } } ?? false
        }
    }
}
