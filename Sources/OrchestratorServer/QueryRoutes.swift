import Foundation
import Hummingbird
import Streaming

/// The read endpoints over the serving tables.
struct QueryRoutes: Sendable {
    let database: StreamDatabase

    /// `GET /api/v1/transactions?invoice_no=&stock_code=`: one item, as the original API returned it.
    func transaction(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.transactionsRead)
        let query = request.uri.queryParameters
        guard let invoice = query.get("invoice_no"), !invoice.isEmpty else { throw APIError.badRequest("query parameter 'invoice_no' is required") }
        guard let stock = query.get("stock_code"), !stock.isEmpty else { throw APIError.badRequest("query parameter 'stock_code' is required") }
        guard let item = try database.item(invoiceNo: invoice, stockCode: stock) else {
            throw APIError.notFound("no item with invoice_no '\(invoice)' and stock_code '\(stock)'")
        }
        return JSONResponse.make(ServedJSON.item(item))
    }

    /// `GET /api/v1/invoices/{invoice_no}`: the items of an invoice.
    func invoice(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.transactionsRead)
        let invoice = try context.pathParameter("invoice_no")
        let items = try database.invoiceItems(invoiceNo: invoice)
        guard !items.isEmpty else { throw APIError.notFound("no invoice '\(invoice)'") }
        return JSONResponse.make(.object([
            ("invoice_no", .string(invoice)), ("items", .array(items.map(ServedJSON.item))), ("item_count", .int(items.count)),
            ("total", .string(ServedJSON.money(sum: items.map(\.revenue)))),
        ]))
    }

    /// `GET /api/v1/customers/{customer_id}/invoices?limit=&cursor=`: a customer's invoices by number, a page at a time.
    func customerInvoices(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.transactionsRead)
        let customer = try context.pathParameter("customer_id")
        let query = request.uri.queryParameters
        var limit = 50
        if let text = query.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else { throw APIError.badRequest("limit must be a whole number from 1 to 500, got '\(text)'") }
            limit = value
        }
        var after: String?
        if let cursor = query.get("cursor"), !cursor.isEmpty {
            guard let decoded = Cursor.decode(cursor) else { throw APIError.badRequest("cursor '\(cursor)' is not one this API gave out") }
            after = decoded
        }
        let page = try database.customerInvoices(customerID: customer, after: after, limit: limit + 1)
        let shown = page.prefix(limit)
        let next = page.count > limit ? shown.last.map { JSONValue.string(Cursor.encode($0.invoiceNo)) } ?? .null : .null
        return JSONResponse.make(.object([
            ("customer_id", .string(customer)),
            ("invoices", .array(shown.map { summary in
                .object([("invoice_no", .string(summary.invoiceNo)), ("invoice_date", .string(ServedJSON.wallClock(micros: summary.invoiceTs))),
                         ("item_count", .int(summary.itemCount)), ("total", .string(summary.totalText))])
            })),
            ("next_cursor", next),
        ]))
    }
}

/// Opaque page cursors: base64url of the last invoice number shown.
enum Cursor {
    static func encode(_ invoice: String) -> String { Base64URL.encode(Array(invoice.utf8)) }

    static func decode(_ cursor: String) -> String? { Base64URL.decode(cursor).flatMap { String(validating: $0, as: UTF8.self) } }
}
