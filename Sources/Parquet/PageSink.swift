/// Builds the file: compresses pages straight onto the end of the file
/// buffer and tracks, per column chunk, the sizes the footer needs.
///
/// Compression goes through one reusable scratch buffer, so writing a page
/// allocates nothing once the buffers have grown.
struct PageSink {
    /// Codec applied to every page body.
    let codec: ParquetCodec
    /// The file so far.
    private(set) var file: [UInt8]
    /// Reused output buffer for Snappy.
    private var scratch: [UInt8] = []

    /// Column of the current chunk, for error messages.
    private(set) var column = ""
    /// File offset where the current chunk starts.
    private(set) var chunkStart = 0
    /// Header sizes plus uncompressed body sizes of the current chunk.
    private(set) var chunkUncompressed: Int64 = 0
    /// Bytes (header included) of the current chunk's dictionary page, if any.
    private(set) var dictionaryPageLength: Int?
    /// Pages written in the current chunk.
    private(set) var pageCount = 0

    init(codec: ParquetCodec, file: [UInt8] = []) {
        self.codec = codec
        self.file = file
    }

    /// Appends bytes that are not a page (magic, footer).
    mutating func appendRaw(_ bytes: [UInt8]) {
        file.append(contentsOf: bytes)
    }

    /// Reserves room for `count` more bytes.
    mutating func reserve(_ count: Int) {
        file.reserveCapacity(file.count + count)
    }

    /// Starts a new column chunk at the current end of the file.
    mutating func beginChunk(column: String) {
        self.column = column
        chunkStart = file.count
        chunkUncompressed = 0
        dictionaryPageLength = nil
        pageCount = 0
    }

    /// Compresses `body` and appends it with its header.
    mutating func append(_ kind: PageHeader.Kind, body: [UInt8]) throws {
        try body.withUnsafeBytes { try append(kind, bytes: $0) }
    }

    /// Compresses `body` (memory the caller owns, e.g. the values of a PLAIN page as they lie in
    /// their array, so they need no copy into a page buffer) and appends it with its header.
    mutating func append(_ kind: PageHeader.Kind, bytes body: UnsafeRawBufferPointer) throws {
        let pageStart = file.count
        switch codec {
        case .uncompressed:
            try appendHeader(kind, uncompressed: body.count, compressed: body.count)
            file.append(contentsOf: body)
        case .snappy:
            let count = SnappyCompressor.compress(body, into: &scratch)
            try appendHeader(kind, uncompressed: body.count, compressed: count)
            file.append(contentsOf: scratch[..<count])
        case .gzip:
            let compressed = try GzipCompressor.compress(Array(body))
            try appendHeader(kind, uncompressed: body.count, compressed: compressed.count)
            file.append(contentsOf: compressed)
        }
        if case .dictionary = kind { dictionaryPageLength = file.count - pageStart }
        pageCount += 1
    }

    /// Appends a page header and accounts for the uncompressed size.
    private mutating func appendHeader(_ kind: PageHeader.Kind, uncompressed: Int, compressed: Int) throws {
        guard uncompressed <= Int32.max, compressed <= Int32.max else {
            throw ParquetError.valueTooLarge(column: column, bytes: max(uncompressed, compressed))
        }
        let header = PageHeader(kind: kind, uncompressedSize: Int32(uncompressed),
                                compressedSize: Int32(compressed)).encoded()
        file.append(contentsOf: header)
        chunkUncompressed += Int64(header.count + uncompressed)
    }

    /// Summarises the current chunk once all its pages are written.
    func finishChunk(encodings: [Encoding], numValues: Int, statistics: ColumnStatistics) -> EncodedChunk {
        EncodedChunk(start: chunkStart, byteCount: file.count - chunkStart, pageCount: pageCount,
                     encodings: encodings, numValues: numValues, totalUncompressed: chunkUncompressed,
                     dictionaryPageLength: dictionaryPageLength, statistics: statistics)
    }
}

/// Where one column chunk landed in the file plus what its `ColumnMetaData` needs.
struct EncodedChunk {
    /// File offset of the chunk's first page.
    var start: Int
    /// Stored bytes of all pages, headers included.
    var byteCount: Int
    /// Number of pages (dictionary page included).
    var pageCount: Int
    var encodings: [Encoding]
    var numValues: Int
    var totalUncompressed: Int64
    var dictionaryPageLength: Int?
    var statistics: ColumnStatistics
}

/// Options shared by all chunk encoders.
struct ChunkOptions {
    /// Page headers count values in an `i32`; keep pages far below that.
    static let maxRowsPerPage = 1 << 24

    var codec: ParquetCodec
    var pageSizeBytes: Int
    var dictionaryPageLimitBytes: Int
}
