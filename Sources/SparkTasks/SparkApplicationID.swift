/// Finds the Spark application id in a driver's log: `application_1700000000000_0042` on YARN,
/// `app-20261129120000-0003` on a standalone master, `local-1700000000000` in local mode.
public enum SparkApplicationID {
    static let prefixes = ["application_", "app-", "local-"]

    /// The first application id in `log`, or nil.
    public static func find(in log: Substring) -> String? {
        var rest = log
        while let start = firstPrefix(in: rest) {
            let candidate = rest[start...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            if isApplicationID(candidate) { return String(candidate) }
            rest = rest[rest.index(after: start)...]
        }
        return nil
    }

    static func firstPrefix(in text: Substring) -> Substring.Index? {
        prefixes.compactMap { text.range(of: $0)?.lowerBound }.min()
    }

    /// `application_<digits>_<digits>`, `app-<14 digits>-<digits>` or `local-<digits>`, and
    /// nothing else (so that `app-name` in a message does not count).
    static func isApplicationID(_ text: Substring) -> Bool {
        func digits(_ part: Substring) -> Bool { !part.isEmpty && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) }
        if text.hasPrefix("application_") {
            let parts = text.dropFirst("application_".count).split(separator: "_", omittingEmptySubsequences: false)
            return parts.count == 2 && parts.allSatisfy(digits)
        }
        if text.hasPrefix("app-") {
            let parts = text.dropFirst("app-".count).split(separator: "-", omittingEmptySubsequences: false)
            return parts.count == 2 && parts.allSatisfy(digits) && parts[0].count == 14
        }
        if text.hasPrefix("local-") { return digits(text.dropFirst("local-".count)) }
        return false
    }
}
