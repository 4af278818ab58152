/// The result of parsing one field value: a value, a well-formed value outside `SalesLimits`, or
/// text that is not a value of the field's kind at all.
enum ParsedField<Value: Sendable>: Sendable {
    case value(Value)
    case outOfRange
    case invalid
}
