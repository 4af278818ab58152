#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Fast binary serialization, used to hand the cleaned table between the tasks of one run.
///
/// Layout, all integers little-endian:
/// `RDTBL001`, row count (u64); for each string column (invoice_no, stock_code, description,
/// customer_id, country): entry count (u64), text bytes (u64), entry lengths (u32 each), UTF-8
/// text, codes (i32 each); then quantity, invoice_ts, unit_price, revenue (i64 each); `RDTBLEND`.
/// Reading checks every length and that every code is -1 or a valid dictionary index.
extension SalesTable {
    static let binaryMagic = Array("RDTBL001".utf8)
    static let binaryTrailer = Array("RDTBLEND".utf8)

    /// Writes the table to `url` (replacing it).
    ///
    /// - Throws: `SalesTableFileError.inconsistent` when the columns differ in length,
    ///   `FileIOError` when the file cannot be written.
    public func write(to url: URL) throws {
        let lengths = [invoiceNo.count, stockCode.count, description.count, quantity.count, invoiceTs.count,
                       unitPrice.count, customerId.count, country.count, revenue.count]
        guard lengths.allSatisfy({ $0 == count }) else {
            throw SalesTableFileError.inconsistent(path: url.path, detail: "column lengths \(lengths) differ")
        }
        let writer = try ByteFileWriter(path: url.path, flushThreshold: 1 << 20)
        writer.append(SalesTable.binaryMagic)
        writer.appendLittleEndian(UInt64(count))
        for column in [invoiceNo, stockCode, description, customerId, country] {
            var lengths: [UInt32] = []
            lengths.reserveCapacity(column.dictionary.count)
            var text: [UInt8] = []
            for entry in column.dictionary {
                let before = text.count
                text.append(contentsOf: entry.utf8)
                lengths.append(UInt32(text.count - before))
            }
            writer.appendLittleEndian(UInt64(column.dictionary.count))
            writer.appendLittleEndian(UInt64(text.count))
            try writer.writeArray(lengths)
            try text.withUnsafeBytes { try writer.writeDirect($0) }
            try writer.writeArray(column.codes)
        }
        for values in [quantity, invoiceTs, unitPrice, revenue] {
            try writer.writeArray(values)
        }
        writer.append(SalesTable.binaryTrailer)
        try writer.close()
    }

    /// Reads a table written by `write(to:)`.
    ///
    /// - Throws: `FileIOError` when the file cannot be read, `SalesTableFileError.corrupt` when
    ///   its content is not a complete, consistent table.
    public init(contentsOf url: URL) throws {
        let path = url.path
        let bytes = try SalesTable.readWholeFile(path: path)
        self.init()
        try bytes.withUnsafeBytes { raw in
            var reader = BinaryCursor(bytes: raw, path: path)
            guard try reader.bytes(8).elementsEqual(SalesTable.binaryMagic) else {
                throw SalesTableFileError.corrupt(path: path, detail: "not a sales table file (bad magic)")
            }
            let rows = try reader.count("row count")
            var columns: [StringColumn] = []
            for name in ["invoice_no", "stock_code", "description", "customer_id", "country"] {
                let entries = try reader.count("\(name) dictionary size")
                let textBytes = try reader.count("\(name) text size")
                let lengths: [UInt32] = try reader.array(entries, "\(name) lengths")
                let text = try reader.bytes(textBytes)
                var dictionary: [String] = []
                dictionary.reserveCapacity(entries)
                var offset = 0
                for length in lengths {
                    let end = offset + Int(length)
                    guard end <= text.count else {
                        throw SalesTableFileError.corrupt(path: path, detail: "\(name) dictionary overruns its text")
                    }
                    dictionary.append(String(decoding: UnsafeRawBufferPointer(rebasing: text[offset..<end]), as: UTF8.self))
                    offset = end
                }
                guard offset == text.count else {
                    throw SalesTableFileError.corrupt(path: path, detail: "\(name) dictionary text has extra bytes")
                }
                let codes: [Int32] = try reader.array(rows, "\(name) codes")
                let limit = Int32(clamping: entries)
                if let row = RangeScan.firstIndex(in: codes, outside: -1...(limit - 1)) {
                    let bad = codes[row]
                    throw SalesTableFileError.corrupt(path: path, detail: "\(name) code \(bad) outside 0..<\(entries)")
                }
                columns.append(StringColumn(dictionary: dictionary, codes: codes))
            }
            invoiceNo = columns[0]
            stockCode = columns[1]
            description = columns[2]
            customerId = columns[3]
            country = columns[4]
            quantity = try reader.array(rows, "quantity")
            invoiceTs = try reader.array(rows, "invoice_ts")
            unitPrice = try reader.array(rows, "unit_price")
            revenue = try reader.array(rows, "revenue")
            guard try reader.bytes(8).elementsEqual(SalesTable.binaryTrailer), reader.isAtEnd else {
                throw SalesTableFileError.corrupt(path: path, detail: "bad or missing end marker")
            }
        }
        // The cleaner never keeps a value outside the limits, so such a file was damaged or not written by it.
        if let bad = SalesLimits.firstValueOutOfRange(in: self) {
            throw SalesTableFileError.corrupt(path: path, detail: "\(bad.column) \(bad.value) at row \(bad.row) is outside the sales limits")
        }
    }

    static func readWholeFile(path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw FileIOError.cannotOpen(path: path, reason: FileIOError.systemReason())
        }
        defer { _ = closeDescriptor(descriptor) }
        var info = stat()
        let size = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
        var bytes = [UInt8](repeating: 0, count: max(size, 0))
        var filled = 0
        try bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while filled < raw.count {
                let count = readDescriptor(descriptor, base + filled, raw.count - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw FileIOError.readFailed(path: path, reason: FileIOError.systemReason())
                }
                if count == 0 { break }
                filled += count
            }
        }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return bytes
    }
}
