/// A table, column or schema name the loader accepts: ASCII letters, digits and `_`, not starting
/// with a digit, at most 57 bytes (PostgreSQL's 63 less the staging suffix). Quoted in SQL, so
/// reserved words such as `date` and `month` work.
public struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    public static let maximumLength = 57
    public let name: String

    /// - Throws: `WarehouseError.invalidName` naming `what` (such as "column of fact_sales.csv").
    public init(_ name: String, what: String) throws(WarehouseError) {
        let bytes = Array(name.utf8)
        let valid = !bytes.isEmpty && bytes.count <= Self.maximumLength && !(0x30...0x39).contains(bytes[0])
            && bytes.allSatisfy { $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
        guard valid else { throw .invalidName(name, what: what) }
        self.name = name
    }

    /// `"name"`.
    public var quoted: String { "\"\(name)\"" }

    public var description: String { name }

    /// `"schema"."name"`.
    public static func qualified(_ schema: String, _ name: String) -> String { "\"\(schema)\".\"\(name)\"" }
}
