import ArgumentParser
import OrchestratorCore
import OrchestratorStore

/// Reads the text of command-line options that take a duration or a date. Every problem is a
/// `ValidationError` (exit 2) naming the option and the value; nothing here traps.
enum OptionValue {
    /// The duration `text` of `option`; with `positive`, zero and negative values are refused.
    static func duration(_ text: String, option: String, positive: Bool = false) throws -> Duration {
        if positive, text.trimmingSpaces().hasPrefix("-") {
            throw ValidationError("\(option) '\(text)' must be positive (write e.g. 30d or 12h)")
        }
        let parsed: Duration
        do throws(DurationError) {
            parsed = try DurationText.read(text)
        } catch {
            throw ValidationError("\(option) \(error)")
        }
        if positive, parsed <= .zero { throw ValidationError("\(option) '\(text)' must be positive (write e.g. 30d or 12h)") }
        return parsed
    }

    /// The UTC instant `text` of `option` names, in milliseconds.
    static func date(_ text: String, option: String) throws -> EpochMillis {
        guard let millis = Timestamps.parse(text) else {
            throw ValidationError("\(option) '\(text)' is not a date; write YYYY-MM-DD[THH:MM[:SS]], a real UTC date in the years "
                                  + "\(Timestamps.years.lowerBound)-\(Timestamps.years.upperBound)")
        }
        return millis
    }
}
