import Foundation

/// Deterministic generator of a synthetic CSV file shaped like the UCI "Online Retail" data set
/// (its widely used Kaggle copy): same header, Latin-1 bytes, CRLF line endings, `M/d/yyyy H:mm`
/// dates, and the published statistics of the real file scaled to the requested row count
/// (see `OnlineRetailStatistics.published(rows:)`).
///
/// The same `rows` and `seed` always produce the same bytes: all randomness comes from an
/// in-module xoshiro256** generator, never from the system.
///
/// Below 200 rows the file holds only ordinary sales; below 1,000 rows the three bad-debt rows
/// are left out.
public struct OnlineRetailGenerator: Sendable {
    /// Row count of the real file.
    public static let defaultRows = 541_909

    public let rows: Int
    public let seed: UInt64

    public init(rows: Int = 541_909, seed: UInt64) {
        self.rows = max(0, rows)
        self.seed = seed
    }

    /// The figures the generated file aims at.
    public var targetStatistics: OnlineRetailStatistics { .published(rows: rows) }

    /// Writes the CSV file, streaming it in chunks of about 1 MiB. Returns the bytes written.
    @discardableResult
    public func write(to url: URL) throws -> Int {
        try write(toPath: url.path)
    }

    /// Writes the CSV file at a file-system path. Returns the bytes written.
    @discardableResult
    public func write(toPath path: String) throws -> Int {
        var random = DeterministicRandom(seed: seed)
        let plan = GeneratorPlan(rows: rows, random: &random)
        let catalog = GeneratorCatalog(productCount: plan.counts.products, customerCount: plan.counts.customers,
                                       random: &random)
        let writer = try ByteFileWriter(path: path)
        var emitter = GeneratorEmitter(catalog: catalog, plan: plan, random: random)
        try emitter.write(to: writer)
        try writer.close()
        return writer.bytesWritten
    }
}
