/// Why a well-formed record was left out of the clean table, in the order the rules are tried.
public enum DropReason: String, Sendable, Codable, CaseIterable, Hashable {
    /// InvoiceNo starts with `C`.
    case cancelled
    /// InvoiceNo starts with `A` (bad-debt adjustments).
    case badDebt = "bad_debt"
    /// Quantity is zero or negative.
    case nonPositiveQuantity = "non_positive_quantity"
    /// UnitPrice is zero or negative.
    case nonPositivePrice = "non_positive_price"
    /// All eight raw fields equal those of an earlier row that passed the four rules above.
    case duplicate
}
