/// Receives the records of a `CSVStreamReader` one at a time, in file order.
public protocol CSVRecordVisitor: ~Copyable {
    /// A record with the header's field count and acceptable encoding.
    mutating func visit(_ record: CSVRecord)
    /// A malformed record: `field_count`, `unterminated_quote`, `invalid_encoding` or `record_too_long`.
    mutating func reject(_ issue: CSVRecordIssue)
}
