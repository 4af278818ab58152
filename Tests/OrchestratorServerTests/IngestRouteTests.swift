import Foundation
import Hummingbird
import HummingbirdTesting
import OrchestratorServer
import Streaming
import Testing

/// `POST /api/v1/streams/{stream}/records`: body forms, per-record outcomes, sequence numbers, limits.
@Suite struct IngestRouteTests {
    static let uri = "/api/v1/streams/transactions/records"

    /// Posts `body` with a `records:write` token and returns the status and parsed reply.
    func post(_ fixture: APIFixture, _ body: String, contentType: String? = nil, uri: String = Self.uri) async throws -> (HTTPResponse.Status, JSONValue) {
        let token = try fixture.token([.recordsWrite])
        let response = try await fixture.withClient { client in
            try await client.send(.post, uri, token: token, body: body, contentType: contentType)
        }
        return (response.status, try response.json())
    }

    /// The `seq` of each result, nil for refused ones.
    func seqs(_ reply: JSONValue) -> [Int?] { reply["results"]?.array?.map { $0["seq"]?.int } ?? [] }

    @Test func singleObjectIsAppendedWithItsFieldsAsSent() async throws {
        let fixture = try await APIFixture()
        let (status, reply) = try await post(fixture, Records.record(), contentType: "application/json")
        #expect(status == .ok)
        #expect(reply.keys == ["stream", "accepted", "refused", "first_seq", "last_seq", "results"])
        #expect(reply["stream"]?.string == "transactions")
        #expect(reply["accepted"]?.int == 1)
        #expect(reply["refused"]?.int == 0)
        #expect(reply["first_seq"]?.int == 1)
        #expect(reply["last_seq"]?.int == 1)
        #expect(reply["results"] == .array([.object([("index", .number("0")), ("seq", .number("1"))])]))

        let entries = try fixture.database.entries(stream: "transactions", from: 1, through: 10)
        #expect(entries.map(\.seq) == [1])
        #expect(entries.first?.record == SaleRecord(
            invoiceNo: "536365", stockCode: "85123A", description: "WHITE HANGING HEART T-LIGHT HOLDER", quantity: "6",
            invoiceDate: "12/1/2010 8:26", unitPrice: "2.55", customerID: "17850.0", country: "United Kingdom"))
    }

    @Test func arrayWithNumbersAsStringsAndEveryCustomerIDForm() async throws {
        let fixture = try await APIFixture()
        let body = "[" + [
            Records.record(["StockCode": #""A1""#, "Quantity": #""6""#, "UnitPrice": #""2.55""#, "CustomerID": "17850"]),
            Records.record(["StockCode": #""A2""#, "CustomerID": "17850.0", "InvoiceDate": #""2010-12-01T08:26:00""#]),
            Records.record(["StockCode": #""A3""#, "CustomerID": "null", "Description": "null"]),
            Records.record(["StockCode": #""A4""#, "CustomerID": #""17850""#, "InvoiceDate": #""2010-12-01 08:26""#]),
            Records.record(["StockCode": #""A5""#, "CustomerID": nil]),
        ].joined(separator: ",") + "]"
        let (status, reply) = try await post(fixture, body)
        #expect(status == .ok)
        #expect(reply["accepted"]?.int == 5)
        #expect(reply["refused"]?.int == 0)
        #expect(seqs(reply) == [1, 2, 3, 4, 5])
        #expect(reply["results"]?.array?.map { $0["index"]?.int } == [0, 1, 2, 3, 4])

        let logged = try fixture.database.entries(stream: "transactions", from: 1, through: 5).map(\.record)
        #expect(logged.map(\.quantity) == ["6", "6", "6", "6", "6"])
        #expect(logged.map(\.unitPrice) == ["2.55", "2.55", "2.55", "2.55", "2.55"])
        #expect(logged.map(\.customerID) == ["17850", "17850.0", nil, "17850", nil])
        #expect(logged[2].description == nil)

        // After cleaning, 17850 and 17850.0 are the same customer; a missing one is `Unknown`.
        try fixture.runMicroBatch()
        let reader = try fixture.token([.transactionsRead])
        let items = try await fixture.withClient { client in
            try await client.send(.get, "/api/v1/invoices/536365", token: reader).json()
        }
        #expect(items["items"]?.array?.map { $0["stock_code"]?.string } == ["A1", "A2", "A3", "A4", "A5"])
        #expect(items["items"]?.array?.map { $0["customer_id"]?.string } == ["17850", "17850", "Unknown", "17850", "Unknown"])
        #expect(items["items"]?.array?.map { $0["invoice_date"]?.string } == Array(repeating: "2010-12-01T08:26:00", count: 5))
        #expect(items["items"]?.array?[2]["description"] == .null)
        #expect(items["total"]?.string == "76.500")
    }

    @Test(arguments: ["application/x-ndjson", "application/x-ndjson; charset=utf-8", "APPLICATION/X-NDJSON"])
    func ndjsonByContentType(contentType: String) async throws {
        let fixture = try await APIFixture()
        let body = Records.item("536365", "A") + "\r\n\n  \n" + Records.item("536366", "B") + "\n"
        let (status, reply) = try await post(fixture, body, contentType: contentType)
        #expect(status == .ok)
        #expect(reply["accepted"]?.int == 2)
        #expect(seqs(reply) == [1, 2])
        let logged = try fixture.database.entries(stream: "transactions", from: 1, through: 5).map(\.record.invoiceNo)
        #expect(logged == ["536365", "536366"])
    }

    @Test func ndjsonContentTypeWithASingleLine() async throws {
        let fixture = try await APIFixture()
        let (status, reply) = try await post(fixture, Records.item("536365", "A"), contentType: "application/x-ndjson")
        #expect(status == .ok)
        #expect(seqs(reply) == [1])
    }

    @Test(arguments: [nil, "application/json"])
    func multiLineBodyIsDetectedAsNDJSON(contentType: String?) async throws {
        let fixture = try await APIFixture()
        let body = [Records.item("1", "A"), Records.item("2", "B"), Records.item("3", "C")].joined(separator: "\n")
        let (status, reply) = try await post(fixture, body, contentType: contentType)
        #expect(status == .ok)
        #expect(reply["accepted"]?.int == 3)
        #expect(seqs(reply) == [1, 2, 3])
        let logged = try fixture.database.entries(stream: "transactions", from: 1, through: 5).map(\.record.invoiceNo)
        #expect(logged == ["1", "2", "3"])
    }

    @Test func prettyPrintedArrayIsOneDocumentNotNDJSON() async throws {
        let fixture = try await APIFixture()
        let body = "[\n  " + Records.item("1", "A") + ",\n  " + Records.item("2", "B") + "\n]\n"
        let (status, reply) = try await post(fixture, body)
        #expect(status == .ok)
        #expect(reply["accepted"]?.int == 2)
        #expect(seqs(reply) == [1, 2])
    }

    @Test func eachRecordIsAcceptedOrRefusedByIndex() async throws {
        let fixture = try await APIFixture()
        let body = "[" + [
            Records.record(["StockCode": #""OK1""#]),
            Records.record(["InvoiceDate": nil]),
            Records.record(["Quantity": #""six""#]),
            Records.record(["InvoiceDate": #""yesterday""#]),
            Records.record(["Quantity": "0"]),
            Records.record(["UnitPrice": #""-2.55""#]),
            "42",
            Records.record(["StockCode": #""OK2""#]),
            Records.record(["Country": #""   ""#]),
        ].joined(separator: ",") + "]"
        let (status, reply) = try await post(fixture, body)
        #expect(status == .ok)
        #expect(reply["accepted"]?.int == 2)
        #expect(reply["refused"]?.int == 7)
        #expect(reply["first_seq"]?.int == 1)
        #expect(reply["last_seq"]?.int == 2)
        let results = try #require(reply["results"]?.array)
        #expect(results.map { $0["index"]?.int } == Array(0...8))
        #expect(results.map { $0["seq"]?.int } == [1, nil, nil, nil, nil, nil, nil, 2, nil])
        #expect(results[0].keys == ["index", "seq"])
        #expect(results[1].keys == ["index", "error"])
        #expect(results[1]["error"]?.keys == ["code", "field", "message"])

        let errors = results.map { $0["error"] }
        #expect(errors.map { $0?["code"]?.string } == [
            nil, "missing_field", "bad_quantity", "bad_date", "non_positive_quantity", "non_positive_price", "not_an_object", nil,
            "missing_field",
        ])
        let fields: [JSONValue?] = errors.map { $0?["field"] }
        let expectedFields: [JSONValue?] = [
            nil, .string("InvoiceDate"), .string("Quantity"), .string("InvoiceDate"), .string("Quantity"), .string("UnitPrice"),
            .null, nil, .string("Country"),
        ]
        #expect(fields == expectedFields)
        #expect(errors[1]?["message"]?.string == "InvoiceDate is missing")
        #expect(errors[2]?["message"]?.string == "Quantity must be a whole number, got 'six'")
        #expect(errors[4]?["message"]?.string == "Quantity must be > 0, got '0'")
        #expect(errors[5]?["message"]?.string == "UnitPrice must be > 0, got '-2.55'")
        #expect(errors[6]?["message"]?.string == "a record must be a JSON object, got a number")

        // Only the accepted records are in the log, with the sequence numbers the reply gave.
        let logged = try fixture.database.entries(stream: "transactions", from: 1, through: 10)
        #expect(logged.map(\.seq) == [1, 2])
        #expect(logged.map(\.record.stockCode) == ["OK1", "OK2"])
    }

    @Test func sequenceNumbersContinueAcrossPostsAndArePerStream() async throws {
        let fixture = try await APIFixture()
        let token = try fixture.token([.recordsWrite])
        let replies = try await fixture.withClient { client in
            var replies: [JSONValue] = []
            for (uri, body) in [
                (Self.uri, "[" + Records.item("1", "A") + "," + Records.item("1", "B") + "]"),
                (Self.uri, "[" + Records.item("2", "A") + "," + Records.record(["Quantity": "-1"]) + "," + Records.item("2", "B") + "," + Records.item("2", "C") + "]"),
                ("/api/v1/streams/returns/records", Records.item("3", "A")),
                (Self.uri, Records.item("4", "A")),
            ] {
                let response = try await client.send(.post, uri, token: token, body: body)
                #expect(response.status == .ok)
                replies.append(try response.json())
            }
            return replies
        }
        #expect(seqs(replies[0]) == [1, 2])
        #expect(seqs(replies[1]) == [3, nil, 4, 5])
        #expect(replies[1]["first_seq"]?.int == 3)
        #expect(replies[1]["last_seq"]?.int == 5)
        #expect(replies[2]["stream"]?.string == "returns")
        #expect(seqs(replies[2]) == [1])
        #expect(seqs(replies[3]) == [6])
        #expect(try fixture.database.stats(stream: "transactions")?.lastSeq == 6)
        #expect(try fixture.database.stats(stream: "returns")?.lastSeq == 1)
    }

    @Test func concurrentPostsGetDistinctConsecutiveSequences() async throws {
        let fixture = try await APIFixture()
        let token = try fixture.token([.recordsWrite])
        let firsts = try await fixture.withClient { client in
            try await withThrowingTaskGroup(of: [Int].self) { group in
                for n in 0..<8 {
                    group.addTask {
                        let body = "[" + Records.item("\(n)", "A") + "," + Records.item("\(n)", "B") + "]"
                        let reply = try await client.send(.post, Self.uri, token: token, body: body).json()
                        return reply["results"]?.array?.compactMap { $0["seq"]?.int } ?? []
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        // Each request's two records are adjacent; together they cover 1...16 once.
        #expect(firsts.allSatisfy { $0.count == 2 && $0[1] == $0[0] + 1 })
        #expect(firsts.flatMap { $0 }.sorted() == Array(1...16))
        #expect(try fixture.database.stats(stream: "transactions")?.lastSeq == 16)
    }

    @Test func allRefusedIs422WithThePostResultShapeAndAppendsNothing() async throws {
        let fixture = try await APIFixture()
        let body = "[" + Records.record(["UnitPrice": "0"]) + "," + Records.record(["StockCode": nil]) + "]"
        let (status, reply) = try await post(fixture, body)
        #expect(status == .unprocessableContent)
        #expect(reply.keys == ["stream", "accepted", "refused", "first_seq", "last_seq", "results"])
        #expect(reply["accepted"]?.int == 0)
        #expect(reply["refused"]?.int == 2)
        #expect(reply["first_seq"] == .null)
        #expect(reply["last_seq"] == .null)
        #expect(reply["results"]?.array?.map { $0["error"]?["code"]?.string } == ["non_positive_price", "missing_field"])
        #expect(reply["results"]?.array?.map { $0["error"]?["field"]?.string } == ["UnitPrice", "StockCode"])
        #expect(try fixture.database.stats(stream: "transactions") == nil)
    }

    @Test func malformedJSONGivesLineAndColumn() async throws {
        let fixture = try await APIFixture()
        let token = try fixture.token([.recordsWrite])
        let valid = Records.item("1", "A")
        let messages = try await fixture.withClient { client in
            [
                try await client.send(.post, Self.uri, token: token, body: #"{"InvoiceNo": "536365",}"#).expectError(.badRequest, "malformed_json"),
                try await client.send(.post, Self.uri, token: token, body: valid + "\n" + #"{"InvoiceNo": }"# + "\n",
                                      contentType: "application/x-ndjson").expectError(.badRequest, "malformed_json"),
                try await client.send(.post, Self.uri, token: token, body: valid + "\n" + valid + "\n" + #"  {"InvoiceNo" "1"}"#)
                    .expectError(.badRequest, "malformed_json"),
                try await client.send(.post, Self.uri, token: token, body: "[" + valid + ",\n" + valid).expectError(.badRequest, "malformed_json"),
            ]
        }
        #expect(messages[0] == "malformed JSON at line 1, column 24 (byte 23): expected a quoted key")
        #expect(messages[1].hasPrefix("malformed JSON at line 2, column 15 (byte \(valid.utf8.count + 15)): "), "\(messages[1])")
        #expect(messages[1].hasSuffix("expected a value"), "\(messages[1])")
        // Auto-detected NDJSON (the first line is a record): the error is on line 3.
        #expect(messages[2].hasPrefix("malformed JSON at line 3, column 16 "), "\(messages[2])")
        #expect(messages[2].hasSuffix("expected ':' after key \"InvoiceNo\""), "\(messages[2])")
        // A multi-line body whose first line is not a document is reported as one document.
        #expect(messages[3].hasPrefix("malformed JSON at line 2, column \(valid.utf8.count + 1) "), "\(messages[3])")
        #expect(try fixture.database.stats(stream: "transactions") == nil)
    }

    @Test func bodyOverTheLimitIs413AndAtTheLimitIsAccepted() async throws {
        let fixture = try await APIFixture(maxBodyBytes: 1024)
        let token = try fixture.token([.recordsWrite])
        let record = Records.record()
        let atLimit = record + String(repeating: " ", count: 1024 - record.utf8.count)
        let overLimit = atLimit + " "
        let (over, at) = try await fixture.withClient { client in
            (try await client.send(.post, Self.uri, token: token, body: overLimit),
             try await client.send(.post, Self.uri, token: token, body: atLimit))
        }
        let message = try over.expectError(.contentTooLarge, "payload_too_large")
        #expect(message == "the body is 1025 bytes; the limit is 1024")
        #expect(at.status == .ok)
        #expect(try at.json()["first_seq"]?.int == 1)
        #expect(try fixture.database.stats(stream: "transactions")?.lastSeq == 1)
    }

    @Test(arguments: ["Transactions", "bad.name", "tx%20log", String(repeating: "a", count: 65)])
    func badStreamNameIs400(name: String) async throws {
        let fixture = try await APIFixture()
        let token = try fixture.token([.recordsWrite])
        let response = try await fixture.withClient { client in
            try await client.send(.post, "/api/v1/streams/\(name)/records", token: token, body: Records.record())
        }
        let message = try response.expectError(.badRequest, "bad_request")
        #expect(message.hasPrefix("bad stream name '"), "\(message)")
        #expect(message.hasSuffix("': use 1 to 64 of a-z, 0-9, _ and -"), "\(message)")
        #expect(try fixture.database.stats(stream: name) == nil)
    }

    @Test func longestStreamNameIsAccepted() async throws {
        let fixture = try await APIFixture()
        let name = "a-b_9" + String(repeating: "z", count: 59)
        let (status, reply) = try await post(fixture, Records.record(), uri: "/api/v1/streams/\(name)/records")
        #expect(status == .ok)
        #expect(reply["stream"]?.string == name)
    }

    @Test(arguments: ["[]", "", "  \n \n"])
    func bodyWithoutRecordsIs400(body: String) async throws {
        let fixture = try await APIFixture()
        let token = try fixture.token([.recordsWrite])
        let response = try await fixture.withClient { client in
            try await client.send(.post, Self.uri, token: token, body: body)
        }
        let message = try response.expectError(.badRequest, body == "[]" ? "bad_request" : "malformed_json")
        if body == "[]" { #expect(message == "the body holds no records") }
    }

    /// Regression: `"Country": 0` was accepted, although the API documents Country as a string.
    /// Each field takes the JSON types `docs/openapi.yaml` gives it; another type refuses the record
    /// with `bad_field`, its index and the field.
    @Test func aFieldOfTheWrongJSONTypeIsRefusedByIndexAndField() async throws {
        let fixture = try await APIFixture()
        let (status, reply) = try await post(fixture, Records.record(["Country": "0"]))
        #expect(status == .unprocessableContent)
        #expect(reply["results"] == .array([.object([("index", .number("0")), ("error", .object([
            ("code", .string("bad_field")), ("field", .string("Country")), ("message", .string("Country must be a string, got the number 0")),
        ]))])]))

        let wrong: [(field: String, value: String, message: String)] = [
            ("Description", "12", "Description must be a string, got the number 12"),
            ("InvoiceDate", "20101201", "InvoiceDate must be a string, got the number 20101201"),
            ("InvoiceNo", "536365.5", "InvoiceNo must be a string or a whole number, got the number 536365.5"),
            ("StockCode", "-85", "StockCode must be a string or a whole number, got the number -85"),
            ("StockCode", "1e3", "StockCode must be a string or a whole number, got the number 1e3"),
            ("Quantity", "true", "Quantity must be a string or a number, got a boolean"),
            ("UnitPrice", "[2.55]", "UnitPrice must be a string or a number, got an array"),
            ("CustomerID", #"{"id":1}"#, "CustomerID must be a string or a number, got an object"),
            ("Country", "false", "Country must be a string, got a boolean"),
        ]
        let body = "[" + (wrong.map { Records.record([$0.field: $0.value]) } + [Records.item("1", "OK")]).joined(separator: ",") + "]"
        let (mixed, mixedReply) = try await post(fixture, body)
        #expect(mixed == .ok)
        let results = try #require(mixedReply["results"]?.array)
        #expect(results.map { $0["index"]?.int } == Array(0...wrong.count))
        #expect(results.dropLast().map { $0["error"]?["code"]?.string } == Array(repeating: "bad_field", count: wrong.count))
        #expect(results.dropLast().map { $0["error"]?["field"]?.string } == wrong.map(\.field))
        #expect(results.dropLast().map { $0["error"]?["message"]?.string } == wrong.map(\.message))
        #expect(results.last?["seq"]?.int == 1)
    }

    @Test func invoiceAndStockCodesMayBeWholeNumbersAsCSVConvertersWriteThem() async throws {
        let fixture = try await APIFixture()
        let (status, reply) = try await post(fixture, Records.record(["InvoiceNo": "536365", "StockCode": "71053", "CustomerID": "17850"]))
        #expect(status == .ok, "\(reply.text)")
        let logged = try fixture.database.entries(stream: "transactions", from: 1, through: 1).map(\.record)
        #expect(logged.map(\.invoiceNo) == ["536365"] && logged.map(\.stockCode) == ["71053"])
    }

    /// JSON limits at the API: 32 levels of nesting, 64 KiB per string, each a 400 that says which.
    @Test func jsonOverTheDepthOrStringLimitIs400() async throws {
        let fixture = try await APIFixture(maxBodyBytes: 1 << 20)
        let token = try fixture.token([.recordsWrite])
        let deep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        let long = Records.record(["Description": "\"" + String(repeating: "x", count: 65_537) + "\""])
        let messages = try await fixture.withClient { client in
            [try await client.send(.post, Self.uri, token: token, body: deep).expectError(.badRequest, "json_limit_exceeded"),
             try await client.send(.post, Self.uri, token: token, body: long).expectError(.badRequest, "json_limit_exceeded")]
        }
        #expect(messages[0] == "JSON over a limit at line 1, column 33 (byte 32): objects and arrays nest deeper than 32 levels; the limit is 32")
        #expect(messages[1].hasSuffix("a string of 65537 bytes; the limit is 65536 bytes"), "\(messages[1])")
        #expect(try fixture.database.stats(stream: "transactions") == nil)
    }
}
