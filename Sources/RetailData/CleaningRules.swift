/// The cleaning policy: which drop rules apply, how dates are read and how much quarantine is tolerable.
///
/// Rules are tried in this order and a dropped row counts under the first that matches:
/// `cancelled`, `bad_debt`, `non_positive_quantity`, `non_positive_price`, `duplicate`.
/// Quarantine checks (`bad_quantity`, `bad_price`, `price_precision`, `bad_date`, `out_of_range`)
/// come before all rules.
///
/// Codable with snake_case keys; keys left out keep their defaults.
public struct CleaningRules: Sendable, Equatable, Codable {
    public var dropCancelled = true
    public var dropBadDebt = true
    public var dropNonPositiveQuantity = true
    public var dropNonPositivePrice = true
    public var dropDuplicates = true
    /// Format of InvoiceDate (see `DatePattern`); ISO `yyyy-MM-dd HH:mm[:ss]` is accepted as well.
    public var dateFormat = DatePattern.retailDefault
    /// Largest tolerable share of quarantined records, in `0...1`.
    public var maxQuarantineRatio = 0.01

    public init(dropCancelled: Bool = true, dropBadDebt: Bool = true, dropNonPositiveQuantity: Bool = true,
                dropNonPositivePrice: Bool = true, dropDuplicates: Bool = true,
                dateFormat: String = DatePattern.retailDefault, maxQuarantineRatio: Double = 0.01) {
        self.dropCancelled = dropCancelled
        self.dropBadDebt = dropBadDebt
        self.dropNonPositiveQuantity = dropNonPositiveQuantity
        self.dropNonPositivePrice = dropNonPositivePrice
        self.dropDuplicates = dropDuplicates
        self.dateFormat = dateFormat
        self.maxQuarantineRatio = maxQuarantineRatio
    }

    /// Whether rule `reason` is switched on.
    public func isEnabled(_ reason: DropReason) -> Bool {
        switch reason {
        case .cancelled: return dropCancelled
        case .badDebt: return dropBadDebt
        case .nonPositiveQuantity: return dropNonPositiveQuantity
        case .nonPositivePrice: return dropNonPositivePrice
        case .duplicate: return dropDuplicates
        }
    }

    /// True when the report quarantined a larger share of its rows than `maxQuarantineRatio`.
    public func exceedsQuarantineLimit(_ report: QualityReport) -> Bool {
        report.quarantineRatio > maxQuarantineRatio
    }

    /// The configured pattern followed by the ISO fallbacks (duplicates removed).
    public func datePatterns() throws -> [DatePattern] {
        var patterns = [try DatePattern(dateFormat)]
        for iso in DatePattern.isoFallbacks where iso != dateFormat {
            patterns.append(try DatePattern(iso))
        }
        return patterns
    }

    enum CodingKeys: String, CodingKey {
        case dropCancelled = "drop_cancelled"
        case dropBadDebt = "drop_bad_debt"
        case dropNonPositiveQuantity = "drop_non_positive_quantity"
        case dropNonPositivePrice = "drop_non_positive_price"
        case dropDuplicates = "drop_duplicates"
        case dateFormat = "date_format"
        case maxQuarantineRatio = "max_quarantine_ratio"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = CleaningRules()
        dropCancelled = try c.decodeIfPresent(Bool.self, forKey: .dropCancelled) ?? defaults.dropCancelled
        dropBadDebt = try c.decodeIfPresent(Bool.self, forKey: .dropBadDebt) ?? defaults.dropBadDebt
        dropNonPositiveQuantity = try c.decodeIfPresent(Bool.self, forKey: .dropNonPositiveQuantity)
            ?? defaults.dropNonPositiveQuantity
        dropNonPositivePrice = try c.decodeIfPresent(Bool.self, forKey: .dropNonPositivePrice)
            ?? defaults.dropNonPositivePrice
        dropDuplicates = try c.decodeIfPresent(Bool.self, forKey: .dropDuplicates) ?? defaults.dropDuplicates
        dateFormat = try c.decodeIfPresent(String.self, forKey: .dateFormat) ?? defaults.dateFormat
        maxQuarantineRatio = try c.decodeIfPresent(Double.self, forKey: .maxQuarantineRatio)
            ?? defaults.maxQuarantineRatio
    }
}
