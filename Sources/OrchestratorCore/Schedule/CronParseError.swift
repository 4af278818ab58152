import Foundation

/// Why a cron expression could not be parsed.
///
/// Every case carries ``column``: the 1-based position, counted in characters from the start of
/// the expression string, of the text that is wrong. A caller that knows where the string starts in
/// its file (for a quoted YAML scalar, one column after the opening quote) reports
/// `FILE:LINE:(start + column - 1)`.
public enum CronParseError: Error, Sendable, Hashable {
    /// The expression is empty or only blanks.
    case empty
    /// The expression does not have five fields; `column` is where the first extra field starts,
    /// or where the expression starts when fields are missing.
    case wrongFieldCount(found: Int, column: Int)
    /// An `@name` that is not one of the macros.
    case unknownMacro(String, column: Int)
    /// A macro followed by more text.
    case textAfterMacro(String, column: Int)
    /// A field, or one item of its list, is wrong; `value` is the offending text.
    case badField(CronField, value: String, problem: Problem, column: Int)

    /// What is wrong with a field.
    public enum Problem: Sendable, Hashable {
        /// Not a number or name the field accepts, or a number outside its range.
        case invalidValue
        /// An empty item in a list, as in `1,,2` or `1,`.
        case emptyItem
        /// A range whose start is greater than its end, as in `5-1`.
        case reversedRange
        /// A step that is not a whole number from 1 to the size of the field.
        case invalidStep
    }

    /// The 1-based column, within the expression string, of the text that is wrong.
    public var column: Int {
        switch self {
        case .empty: 1
        case .wrongFieldCount(_, let column), .unknownMacro(_, let column),
            .textAfterMacro(_, let column), .badField(_, _, _, let column):
            column
        }
    }

    /// The field at fault, when the error is about one field.
    public var field: CronField? {
        if case .badField(let field, _, _, _) = self { return field }
        return nil
    }

    /// A one-line message without location, e.g. `bad minute field '61': must be 0-59`.
    public var message: String {
        switch self {
        case .empty:
            return "empty cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily"
        case .wrongFieldCount(let found, _):
            return "expected 5 fields (minute hour day-of-month month day-of-week), found \(found)"
        case .unknownMacro(let name, _):
            return "unknown cron macro '\(name)': expected @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly"
        case .textAfterMacro(let macro, _):
            return "unexpected text after '\(macro)': a macro stands for the whole expression"
        case .badField(let field, let value, let problem, _):
            let head = "bad \(field) field '\(value)'"
            switch problem {
            case .invalidValue: return "\(head): must be \(field.allowedValues)"
            case .emptyItem: return "\(head): empty item in list"
            case .reversedRange: return "\(head): range start is greater than its end"
            case .invalidStep:
                let size = field.starMaximum - field.minimum + 1
                return "\(head): step must be a number from 1 to \(size)"
            }
        }
    }
}

extension CronParseError: LocalizedError {
    public var errorDescription: String? { message }
}

extension CronParseError: CustomStringConvertible {
    public var description: String { message }
}
