/// Why a record was set aside instead of being cleaned.
public enum QuarantineReason: String, Sendable, Codable, CaseIterable, Hashable {
    /// The record has more or fewer fields than the header.
    case fieldCount = "field_count"
    /// A quoted field is still open at the end of the file.
    case unterminatedQuote = "unterminated_quote"
    /// The record holds bytes that are not valid UTF-8 while UTF-8 was declared (or signalled by a BOM).
    case invalidEncoding = "invalid_encoding"
    /// The record is longer than `CSVReaderOptions.maxRecordBytes`.
    case recordTooLong = "record_too_long"
    /// Quantity is not an integer.
    case badQuantity = "bad_quantity"
    /// UnitPrice is not a decimal number.
    case badPrice = "bad_price"
    /// InvoiceDate matches none of the accepted formats or is not a real date/time.
    case badDate = "bad_date"
    /// UnitPrice has more than 3 significant decimals.
    case pricePrecision = "price_precision"
    /// Quantity, UnitPrice, InvoiceDate or revenue (Quantity × UnitPrice) is well-formed but outside
    /// `SalesLimits`.
    case outOfRange = "out_of_range"
}
