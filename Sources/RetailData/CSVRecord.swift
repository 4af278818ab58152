/// A well-formed record as handed to a `CSVRecordVisitor`: the selected columns' values, unquoted,
/// as raw bytes.
///
/// The pointers point into the reader's buffers and are valid only during the `visit` call:
/// copy what you keep.
public struct CSVRecord {
    /// Physical line (1-based) on which the record starts.
    public let line: Int
    /// The record's bytes as in the file, without its final line break.
    public let raw: UnsafeBufferPointer<UInt8>
    private let values: UnsafePointer<UnsafeBufferPointer<UInt8>>
    /// Number of selected columns.
    public let count: Int

    init(line: Int, raw: UnsafeBufferPointer<UInt8>, values: UnsafePointer<UnsafeBufferPointer<UInt8>>, count: Int) {
        self.line = line
        self.raw = raw
        self.values = values
        self.count = count
    }

    /// The value of selected column `column` (in the order the columns were requested).
    @inline(__always)
    public subscript(column: Int) -> UnsafeBufferPointer<UInt8> { values[column] }

    /// The value of selected column `column` as a string.
    public func string(_ column: Int, encoding: DetectedEncoding) -> String {
        TextDecoding.string(values[column], encoding: encoding)
    }
}
