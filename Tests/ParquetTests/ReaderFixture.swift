import Foundation
@testable import Parquet

/// Sort key of a value in its column's type order, for expected statistics.
enum SortKey: Comparable {
    case int(Int64)
    case double(Double)
    case bytes([UInt8])

    static func < (a: SortKey, b: SortKey) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.double(let x), .double(let y)): return x < y
        case (.bytes(let x), .bytes(let y)): return x.lexicographicallyPrecedes(y)
        default: return false
        }
    }
}

/// Columns of every kind plus what real readers should report for them.
struct ReaderFixture {
    var columns: [ParquetColumn] = []
    /// Per column: expected value of every source row as the reader script prints it.
    var expected: [String: [String?]] = [:]
    /// Per column: sort key of every source row (nil = null).
    var keys: [String: [SortKey?]] = [:]
    var arrowTypes: [String: String] = [:]
    var duckTypes: [String: String] = [:]

    var names: [String] { columns.map(\.name) }

    private mutating func add(_ column: ParquetColumn, arrow: String, duck: String,
                              expected: [String?], keys: [SortKey?]) {
        columns.append(column)
        self.expected[column.name] = expected
        self.keys[column.name] = keys
        arrowTypes[column.name] = arrow
        duckTypes[column.name] = duck
    }

    /// Expected `(min, max, nullCount)` of `column` over `rows`.
    func statistics(_ column: String, rows: ArraySlice<Int>) -> (min: String?, max: String?, nullCount: Int) {
        let keys = self.keys[column] ?? []
        let values = expected[column] ?? []
        var lo: Int?
        var hi: Int?
        var nulls = 0
        for row in rows {
            guard let key = keys[row] else { nulls += 1; continue }
            if lo.map({ key < keys[$0]! }) ?? true { lo = row }
            if hi.map({ keys[$0]! < key }) ?? true { hi = row }
        }
        return (lo.flatMap { values[$0] }, hi.flatMap { values[$0] }, nulls)
    }

