/// Encodes a column chunk of strings, preferring a dictionary page plus
/// RLE_DICTIONARY data pages and falling back to PLAIN pages when the
/// chunk's dictionary grows past the configured limit.
enum StringChunkEncoder {
    /// Encodes the selected rows of a `.string` column.
    static func encode(_ column: ParquetColumn, selection: RowSelection,
                       options: ChunkOptions, sink: inout PageSink) throws -> EncodedChunk {
        let name = column.name
        let dictionaryResult: DictionaryBuilder.Result?
        switch column.values {
        case .dictionary(let dictionary, let codes):
            dictionaryResult = try DictionaryBuilder.remap(
                dictionary: dictionary, codes: codes, validity: column.validity, nullable: column.nullable,
                column: name, selection: selection, limitBytes: options.dictionaryPageLimitBytes)
        case .strings(let strings):
            dictionaryResult = try DictionaryBuilder.build(
                strings: strings, validity: column.validity, nullable: column.nullable,
                column: name, selection: selection, limitBytes: options.dictionaryPageLimitBytes)
        default:
            throw ParquetError.typeMismatch(column: name, type: column.type.displayName,
                                            values: column.values.kindName)
        }
        if let result = dictionaryResult, !result.dictionary.isEmpty {
            return try encodeDictionary(result, nullable: column.nullable, column: name, options: options,
                                        sink: &sink)
        }
        return try encodePlain(try plainValues(column, selection: selection), nullable: column.nullable,
                               column: name, options: options, sink: &sink)
    }

    /// Writes the dictionary page and RLE_DICTIONARY data pages.
    static func encodeDictionary(_ result: DictionaryBuilder.Result, nullable: Bool, column: String,
                                 options: ChunkOptions, sink: inout PageSink) throws -> EncodedChunk {
        sink.beginChunk(column: column)
        var dictionaryBody: [UInt8] = []
        dictionaryBody.reserveCapacity(result.dictionary.reduce(0) { $0 + 4 + $1.utf8.count })
        for entry in result.dictionary { PageBody.appendByteArray(entry, to: &dictionaryBody) }
        try sink.append(.dictionary(numValues: Int32(result.dictionary.count)), body: dictionaryBody)

        let rowCount = result.codes.count
        let bitWidth = RLEHybridEncoder.bitWidth(forMax: result.dictionary.count - 1)
        var levels: [UInt8]?
        var valueCodes = result.codes
        if nullable {
            levels = result.codes.map { $0 >= 0 ? 1 : 0 }
            if result.nullCount > 0 { valueCodes = result.codes.filter { $0 >= 0 } }
        }
        let rowsPerPage = min(max(1, options.pageSizeBytes / bitWidth * 8), ChunkOptions.maxRowsPerPage)
        var rowStart = 0
        var valueStart = 0
        var body: [UInt8] = []
        repeat {
            let rowEnd = min(rowStart + rowsPerPage, rowCount)
            body.removeAll(keepingCapacity: true) // one buffer serves every page
            body.reserveCapacity((rowEnd - rowStart) * bitWidth / 8 + 64)
            var valueEnd = valueStart + (rowEnd - rowStart)
            if let levels {
                let pageLevels = levels[rowStart..<rowEnd]
                PageBody.appendDefinitionLevels(pageLevels, to: &body)
                valueEnd = valueStart + PageBody.nonNullCount(pageLevels)
            }
            body.append(UInt8(bitWidth))
            valueCodes[valueStart..<valueEnd].withUnsafeBufferPointer {
                RLEHybridEncoder.encode($0, bitWidth: bitWidth, into: &body)
            }
            try sink.append(.data(numValues: Int32(rowEnd - rowStart), encoding: .rleDictionary), body: body)
            rowStart = rowEnd
            valueStart = valueEnd
        } while rowStart < rowCount
        return sink.finishChunk(encodings: [.plain, .rle, .rleDictionary], numValues: rowCount,
                                statistics: StatisticsBuilder.strings(result.dictionary, nullCount: result.nullCount))
    }

    /// The selected rows as optional strings (nil = null), validated.
    static func plainValues(_ column: ParquetColumn, selection: RowSelection) throws -> [String?] {
        var out: [String?] = []
        out.reserveCapacity(selection.count)
        let validity = column.validity
        switch column.values {
        case .strings(let strings):
            try selection.forEach { _, row in
                let value = validity?[row] == false ? nil : strings[row]
                if value == nil && !column.nullable {
                    throw ParquetError.nullInRequiredColumn(column: column.name, row: row)
                }
                out.append(value)
            }
        case .dictionary(let dictionary, let codes):
            try selection.forEach { _, row in
                let code = codes[row]
                guard code >= -1 && Int(code) < dictionary.count else {
                    throw ParquetError.dictionaryCodeOutOfRange(
                        column: column.name, row: row, code: code, dictionarySize: dictionary.count)
                }
                let value = (code < 0 || validity?[row] == false) ? nil : dictionary[Int(code)]
                if value == nil && !column.nullable {
                    throw ParquetError.nullInRequiredColumn(column: column.name, row: row)
                }
                out.append(value)
            }
        default:
            throw ParquetError.typeMismatch(column: column.name, type: column.type.displayName,
                                            values: column.values.kindName)
        }
        return out
    }

    /// Writes PLAIN data pages of about `pageSizeBytes` each.
    static func encodePlain(_ values: [String?], nullable: Bool, column: String,
                            options: ChunkOptions, sink: inout PageSink) throws -> EncodedChunk {
        sink.beginChunk(column: column)
        let rowCount = values.count
        var nullCount = 0
        var rowStart = 0
        repeat {
            var body: [UInt8] = []
            var rowEnd = rowStart
            var bytes = 0
            while rowEnd < rowCount && (rowEnd == rowStart || bytes < options.pageSizeBytes)
                    && rowEnd - rowStart < ChunkOptions.maxRowsPerPage {
                if let v = values[rowEnd] {
                    let n = v.utf8.count
                    guard n <= Int32.max else { throw ParquetError.valueTooLarge(column: column, bytes: n) }
                    bytes += 4 + n
                }
                rowEnd += 1
            }
            body.reserveCapacity(bytes + (rowEnd - rowStart) / 8 + 64)
            if nullable {
                let levels: [UInt8] = values[rowStart..<rowEnd].map { $0 == nil ? 0 : 1 }
                PageBody.appendDefinitionLevels(levels[...], to: &body)
            }
            for row in rowStart..<rowEnd {
                if let v = values[row] { PageBody.appendByteArray(v, to: &body) } else { nullCount += 1 }
            }
            try sink.append(.data(numValues: Int32(rowEnd - rowStart), encoding: .plain), body: body)
            rowStart = rowEnd
        } while rowStart < rowCount
        return sink.finishChunk(encodings: [.plain, .rle], numValues: rowCount,
                                statistics: StatisticsBuilder.strings(values.lazy.compactMap { $0 },
                                                                  nullCount: nullCount))
    }
}
