/// Page compression codec.
public enum ParquetCodec: String, Sendable, CaseIterable {
    /// Raw Snappy blocks (the Parquet default).
    case snappy
    /// A gzip stream produced by zlib.
    case gzip
    /// No compression.
    case uncompressed

    /// The Thrift `CompressionCodec` value.
    var thriftValue: Int32 {
        switch self {
        case .uncompressed: return 0
        case .snappy: return 1
        case .gzip: return 2
        }
    }

    /// Compresses one page body.
    func compress(_ input: [UInt8]) throws -> [UInt8] {
        switch self {
        case .uncompressed: return input
        case .snappy: return SnappyCompressor.compress(input)
        case .gzip: return try GzipCompressor.compress(input)
        }
    }
}
