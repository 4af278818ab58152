import RetailData

/// Checks records at the edge (the HTTP API and the landing folder) with the batch pipeline's own
/// rules code: a record is refused for a missing field, a bad number or date, a value outside
/// `SalesLimits` (`out_of_range`), Quantity <= 0 or UnitPrice <= 0. Everything else (cancellations, bad-debt rows, the Unknown customer) is left to
/// the micro-batch's cleaning, exactly as the batch pipeline does it.
///
/// Not thread-safe: use one per request or per file.
public struct RecordValidator {
    /// The fields in `RetailColumns` order and whether each is required.
    public static let fields: [(name: String, required: Bool)] = [
        ("InvoiceNo", true), ("StockCode", true), ("Description", false), ("Quantity", true),
        ("InvoiceDate", true), ("UnitPrice", true), ("CustomerID", false), ("Country", true),
    ]

    /// Only the checks the edge owns: quarantine reasons and the two positivity rules.
    static let edgeRules = CleaningRules(dropCancelled: false, dropBadDebt: false, dropDuplicates: false)

    let cleaner: SalesCleaner

    public init() {
        // The default date format is valid, so this cannot throw.
        cleaner = try! SalesCleaner(rules: Self.edgeRules)
    }

    /// Validates a JSON record: first each field's JSON type (`RecordFieldTypes`), then its value.
    public func validate(_ value: JSONValue) -> Result<SaleRecord, RecordError> {
        guard case .object = value else {
            return .failure(RecordError(.notAnObject, field: nil, "a record must be a JSON object, got \(value.kind)"))
        }
        if let wrongType = RecordFieldTypes.check(value) { return .failure(wrongType) }
        var texts: [String?] = []
        for (name, required) in Self.fields {
            let text: String?
            switch value[name] {
            case .none, .null?: text = nil
            case .string(let string)?: text = string
            case .number(let number)?: text = number
            case let other?:  // RecordFieldTypes.check has refused these already
                return .failure(RecordError(.badField, field: name, "\(name) must be a string or a number, got \(other.kind)"))
            }
            if required, text.map({ $0.allSatisfy(\.isWhitespace) }) ?? true {
                return .failure(RecordError(.missingField, field: name, "\(name) is missing"))
            }
            texts.append(text)
        }
        return validate(texts)
    }

    /// Validates eight values in `RetailColumns` order (nil or empty for a missing optional field).
    public func validate(_ texts: [String?]) -> Result<SaleRecord, RecordError> {
        for (index, (name, required)) in Self.fields.enumerated() where required {
            if texts[index].map({ $0.allSatisfy(\.isWhitespace) }) ?? true {
                return .failure(RecordError(.missingField, field: name, "\(name) is missing"))
            }
        }
        let record = SaleRecord(invoiceNo: texts[0]!, stockCode: texts[1]!, description: texts[2].flatMap { $0.isEmpty ? nil : $0 },
                                quantity: texts[3]!, invoiceDate: texts[4]!, unitPrice: texts[5]!,
                                customerID: texts[6].flatMap { $0.isEmpty ? nil : $0 }, country: texts[7]!)
        // The quarantine text is never used at the edge, so no raw line is built.
        let (outcome, violation) = RawSalesRecord.withFields(record.fields) { raw in
            let outcome = cleaner.evaluate(raw, line: 0, raw: UnsafeBufferPointer(start: nil, count: 0))
            return (outcome, outcome == .quarantined(.outOfRange) ? cleaner.rangeViolation(raw) : nil)
        }
        if let violation { return .failure(Self.error(for: violation, record)) }
        switch outcome {
        case .kept, .dropped(.cancelled), .dropped(.badDebt), .dropped(.duplicate):
            return .success(record)
        case .dropped(.nonPositiveQuantity):
            return .failure(RecordError(.nonPositiveQuantity, field: "Quantity", "Quantity must be > 0, got '\(record.quantity)'"))
        case .dropped(.nonPositivePrice):
            return .failure(RecordError(.nonPositivePrice, field: "UnitPrice", "UnitPrice must be > 0, got '\(record.unitPrice)'"))
        case .quarantined(let reason):
            return .failure(Self.error(for: reason, record))
        }
    }

    static func error(for reason: QuarantineReason, _ record: SaleRecord) -> RecordError {
        switch reason {
        case .badQuantity:
            RecordError(.badQuantity, field: "Quantity", "Quantity must be a whole number, got '\(record.quantity)'")
        case .badPrice:
            RecordError(.badPrice, field: "UnitPrice", "UnitPrice must be a decimal number, got '\(record.unitPrice)'")
        case .pricePrecision:
            RecordError(.pricePrecision, field: "UnitPrice", "UnitPrice has more than 3 decimals: '\(record.unitPrice)'")
        case .badDate:
            RecordError(.badDate, field: "InvoiceDate",
                        "InvoiceDate must look like 12/1/2010 8:26 or 2010-12-01T08:26:00, got '\(record.invoiceDate)'")
        case .fieldCount, .unterminatedQuote, .invalidEncoding, .recordTooLong, .outOfRange:
            RecordError(.badField, field: nil, "the record is malformed (\(reason.rawValue))")
        }
    }

    static func error(for violation: RangeViolation, _ record: SaleRecord) -> RecordError {
        switch violation {
        case .quantity:
            RecordError(.outOfRange, field: "Quantity",
                        "Quantity is out of range: it must be from -\(SalesLimits.maxQuantity) to \(SalesLimits.maxQuantity), got '\(record.quantity)'")
        case .unitPrice:
            RecordError(.outOfRange, field: "UnitPrice",
                        "UnitPrice is out of range: it must be from -\(Money.max) to \(Money.max), got '\(record.unitPrice)'")
        case .invoiceDate:
            RecordError(.outOfRange, field: "InvoiceDate",
                        "InvoiceDate is out of range: the year must be \(SalesLimits.years.lowerBound) to \(SalesLimits.years.upperBound), got '\(record.invoiceDate)'")
        case .revenue:
            RecordError(.outOfRange, field: nil,
                        "revenue is out of range: Quantity '\(record.quantity)' × UnitPrice '\(record.unitPrice)' must be from -\(Money.max) to \(Money.max)")
        }
    }
}
