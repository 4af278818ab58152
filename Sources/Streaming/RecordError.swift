/// Why one posted or landed record was refused, with the field it concerns.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable, CaseIterable {
        case notAnObject = "not_an_object"
        case missingField = "missing_field"
        case badField = "bad_field"
        case badQuantity = "bad_quantity"
        case badPrice = "bad_price"
        case pricePrecision = "price_precision"
        case badDate = "bad_date"
        case nonPositiveQuantity = "non_positive_quantity"
        case nonPositivePrice = "non_positive_price"
        /// A well-formed value outside `SalesLimits` (Quantity, UnitPrice, InvoiceDate or revenue).
        case outOfRange = "out_of_range"
    }

    public var code: Code
    public var field: String?
    public var message: String

    public init(_ code: Code, field: String?, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