    /// A deterministic table of `rows` rows with every supported column kind.
    static func everyKind(rows: Int, seed: UInt64 = 1) -> ReaderFixture {
        var rng = SplitMix(state: seed)
        var f = ReaderFixture()
        let pool = ["alpha", "Beta", "café", "日本語", "emoji 🎉", "", "zeta", "Zürich", "a\"quote", "tab\tbed"]

        let sReq = (0..<rows).map { _ in pool.randomElement(using: &rng)! }
        f.add(ParquetColumn(name: "s_req", type: .string, values: .strings(sReq)),
              arrow: "string", duck: "VARCHAR", expected: sReq, keys: sReq.map { .bytes(Array($0.utf8)) })

        let sOpt: [String?] = (0..<rows).map { i in
            Int.random(in: 0..<5, using: &rng) == 0 ? nil : "row-\(i % 97)-\(pool[i % pool.count])"
        }
        f.add(ParquetColumn(name: "s_opt", type: .string, nullable: true, values: .strings(sOpt)),
              arrow: "string", duck: "VARCHAR", expected: sOpt, keys: sOpt.map { $0.map { .bytes(Array($0.utf8)) } })

        let dictionary = ["north", "south", "east", "west", "unused-1", "unused-2", "centre"]
        let dCodes: [Int32] = (0..<rows).map { _ in [-1, 0, 1, 2, 3, 6].randomElement(using: &rng)! }
        let dValues = dCodes.map { $0 < 0 ? nil : dictionary[Int($0)] }
        f.add(ParquetColumn(name: "d_opt", type: .string, nullable: true,
                            values: .dictionary(dictionary: dictionary, codes: dCodes)),
              arrow: "string", duck: "VARCHAR", expected: dValues,
              keys: dValues.map { $0.map { .bytes(Array($0.utf8)) } })

        let big = (0..<2_000).map { "product \($0 * 7919 % 2_000)" }
        let bigCodes = (0..<rows).map { _ in Int32.random(in: 0..<2_000, using: &rng) }
        let bigValues = bigCodes.map { big[Int($0)] }
        f.add(ParquetColumn(name: "d_req", type: .string, values: .dictionary(dictionary: big, codes: bigCodes)),
              arrow: "string", duck: "VARCHAR", expected: bigValues, keys: bigValues.map { .bytes(Array($0.utf8)) })

        var i64 = (0..<rows).map { _ in Int64.random(in: -5_000_000_000...5_000_000_000, using: &rng) }
        if rows > 2 { i64[1] = .min; i64[rows - 1] = .max }
        f.add(ParquetColumn(name: "i64", type: .int64, values: .int64(i64)),
              arrow: "int64", duck: "BIGINT", expected: i64.map { String($0) }, keys: i64.map { .int($0) })

        let i64Opt = (0..<rows).map { Int64($0) * 3 - 100 }
        let validity = (0..<rows).map { $0 % 3 != 1 }
        f.add(ParquetColumn(name: "i64_opt", type: .int64, nullable: true, values: .int64(i64Opt), validity: validity),
              arrow: "int64", duck: "BIGINT",
              expected: zip(i64Opt, validity).map { $1 ? String($0) : nil },
              keys: zip(i64Opt, validity).map { $1 ? .int($0) : nil })

        let i32 = (0..<rows).map { _ in Int32.random(in: .min ... .max, using: &rng) }
        f.add(ParquetColumn(name: "i32", type: .int32, values: .int32(i32)),
              arrow: "int32", duck: "INTEGER", expected: i32.map { String($0) }, keys: i32.map { .int(Int64($0)) })

        let f64 = (0..<rows).map { _ in Double(Int.random(in: -80_000...80_000, using: &rng)) / 8 }
        f.add(ParquetColumn(name: "f64", type: .double, values: .double(f64)),
              arrow: "double", duck: "DOUBLE", expected: f64.map { "\($0)" }, keys: f64.map { .double($0) })

        let local = (0..<rows).map { _ in Int64.random(in: -1_000_000_000_000_000...4_000_000_000_000_000, using: &rng) }
        f.add(ParquetColumn(name: "ts_local", type: .timestampMicros(adjustedToUTC: false), values: .int64(local)),
              arrow: "timestamp[us]", duck: "TIMESTAMP", expected: local.map { String($0) }, keys: local.map { .int($0) })

        let utc = (0..<rows).map { 1_700_000_000_000_000 + Int64($0) * 1_234_567 }
        let utcValid = (0..<rows).map { $0 % 10 != 0 }
        f.add(ParquetColumn(name: "ts_utc", type: .timestampMicros(adjustedToUTC: true), nullable: true,
                            values: .int64(utc), validity: utcValid),
              arrow: "timestamp[us, tz=UTC]", duck: "TIMESTAMP WITH TIME ZONE",
              expected: zip(utc, utcValid).map { $1 ? String($0) : nil },
              keys: zip(utc, utcValid).map { $1 ? .int($0) : nil })

        var dec = (0..<rows).map { _ in Int64.random(in: -999_999_999_999...999_999_999_999, using: &rng) }
        if rows > 3 { dec[2] = 999_999_999_999_999_999; dec[3] = -999_999_999_999_999_999 }
        f.add(ParquetColumn(name: "dec", type: .decimal(precision: 18, scale: 3), values: .int64(dec)),
              arrow: "decimal128(18, 3)", duck: "DECIMAL(18,3)",
              expected: dec.map { decimalString($0, scale: 3) }, keys: dec.map { .int($0) })

        let small = (0..<rows).map { _ in Int64.random(in: -999_999_999...999_999_999, using: &rng) }
        f.add(ParquetColumn(name: "dec_small", type: .decimal(precision: 9, scale: 2), values: .int64(small)),
              arrow: "decimal128(9, 2)", duck: "DECIMAL(9,2)",
              expected: small.map { decimalString($0, scale: 2) }, keys: small.map { .int($0) })

        let days = (0..<rows).map { _ in Int32.random(in: -30_000...60_000, using: &rng) }
        f.add(ParquetColumn(name: "day", type: .date, values: .int32(days)),
              arrow: "date32[day]", duck: "DATE", expected: days.map { String($0) }, keys: days.map { .int(Int64($0)) })
        return f
    }
}
