/// The eight raw field values of one sales record, as bytes (CSV quoting already removed).
///
/// The buffers are borrowed: valid only while the call that received them runs.
public struct RawSalesRecord {
    public var invoiceNo: UnsafeBufferPointer<UInt8>
    public var stockCode: UnsafeBufferPointer<UInt8>
    public var description: UnsafeBufferPointer<UInt8>
    public var quantity: UnsafeBufferPointer<UInt8>
    public var invoiceDate: UnsafeBufferPointer<UInt8>
    public var unitPrice: UnsafeBufferPointer<UInt8>
    public var customerId: UnsafeBufferPointer<UInt8>
    public var country: UnsafeBufferPointer<UInt8>

    public init(invoiceNo: UnsafeBufferPointer<UInt8>, stockCode: UnsafeBufferPointer<UInt8>,
                description: UnsafeBufferPointer<UInt8>, quantity: UnsafeBufferPointer<UInt8>,
                invoiceDate: UnsafeBufferPointer<UInt8>, unitPrice: UnsafeBufferPointer<UInt8>,
                customerId: UnsafeBufferPointer<UInt8>, country: UnsafeBufferPointer<UInt8>) {
        self.invoiceNo = invoiceNo
        self.stockCode = stockCode
        self.description = description
        self.quantity = quantity
        self.invoiceDate = invoiceDate
        self.unitPrice = unitPrice
        self.customerId = customerId
        self.country = country
    }

    /// The record's columns when it was read with `RetailColumns.all`.
    @inline(__always)
    public init(_ record: CSVRecord) {
        self.init(invoiceNo: record[0], stockCode: record[1], description: record[2],
                  quantity: record[3], invoiceDate: record[4], unitPrice: record[5],
                  customerId: record[6], country: record[7])
    }

    /// Calls `body` with a record made of eight strings (UTF-8), in `RetailColumns` order;
    /// missing trailing values are empty. This is the entry point for records that do not come from CSV.
    public static func withFields<Result>(_ fields: [String], _ body: (RawSalesRecord) throws -> Result) rethrows -> Result {
        var bytes: [UInt8] = []
        var bounds: [Range<Int>] = []
        for index in 0..<8 {
            let start = bytes.count
            if index < fields.count { bytes.append(contentsOf: fields[index].utf8) }
            bounds.append(start..<bytes.count)
        }
        return try bytes.withUnsafeBufferPointer { all in
            func slice(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: all[bounds[index]])
            }
            return try body(RawSalesRecord(invoiceNo: slice(0), stockCode: slice(1), description: slice(2),
                                           quantity: slice(3), invoiceDate: slice(4), unitPrice: slice(5),
                                           customerId: slice(6), country: slice(7)))
        }
    }
}
