/// A column the reader must find in the header, by name or alias.
///
/// Names match ignoring ASCII case, blanks, `_` and `-`: `InvoiceNo`, `invoiceno`, ` Invoice_No `
/// all match `InvoiceNo`.
public struct CSVColumn: Sendable, Equatable {
    public var name: String
    public var aliases: [String]

    public init(_ name: String, aliases: [String] = []) {
        self.name = name
        self.aliases = aliases
    }

    /// True when a header cell names this column (by its name or an alias).
    public func matches(_ headerCell: String) -> Bool {
        let key = CSVColumn.normalized(headerCell)
        return key == CSVColumn.normalized(name) || aliases.contains { CSVColumn.normalized($0) == key }
    }

    /// The position of this column in `header`: the first cell matching the name, else the first
    /// matching an alias.
    public func index(in header: [String]) -> Int? {
        let name = CSVColumn.normalized(self.name)
        if let exact = header.firstIndex(where: { CSVColumn.normalized($0) == name }) { return exact }
        let keys = Set(aliases.map(CSVColumn.normalized))
        return header.firstIndex { keys.contains(CSVColumn.normalized($0)) }
    }

    /// Lower-case ASCII with blanks, `_` and `-` removed.
    public static func normalized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            switch scalar {
            case " ", "\t", "_", "-", "\u{FEFF}": return nil
            case "A"..."Z": return Unicode.Scalar(scalar.value + 32)
            default: return scalar
            }
        }))
    }
}
