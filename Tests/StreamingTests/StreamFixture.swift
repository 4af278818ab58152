import Foundation
@testable import Streaming

/// A temp folder with a streaming database, and records to put in it.
struct StreamFixture {
    let folder: String
    let database: StreamDatabase

    init() throws {
        folder = NSTemporaryDirectory() + "stream-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        database = try StreamDatabase(path: folder + "/streams.sqlite")
    }

    /// A valid record; `n` makes the invoice and stock code unique. Quantity n % 7 + 1, price 1.25.
    static func record(_ n: Int, customer: String? = "17850", month: Int = 12) -> SaleRecord {
        SaleRecord(invoiceNo: String(600_000 + n), stockCode: "S\(n)", description: "ITEM \(n)", quantity: String(n % 7 + 1),
                   invoiceDate: "\(month)/1/2010 8:26", unitPrice: "1.25", customerID: customer, country: "United Kingdom")
    }

    /// Revenue in thousandths of `record(n)`.
    static func revenue(_ n: Int) -> Int64 { Int64(n % 7 + 1) * 1250 }
}
