/// One record that passed cleaning. String values are codes into the cleaner's dictionaries
/// (`SalesCleaner.text(_:code:)`), the same codes the resulting `SalesTable` uses.
public struct CleanedRecord: Sendable, Equatable {
    public var invoiceNo: Int32
    public var stockCode: Int32
    /// -1 when the description is empty after trimming.
    public var description: Int32
    public var quantity: Int64
    /// Microseconds since 1970-01-01T00:00 of the local wall time.
    public var invoiceTs: Int64
    /// Thousandths (`Money.scale`).
    public var unitPrice: Int64
    public var customerId: Int32
    public var country: Int32
    /// `quantity * unitPrice`, thousandths.
    public var revenue: Int64
}
