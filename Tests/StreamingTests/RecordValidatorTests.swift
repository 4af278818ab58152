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
        ("Country", .number("0"), .badField),
        ("InvoiceDate", .number("20101201"), .badField),
        ("StockCode", .number("85.5"), .badField),
        ("InvoiceNo", .bool(true), .badField),
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

    @Test("values outside the limits are refused as out_of_range, naming the field and the value", arguments: [
        ("UnitPrice", JSONValue.number("9223372036854776"), "9223372036854776"),
        ("UnitPrice", .string("9223372036854775.999"), "9223372036854775.999"),
        ("UnitPrice", .number("-1000000000000000"), "-1000000000000000"),
        ("Quantity", .number("1000000001"), "1000000001"),
        ("Quantity", .string("99999999999999999999"), "99999999999999999999"),
        ("InvoiceDate", .string("0000-01-01T00:00:00"), "0000-01-01T00:00:00"),
        ("InvoiceDate", .string("1/1/0000 0:00"), "1/1/0000 0:00"),
        ("InvoiceDate", .string("12/31/1899 23:59"), "12/31/1899 23:59"),
    ] as [(String, JSONValue, String)])
    func refusesOutOfRange(field: String, value: JSONValue, text: String) {
        guard case .failure(let error) = validator.validate(record([field: value])) else {
            Issue.record("\(field)=\(text) was accepted")
            return
        }
        #expect(error.code == .outOfRange)
        #expect(error.field == field)
        #expect(error.message.hasPrefix("\(field) is out of range"))
        #expect(error.message.contains("'\(text)'"))
    }

    @Test("a revenue past the limit is out_of_range naming both fields, not a quantity problem", arguments: [
        ("2", "999999999999999"),
        ("1000000000", "1000000"),
    ])
    func refusesRevenueOutOfRange(quantity: String, price: String) {
        guard case .failure(let error) = validator.validate(record(["Quantity": .number(quantity), "UnitPrice": .number(price)])) else {
            Issue.record("\(quantity) x \(price) was accepted")
            return
        }
        #expect(error.code == .outOfRange)
        #expect(error.field == nil)
        #expect(error.message == "revenue is out of range: Quantity '\(quantity)' × UnitPrice '\(price)' must be from "
            + "-999999999999999.999 to 999999999999999.999")
    }

    @Test func quantityTwoAtTheTestersPriceBlamesThePrice() {
        guard case .failure(let error) = validator.validate(record(["Quantity": .number("2"), "UnitPrice": .number("9223372036854775")])) else {
            Issue.record("accepted")
            return
        }
        #expect(error == RecordError(.outOfRange, field: "UnitPrice",
                                     "UnitPrice is out of range: it must be from -999999999999999.999 to 999999999999999.999, got '9223372036854775'"))
    }

    @Test func valuesAtTheLimitsAreAccepted() throws {
        let accepted = try validator.validate(record([
            "Quantity": .number("1"), "UnitPrice": .string("999999999999999.999"), "InvoiceDate": .string("9999-12-31T23:59:59"),
        ])).get()
        #expect(accepted.unitPrice == "999999999999999.999")
        let early = try validator.validate(record(["InvoiceDate": .string("1/1/1900 0:00")])).get()
        #expect(early.invoiceDate == "1/1/1900 0:00")
    }

    @Test func refusesNonObjects() {
        guard case .failure(let error) = validator.validate(.array([])) else {
            Issue.record("accepted an array")
            return
        }
        #expect(error.code == .notAnObject)
    }
}
