import Parquet

/// The input chooses a codec, page and row-group sizes, and up to six columns of every type with
/// values and nulls; the writer encodes them. Invariants: the writer either refuses the columns with
/// an error or writes a file whose frame and footer read back, with the rows and columns it was given.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParquet(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var source = ByteSource(UnsafeBufferPointer(start: data, count: size))
    let codec = ParquetCodec.allCases[source.below(ParquetCodec.allCases.count)]
    let writer = ParquetWriter(codec: codec, rowGroupRows: 1 + source.below(64), pageSizeBytes: 1 + source.below(256) * 16,
                               dictionaryPageLimitBytes: source.below(4) * 64)
    let rowCount = source.below(200)
    let columnCount = 1 + source.below(6)
    let columns = (0..<columnCount).map { index in column(index, rows: rowCount, from: &source) }
    let selection: [Int]? = source.byte() & 1 == 0 ? nil : (0..<rowCount).filter { _ in source.byte() & 1 == 1 }
    let file: [UInt8]
    do {
        file = try writer.encode(columns: columns, rows: selection)
    } catch {
        return 0
    }
    let summary: FooterReader.Summary
    do {
        summary = try FooterReader.read(file)
    } catch {
        fatalError("written file does not read back: \(error)")
    }
    let expectedRows = selection?.count ?? rowCount
    guard summary.numRows == Int64(expectedRows) else { fatalError("footer says \(String(describing: summary.numRows)) rows, wrote \(expectedRows)") }
    guard summary.schemaElements == columnCount + 1 else { fatalError("footer has \(String(describing: summary.schemaElements)) schema elements for \(columnCount) columns") }
    return 0
}

/// One column of a type the input picks, sometimes nullable, sometimes with a validity mask.
func column(_ index: Int, rows: Int, from source: inout ByteSource) -> ParquetColumn {
    let name = "c\(index)"
    let nullable = source.byte() & 1 == 1
    let validity: [Bool]? = nullable && source.byte() & 1 == 1 ? (0..<rows).map { _ in source.byte() & 3 != 0 } : nil
    switch source.below(8) {
    case 0:
        return ParquetColumn(name: name, type: .int64, nullable: nullable, values: .int64((0..<rows).map { _ in source.int64() }), validity: validity)
    case 1:
        return ParquetColumn(name: name, type: .int32, nullable: nullable,
                             values: .int32((0..<rows).map { _ in Int32(truncatingIfNeeded: source.int64()) }), validity: validity)
    case 2:
        return ParquetColumn(name: name, type: .double, nullable: nullable,
                             values: .double((0..<rows).map { _ in Double(bitPattern: UInt64(bitPattern: source.int64())) }), validity: validity)
    case 3:
        return ParquetColumn(name: name, type: .string, nullable: nullable,
                             values: .strings((0..<rows).map { _ in source.byte() & 7 == 0 ? nil : source.text() }), validity: validity)
    case 4:
        let dictionary = (0..<(1 + source.below(8))).map { _ in source.text() }
        let codes = (0..<rows).map { _ in Int32(source.below(dictionary.count + 1)) - 1 }
        return ParquetColumn(name: name, type: .string, nullable: nullable, values: .dictionary(dictionary: dictionary, codes: codes), validity: validity)
    case 5:
        return ParquetColumn(name: name, type: .timestampMicros(adjustedToUTC: source.byte() & 1 == 1), nullable: nullable,
                             values: .int64((0..<rows).map { _ in source.int64() }), validity: validity)
    case 6:
        let precision = 1 + source.below(20)
        return ParquetColumn(name: name, type: .decimal(precision: precision, scale: source.below(precision + 2)), nullable: nullable,
                             values: .int64((0..<rows).map { _ in source.int64() }), validity: validity)
    default:
        return ParquetColumn(name: name, type: .date, nullable: nullable,
                             values: .int32((0..<rows).map { _ in Int32(truncatingIfNeeded: source.int64()) }), validity: validity)
    }
}
