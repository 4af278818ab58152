/// The byte-level conventions of a CSV file. Fields always follow RFC 4180 quoting, `.` is the
/// decimal mark, money has three decimals, dates are `yyyy-MM-dd`, timestamps `yyyy-MM-dd HH:mm:ss`
/// (with `.ffffff` appended only when the microseconds are not zero), and a null is an empty unquoted field (an empty string is written `""`).
public struct CSVFormat: Sendable, Hashable {
    public enum LineEnding: Sendable, Hashable {
        case lf
        case crlf

        var bytes: [UInt8] { self == .lf ? [0x0A] : [0x0D, 0x0A] }
    }

    /// Whether the file starts with the UTF-8 byte order mark EF BB BF.
    public var byteOrderMark: Bool
    public var lineEnding: LineEnding

    public init(byteOrderMark: Bool, lineEnding: LineEnding) {
        self.byteOrderMark = byteOrderMark
        self.lineEnding = lineEnding
    }

    /// Aggregate tables: UTF-8 without BOM, LF.
    public static let aggregate = CSVFormat(byteOrderMark: false, lineEnding: .lf)
    /// Power BI: UTF-8 with BOM (so Power BI detects the encoding), CRLF.
    public static let powerBI = CSVFormat(byteOrderMark: true, lineEnding: .crlf)
}
