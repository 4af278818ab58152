/// The JSON types `docs/openapi.yaml` allows for each field of a posted record, checked before the
/// record's values are: text fields (`Description`, `InvoiceDate`, `Country`) must be strings,
/// `InvoiceNo` and `StockCode` strings or whole numbers (as CSV-to-JSON converters write `536365`),
/// and the numeric fields strings or numbers (`CustomerID` also null). A field of another type is
/// refused with `bad_field`, naming the field. `RecordValidator.validate(_: JSONValue)` checks these first.
enum RecordFieldTypes {
    enum Allowed {
        /// A string (null too when the field is optional).
        case string
        /// A string or a JSON number without fraction or exponent.
        case stringOrWholeNumber
        /// A string or any JSON number.
        case stringOrNumber

        var wording: String {
            switch self {
            case .string: "a string"
            case .stringOrWholeNumber: "a string or a whole number"
            case .stringOrNumber: "a string or a number"
            }
        }
    }

    static let fields: [(name: String, allowed: Allowed)] = [
        ("InvoiceNo", .stringOrWholeNumber), ("StockCode", .stringOrWholeNumber), ("Description", .string),
        ("Quantity", .stringOrNumber), ("InvoiceDate", .string), ("UnitPrice", .stringOrNumber),
        ("CustomerID", .stringOrNumber), ("Country", .string),
    ]

    /// The first field of `record` with a type the API does not take; nil when all are fine or
    /// `record` is not an object (the validator says so). Null and absent fields are left to the
    /// validator, which knows which are required.
    static func check(_ record: JSONValue) -> RecordError? {
        guard case .object = record else { return nil }
        for (name, allowed) in fields {
            guard let value = record[name] else { continue }
            switch (value, allowed) {
            case (.null, _), (.string, _), (.number, .stringOrNumber):
                continue
            case (.number(let text), .stringOrWholeNumber) where text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }):
                continue
            case (.number(let text), _):
                return RecordError(.badField, field: name, "\(name) must be \(allowed.wording), got the number \(text)")
            default:
                return RecordError(.badField, field: name, "\(name) must be \(allowed.wording), got \(value.kind)")
            }
        }
        return nil
    }
}
