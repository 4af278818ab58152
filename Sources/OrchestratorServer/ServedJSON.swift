import Foundation
import RetailData
import Streaming

/// The JSON forms of served data. Money is an exact decimal string with 3 decimals ("2.550");
/// invoice dates are local wall-clock ISO 8601 without a zone ("2010-12-01T08:26:00").
enum ServedJSON {
    static func item(_ item: ServedItem) -> JSONValue {
        .object([
            ("invoice_no", .string(item.invoiceNo)), ("stock_code", .string(item.stockCode)),
            ("description", .optionalString(item.description)), ("quantity", .int(item.quantity)),
            ("invoice_date", .string(wallClock(micros: item.invoiceTs))), ("unit_price", .string(money(item.unitPrice))),
            ("customer_id", .string(item.customerID)), ("country", .string(item.country)),
            ("revenue", .string(money(item.revenue))), ("seq", .int(item.seq)),
        ])
    }

    static func money(_ thousandths: Int64) -> String { Money(thousandths: thousandths).description }

    /// The exact sum of amounts in thousandths, even past 64 bits (each item's revenue fits, a
    /// total of huge items may not).
    static func money(sum amounts: [Int64]) -> String {
        Money.text(thousandths: amounts.reduce(Int128(0)) { $0 + Int128($1) })
    }

    /// `2010-12-01T08:26:00` from wall-clock microseconds since 1970-01-01T00:00.
    static func wallClock(micros: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 { days -= 1; rest += perDay }
        let (year, month, day) = CivilDate.civil(days: Int(days))
        let seconds = Int(rest / 1_000_000)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-\(two(month))-\(two(day))T"
            + "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    static func utcTimestamp(millis: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

}
