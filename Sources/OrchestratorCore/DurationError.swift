/// Why a duration's text was refused; the message names the text and says what is allowed.
public enum DurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a duration at all, such as `5x` or `10`.
    case malformed(String)
    /// Longer than ``DurationText/maximum`` (10 years), however large its numbers.
    case tooLong(String)

    /// What to write instead, for a message that already names the text.
    public var advice: String {
        switch self {
        case .malformed: "write e.g. 500ms, 5s, 10m, 2h, 1d or 1h30m"
        case .tooLong: "the longest duration is 3650d, 10 years"
        }
    }

    public var description: String {
        switch self {
        case .malformed(let text): "'\(text)' is not a duration (write e.g. 500ms, 5s, 10m, 2h, 1d or 1h30m)"
        case .tooLong(let text): "'\(text)' is longer than the limit of 3650d (10 years)"
        }
    }
}
