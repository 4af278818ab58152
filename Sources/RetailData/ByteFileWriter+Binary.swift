extension ByteFileWriter {
    func appendLittleEndian(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { append($0) }
    }

    /// Writes an integer array as little-endian raw bytes.
    func writeArray<T: FixedWidthInteger>(_ values: [T]) throws {
        #if _endian(big)
        let values = values.map { $0.littleEndian }
        #endif
        try values.withUnsafeBytes { try writeDirect($0) }
    }
}
