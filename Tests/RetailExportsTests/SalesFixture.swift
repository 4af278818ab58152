import RetailData
import RetailExports

/// Builds small `SalesTable`s from readable rows for tests.
struct SalesFixture {
    struct Line {
        var invoice: String
        var stock: String
        var description: String?
        var quantity: Int64
        var time: String
        var price: String
        var customer: String
        var country: String
    }

    private(set) var table = SalesTable()

    init(_ lines: [Line] = []) {
        for line in lines { append(line) }
    }

    /// `time` is `yyyy-MM-dd HH:mm`; `price` a decimal with up to 3 places; `customer` may be "Unknown".
    mutating func append(_ line: Line) {
        Self.encode(&table.invoiceNo, line.invoice)
        Self.encode(&table.stockCode, line.stock)
        Self.encode(&table.description, line.description)
        table.quantity.append(line.quantity)
        table.invoiceTs.append(Self.micros(line.time))
        let price = Money(Substring(line.price))!.thousandths
        table.unitPrice.append(price)
        Self.encode(&table.customerId, line.customer)
        Self.encode(&table.country, line.country)
        table.revenue.append(line.quantity * price)
    }

    var prepared: PreparedSales { try! PreparedSales(table) }

    static func micros(_ text: String) -> Int64 {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int($0)! }
        return WallClock.micros(CalendarDay(year: parts[0], month: parts[1], day: parts[2]), hour: parts[3], minute: parts[4])
    }

    private static func encode(_ column: inout StringColumn, _ value: String?) {
        guard let value else { column.codes.append(-1); return }
        if let code = column.dictionary.firstIndex(of: value) {
            column.codes.append(Int32(code))
        } else {
            column.codes.append(Int32(column.dictionary.count))
            column.dictionary.append(value)
        }
    }
}

/// Shorthand for a fixture line.
func line(
    _ invoice: String, _ stock: String, _ description: String?, _ quantity: Int64, _ time: String,
    _ price: String, _ customer: String = "Unknown", _ country: String = "United Kingdom"
) -> SalesFixture.Line {
    .init(invoice: invoice, stock: stock, description: description, quantity: quantity, time: time,
          price: price, customer: customer, country: country)
}

extension ResultTable {
    /// The column's values as text, the way the aggregate CSV writes them (nil for null).
    func texts(_ name: String) -> [String?] {
        guard let column = column(name) else { return [] }
        switch column.values {
        case .string: return column.stringValues!
        case .money(let v): return v.map { Money(thousandths: $0).description }
        case .int64(let v), .timestamp(let v): return v.map { String($0) }
        case .int32(let v), .date(let v): return v.map { String($0) }
        case .int32Keys: return column.int32Values!.map { String($0) }
        }
    }

    /// The CSV text of the table in the aggregate format.
    var csvText: String { String(decoding: csvBytes(format: .aggregate), as: UTF8.self) }
}
