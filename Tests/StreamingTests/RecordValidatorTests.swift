import Testing
@testable import Streaming

@Suite struct RecordValidatorTests {
    let validator = RecordValidator()

    func record(_ overrides: [String: JSONValue?] = [:]) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("InvoiceNo", .string("536365")), ("StockCode", .string("85123A")), ("Description", .string("HEART")),
            ("Quantity", .number("6")), ("InvoiceDate", .string("12/1/2010 8:26")), ("UnitPrice", .number("2.55")),
            ("CustomerID", .number("17850.0")), ("Country", .string("United Kingdom")),
        ]
        for (key, value) in overrides {
            fields.removeAll { $0.key == key }
            if let value { fields.append((key, value)) }
        }
        return .object(fields)
    }

    @Test func acceptsNumbersAsNumbersOrStringsAndNullCustomers() throws {
        let accepted = try validator.validate(record()).get()
        #expect(accepted.quantity == "6" && accepted.unitPrice == "2.55" && accepted.customerID == "17850.0")
        let strings = try validator.validate(record(["Quantity": .string("6"), "UnitPrice": .string("2.55"), "CustomerID": .null])).get()
        #expect(strings.customerID == nil)
        let iso = try validator.validate(record(["InvoiceDate": .string("2010-12-01T08:26:00"), "Description": .null])).get()
        #expect(iso.description == nil)
    }

    @Test(arguments: [
        ("InvoiceNo", nil, RecordError.Code.missingField),
        ("Quantity", .string(" "), .missingField),
        ("Quantity", .string("six"), .badQuantity),
        ("Quantity", .number("0"), .nonPositiveQuantity),
        ("Quantity", .number("-2"), .nonPositiveQuantity),
        ("UnitPrice", .number("0"), .nonPositivePrice),
        ("UnitPrice", .string("1.2345"), .pricePrecision),
        ("UnitPrice", .string("abc"), .badPrice),
        ("InvoiceDate", .string("31/31/2010 8:26"), .badDate),
        ("Country", .array([]), .badField),
    ] as [(String, JSONValue?, RecordError.Code)])
    func refusesWithTheFieldAndReason(field: String, value: JSONValue?, code: RecordError.Code) {
        guard case .failure(let error) = validator.validate(record([field: value])) else {
            Issue.record("\(field)=\(String(describing: value)) was accepted")
            return
        }
        #expect(error.code == code)
        #expect(error.field == field)
        #expect(error.message.contains(field))
    }

    @Test func refusesNonObjects() {
        guard case .failure(let error) = validator.validate(.array([])) else {
            Issue.record("accepted an array")
            return
        }
        #expect(error.code == .notAnObject)
    }
}
