import Foundation

/// Encodes a large table's CSV on two threads: the caller's and a helper. Rows are cut into blocks;
/// each thread claims the next block, encodes it into one of a few reusable buffers, and the caller
/// hands the finished blocks to `consume` in row order. So the bytes are `encodeCSV`'s, and at most
/// `bufferCount` blocks of text are in memory whatever the table's size.
///
/// When the other core is busy the helper simply gets less done; when it is free (the last task of
/// a batch often runs alone) the encoding takes about half the time.
final class CSVBlockPipeline: @unchecked Sendable {
    /// Rows per block: about 512 KiB of text for the Power BI fact table.
    static let blockRows = 1 << 13
    /// Buffers in circulation: one being written out and one being filled per thread (about as
    /// much memory as the one 1 MiB chunk of `encodeCSV`).
    static let bufferCount = 3

    private let encoder: CSVRowEncoder
    private let format: CSVFormat
    private let rowCount: Int
    private let blockCount: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var nextBlock = 0
    private var finished: [Int: CSVBlock] = [:]
    private var idle: [CSVBlock] = []
    private var stopped = false
    private var helperDone = false

    /// Whether a table of `rowCount` rows is worth a second thread.
    static func pays(rowCount: Int) -> Bool {
        rowCount >= 4 * blockRows && ProcessInfo.processInfo.activeProcessorCount >= 2
    }

    private init(_ table: ResultTable, format: CSVFormat) {
        encoder = CSVRowEncoder(table)
        self.format = format
        rowCount = table.rowCount
        blockCount = (table.rowCount + Self.blockRows - 1) / Self.blockRows
        let capacity = Self.blockRows * 64
        idle = (0..<Self.bufferCount).map { _ in
            CSVBlock(CSVBuffer(format: format, withBOM: false, reservingCapacity: capacity + encoder.rowBound))
        }
    }

    /// Encodes `table` (header first) and hands its bytes to `consume` in order, on this thread.
    /// If `consume` throws, the helper stops after its current block and the error is rethrown.
    static func encode(_ table: ResultTable, format: CSVFormat,
                       _ consume: (UnsafeBufferPointer<UInt8>) throws(ExportError) -> Void) throws(ExportError) {
        let pipeline = CSVBlockPipeline(table, format: format)
        Thread { pipeline.runHelper() }.start()
        defer { pipeline.stopAndWaitForHelper() }
        try pipeline.runWriter(consume)
    }

    /// The helper: encodes blocks until none is left.
    private func runHelper() {
        while let (index, block) = claim() {
            encode(index, into: block)
            condition.lock()
            finished[index] = block
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        helperDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// The caller: writes blocks out in order, encoding the next one itself while it waits.
    private func runWriter(_ consume: (UnsafeBufferPointer<UInt8>) throws(ExportError) -> Void) throws(ExportError) {
        var header = encoder.buffer(format: format, withHeader: true, reservingCapacity: 0)
        try header.drain(into: consume)
        for index in 0..<blockCount {
            let block = nextFinished(index)
            try block.buffer.drain(into: consume)
            condition.lock()
            idle.append(block)
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Block `index` once encoded; until then this thread encodes blocks itself, or waits.
    private func nextFinished(_ index: Int) -> CSVBlock {
        condition.lock()
        while true {
            if let block = finished.removeValue(forKey: index) {
                condition.unlock()
                return block
            }
            if nextBlock < blockCount, let block = idle.popLast() {
                let claimed = nextBlock
                nextBlock += 1
                condition.unlock()
                encode(claimed, into: block)
                condition.lock()
                finished[claimed] = block
                continue
            }
            condition.wait()
        }
    }

    /// The next block to encode and a free buffer for it, waiting for a buffer if need be; nil when
    /// every block is claimed or the pipeline stopped.
    private func claim() -> (Int, CSVBlock)? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopped || nextBlock >= blockCount { return nil }
            if let block = idle.popLast() {
                nextBlock += 1
                return (nextBlock - 1, block)
            }
            condition.wait()
        }
    }

    private func encode(_ index: Int, into block: CSVBlock) {
        let start = index * Self.blockRows
        encoder.encode(start..<min(start + Self.blockRows, rowCount), into: &block.buffer,
                       drainingPast: .max) { (_: UnsafeBufferPointer<UInt8>) throws(Never) in }
    }

    private func stopAndWaitForHelper() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !helperDone { condition.wait() }
        condition.unlock()
    }
}

/// One reusable buffer of `CSVBlockPipeline`, owned by one thread at a time.
private final class CSVBlock {
    var buffer: CSVBuffer

    init(_ buffer: consuming CSVBuffer) {
        self.buffer = buffer
    }
}
