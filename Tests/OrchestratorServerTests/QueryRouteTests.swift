import Foundation
import Hummingbird
import HummingbirdTesting
import OrchestratorServer
import Streaming
import Testing

/// The read endpoints over the serving tables, and stream statistics.
@Suite struct QueryRouteTests {
    /// GETs each of `uris` with a token of `scopes` and returns the responses in order.
    func get(_ fixture: APIFixture, _ uris: [String], scopes: Set<Scope> = [.transactionsRead]) async throws -> [TestResponse] {
        let token = try fixture.token(scopes)
        return try await fixture.withClient { client in
            var responses: [TestResponse] = []
            for uri in uris { responses.append(try await client.send(.get, uri, token: token)) }
            return responses
        }
    }

    func get(_ fixture: APIFixture, _ uri: String, scopes: Set<Scope> = [.transactionsRead]) async throws -> TestResponse {
        try await get(fixture, [uri], scopes: scopes)[0]
    }

    // MARK: /api/v1/transactions

    @Test func transactionNeedsBothParametersAndNamesTheMissingOne() async throws {
        let fixture = try await APIFixture()
        let responses = try await get(fixture, [
            "/api/v1/transactions",
            "/api/v1/transactions?stock_code=85123A",
            "/api/v1/transactions?invoice_no=536365",
            "/api/v1/transactions?invoice_no=536365&stock_code=",
        ])
        let messages = try responses.map { try $0.expectError(.badRequest, "bad_request") }
        #expect(messages == [
            "query parameter 'invoice_no' is required", "query parameter 'invoice_no' is required",
            "query parameter 'stock_code' is required", "query parameter 'stock_code' is required",
        ])
    }

    @Test func unknownTransactionIs404() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([Records.record()])
        let response = try await get(fixture, "/api/v1/transactions?invoice_no=536365&stock_code=NOPE")
        #expect(try response.expectError(.notFound, "not_found") == "no item with invoice_no '536365' and stock_code 'NOPE'")
    }

    @Test func transactionHasExactlyTheDocumentedFields() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([Records.record(), Records.item("536365", "71053", quantity: 6, price: "3.39")])
        let response = try await get(fixture, "/api/v1/transactions?invoice_no=536365&stock_code=85123A")
        #expect(response.status == .ok)
        #expect(try response.json() == .object([
            ("invoice_no", .string("536365")), ("stock_code", .string("85123A")),
            ("description", .string("WHITE HANGING HEART T-LIGHT HOLDER")), ("quantity", .number("6")),
            ("invoice_date", .string("2010-12-01T08:26:00")), ("unit_price", .string("2.550")),
            ("customer_id", .string("17850")), ("country", .string("United Kingdom")),
            ("revenue", .string("15.300")), ("seq", .number("1")),
        ]))
    }

    @Test func queryParametersArePercentDecoded() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([Records.record(["InvoiceNo": #""X 1/2""#, "StockCode": #""X&Y""#])])
        let response = try await get(fixture, "/api/v1/transactions?invoice_no=X%201%2F2&stock_code=X%26Y")
        #expect(response.status == .ok, "\(response.text)")
        #expect(try response.json()["stock_code"]?.string == "X&Y")
    }

    @Test func textSurvivesTheRoundTripWithEscapes() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([Records.record(["Description": #""Caf\u00e9 \ud83d\ude00 \"q\" \\ a\tb \/""#])])
        let response = try await get(fixture, "/api/v1/transactions?invoice_no=536365&stock_code=85123A")
        #expect(try response.json()["description"]?.string == "Café 😀 \"q\" \\ a\tb /")
        #expect(response.text.contains(#""description":"Café 😀 \"q\" \\ a\tb /""#))
    }

    /// Path parameters arrive percent-encoded, as in the request line; they must be decoded like
    /// query parameters are.
    @Test func pathParametersArePercentDecoded() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([Records.record(["InvoiceNo": #""X 1/2""#, "CustomerID": #""Ü 7""#])])
        let responses = try await get(fixture, ["/api/v1/invoices/X%201%2F2", "/api/v1/customers/%C3%9C%207/invoices"])
        #expect(responses[0].status == .ok, "\(responses[0].text)")
        #expect(try responses[0].json()["invoice_no"]?.string == "X 1/2")
        let customer = try responses[1].json()
        #expect(customer["customer_id"]?.string == "Ü 7")
        #expect(customer["invoices"]?.array?.map { $0["invoice_no"]?.string } == ["X 1/2"])
    }

    @Test func aLaterSequenceReplacesAnItem() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([Records.record()])
        try fixture.serve([Records.record(["Quantity": "10", "UnitPrice": "0.5"])])
        let json = try await get(fixture, "/api/v1/transactions?invoice_no=536365&stock_code=85123A").json()
        #expect(json["quantity"]?.int == 10)
        #expect(json["unit_price"]?.string == "0.500")
        #expect(json["revenue"]?.string == "5.000")
        #expect(json["seq"]?.int == 2)
    }

    // MARK: /api/v1/invoices/{invoice_no}

    @Test func invoiceItemsAreOrderedByStockCodeWithTheirTotal() async throws {
        let fixture = try await APIFixture()
        try fixture.serve([
            Records.item("536365", "85123A", quantity: 6, price: "2.55"),
            Records.item("536365", "71053", quantity: 6, price: "3.39"),
            Records.item("536365", "22633", quantity: 12, price: "1.85"),
            Records.item("536366", "10002", quantity: 1, price: "9.99"),
        ])
        let responses = try await get(fixture, ["/api/v1/invoices/536365", "/api/v1/invoices/999999"])
        let (invoice, missing) = (responses[0], responses[1])
        #expect(invoice.status == .ok)
        let json = try invoice.json()
        #expect(json.keys == ["invoice_no", "items", "item_count", "total"])
        #expect(json["invoice_no"]?.string == "536365")
        let items = try #require(json["items"]?.array)
        #expect(items.map { $0["stock_code"]?.string } == ["22633", "71053", "85123A"])
        #expect(items.map { $0["quantity"]?.int } == [12, 6, 6])
        #expect(items.map { $0["unit_price"]?.string } == ["1.850", "3.390", "2.550"])
        #expect(items.map { $0["revenue"]?.string } == ["22.200", "20.340", "15.300"])
        #expect(items.map { $0["seq"]?.int } == [3, 2, 1])
        #expect(items.allSatisfy { $0.keys == ["invoice_no", "stock_code", "description", "quantity", "invoice_date",
                                               "unit_price", "customer_id", "country", "revenue", "seq"] })
        #expect(json["item_count"]?.int == 3)
        #expect(json["total"]?.string == "57.840")
        #expect(try missing.expectError(.notFound, "not_found") == "no invoice '999999'")
    }

    @Test func cancelledInvoicesAreCleanedAwayBeforeServing() async throws {
        let fixture = try await APIFixture()
        let admin = try fixture.token([.admin])
        let body = "[" + Records.item("C536379", "D", quantity: 1, price: "27.50") + "," + Records.item("536380", "A") + "]"
        let posted = try await fixture.withClient { client in
            try await client.send(.post, "/api/v1/streams/transactions/records", token: admin, body: body).json()
        }
        #expect(posted["accepted"]?.int == 2)
        try fixture.runMicroBatch()
        let responses = try await get(fixture, ["/api/v1/invoices/C536379", "/api/v1/invoices/536380"])
        try responses[0].expectError(.notFound, "not_found")
        #expect(responses[1].status == .ok)
    }

    // MARK: /api/v1/customers/{customer_id}/invoices

    /// Five invoices of customer 12345 (in scrambled order), one of another customer, one without.
    func customerFixture() async throws -> APIFixture {
        let fixture = try await APIFixture()
        try fixture.serve([
            Records.item("536403", "A", quantity: 2, price: "1.50", customer: "12345", date: "12/3/2010 9:00"),
            Records.item("536401", "A", quantity: 1, price: "2.00", customer: "12345", date: "12/1/2010 8:26"),
            Records.item("536401", "B", quantity: 3, price: "0.25", customer: "12345", date: "12/1/2010 8:26"),
            Records.item("536999", "A", quantity: 1, price: "1.00", customer: "99999"),
            Records.item("536405", "A", quantity: 1, price: "7.00", customer: "12345", date: "12/5/2010 17:45"),
            Records.item("536402", "A", quantity: 4, price: "0.10", customer: "12345", date: "12/2/2010 10:00"),
            Records.item("536404", "C", quantity: 10, price: "1.00", customer: "12345", date: "12/4/2010 11:11"),
            Records.record(["InvoiceNo": #""536500""#, "CustomerID": "null"]),
        ])
        return fixture
    }

    @Test func customerInvoicesArePagedWithACursorUntilNull() async throws {
        let fixture = try await customerFixture()
        let token = try fixture.token([.transactionsRead])
        let pages = try await fixture.withClient { client in
            var pages: [JSONValue] = []
            var uri = "/api/v1/customers/12345/invoices?limit=2"
            while pages.count < 10 {
                let response = try await client.send(.get, uri, token: token)
                #expect(response.status == .ok, "\(response.text)")
                let page = try response.json()
                pages.append(page)
                guard let cursor = page["next_cursor"]?.string else { break }
                uri = "/api/v1/customers/12345/invoices?limit=2&cursor=\(cursor)"
            }
            return pages
        }
        #expect(pages.count == 3)
        #expect(pages.map { $0["invoices"]?.array?.count } == [2, 2, 1])
        #expect(pages.map { $0["next_cursor"] == .null } == [false, false, true])
        #expect(pages.allSatisfy { $0.keys == ["customer_id", "invoices", "next_cursor"] && $0["customer_id"]?.string == "12345" })
        let invoices = pages.flatMap { $0["invoices"]?.array ?? [] }
        #expect(invoices.map { $0["invoice_no"]?.string } == ["536401", "536402", "536403", "536404", "536405"])
        #expect(invoices.allSatisfy { $0.keys == ["invoice_no", "invoice_date", "item_count", "total"] })
        #expect(invoices.map { $0["item_count"]?.int } == [2, 1, 1, 1, 1])
        #expect(invoices.map { $0["total"]?.string } == ["2.750", "0.400", "3.000", "10.000", "7.000"])
        #expect(invoices.map { $0["invoice_date"]?.string } == [
            "2010-12-01T08:26:00", "2010-12-02T10:00:00", "2010-12-03T09:00:00", "2010-12-04T11:11:00", "2010-12-05T17:45:00",
        ])
    }

    @Test func aPageThatHoldsTheRestHasNoCursor() async throws {
        let fixture = try await customerFixture()
        let responses = try await get(fixture, [
            "/api/v1/customers/12345/invoices?limit=5", "/api/v1/customers/12345/invoices",
            "/api/v1/customers/12345/invoices?limit=4", "/api/v1/customers/Unknown/invoices",
            "/api/v1/customers/00000/invoices", "/api/v1/customers/12345/invoices?limit=500&cursor=",
        ])
        let pages = try responses.map { try $0.json() }
        #expect(pages.map { $0["invoices"]?.array?.count } == [5, 5, 4, 1, 0, 5])
        #expect(pages.map { $0["next_cursor"] == .null } == [true, true, false, true, true, true])
        #expect(pages[3]["invoices"]?.array?.first?["invoice_no"]?.string == "536500")
        #expect(pages[4] == .object([("customer_id", .string("00000")), ("invoices", .array([])), ("next_cursor", .null)]))
    }

    @Test(arguments: ["!!!", "_w", "%25"])
    func badCursorIs400(cursor: String) async throws {
        let fixture = try await customerFixture()
        let response = try await get(fixture, "/api/v1/customers/12345/invoices?cursor=\(cursor)")
        let message = try response.expectError(.badRequest, "bad_request")
        #expect(message.hasPrefix("cursor '"), "\(message)")
        #expect(message.hasSuffix("' is not one this API gave out"), "\(message)")
    }

    @Test(arguments: ["0", "501", "-1", "ten", "2.5", ""])
    func badLimitIs400(limit: String) async throws {
        let fixture = try await customerFixture()
        let response = try await get(fixture, "/api/v1/customers/12345/invoices?limit=\(limit)")
        #expect(try response.expectError(.badRequest, "bad_request") == "limit must be a whole number from 1 to 500, got '\(limit)'")
    }

    // MARK: /api/v1/streams/{stream}

    @Test func streamStatsBeforeAndAfterACommit() async throws {
        let fixture = try await APIFixture()
        let admin = try fixture.token([.admin])
        let uri = "/api/v1/streams/transactions"
        func post(_ count: Int) async throws {
            let body = (0..<count).map { Records.item("9\($0)", "S") }.joined(separator: "\n")
            let response = try await fixture.withClient { client in
                try await client.send(.post, "/api/v1/streams/transactions/records", token: admin, body: body)
            }
            #expect(response.status == .ok)
        }
        try await post(3)
        let before = try await get(fixture, uri, scopes: [.admin]).json()
        #expect(before.keys == ["stream", "last_seq", "checkpoint", "lag_records", "lag_seconds", "records_per_second", "checkpoint_at",
                                "pending_batch"])
        #expect(before["pending_batch"] == .null)
        #expect(before["stream"]?.string == "transactions")
        #expect(before["last_seq"]?.int == 3)
        #expect(before["checkpoint"]?.int == 0)
        #expect(before["lag_records"]?.int == 3)
        #expect(before["checkpoint_at"] == .null)
        #expect(before["records_per_second"] == .number("0.050"))  // 3 records in the last minute
        guard case .number(let lag)? = before["lag_seconds"] else { Issue.record("lag_seconds is not a number"); return }
        #expect(Double(lag).map { $0 >= 0 && $0 < 60 } == true)

        // A micro-batch fixes its range first; the stats show it until the commit.
        let planned = try #require(try fixture.database.planBatch(stream: "transactions", maxRecords: 1000, run: "r1"))
        #expect(planned.first == 1 && planned.last == 3)
        let running = try await get(fixture, uri, scopes: [.admin]).json()
        #expect(running["pending_batch"] == .object([("first_seq", .number("1")), ("last_seq", .number("3"))]))
        #expect(running["checkpoint"]?.int == 0)

        let range = try fixture.runMicroBatch()
        #expect(range.first == 1 && range.last == 3 && range.resumed)
        let after = try await get(fixture, uri, scopes: [.admin]).json()
        #expect(after["pending_batch"] == .null)
        #expect(after["last_seq"]?.int == 3)
        #expect(after["checkpoint"]?.int == 3)
        #expect(after["lag_records"]?.int == 0)
        #expect(after["lag_seconds"] == .number("0.000"))
        let checkpointAt = try #require(after["checkpoint_at"]?.string)
        let date = try #require(ISO8601DateFormatter().date(from: checkpointAt), "\(checkpointAt)")
        #expect(abs(date.timeIntervalSinceNow) < 60)
        #expect(checkpointAt.hasSuffix("Z"))

        try await post(2)
        let later = try await get(fixture, uri, scopes: [.admin]).json()
        #expect(later["last_seq"]?.int == 5)
        #expect(later["checkpoint"]?.int == 3)
        #expect(later["lag_records"]?.int == 2)
        #expect(later["checkpoint_at"]?.string == checkpointAt)
    }

    @Test func unknownStreamIs404AndABadNameIs400() async throws {
        let fixture = try await APIFixture()
        let responses = try await get(fixture, ["/api/v1/streams/nothere", "/api/v1/streams/No.Such"], scopes: [.admin])
        #expect(try responses[0].expectError(.notFound, "not_found") == "no stream 'nothere'")
        #expect(try responses[1].expectError(.badRequest, "bad_request") == StreamError.badStreamName("No.Such").description)
    }
}
