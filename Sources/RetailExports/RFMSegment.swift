/// The customer segment named by a recency score and a frequency score (each 1...5).
public enum RFMSegment: String, Sendable, CaseIterable {
    case hibernating
    case atRisk = "at_risk"
    case cantLoose = "cant_loose"
    case aboutToSleep = "about_to_sleep"
    case needAttention = "need_attention"
    case loyalCustomers = "loyal_customers"
    case promising
    case newCustomers = "new_customers"
    case potentialLoyalists = "potential_loyalists"
    case champions

    /// The segment for `recency` and `frequency` scores; every pair in 1...5 × 1...5 has one.
    public init(recency r: Int, frequency f: Int) {
        precondition((1...5).contains(r) && (1...5).contains(f), "RFM scores r=\(r) f=\(f) outside 1...5")
        switch (r, f) {
        case (1...2, 1...2): self = .hibernating
        case (1...2, 3...4): self = .atRisk
        case (1...2, 5): self = .cantLoose
        case (3, 1...2): self = .aboutToSleep
        case (3, 3): self = .needAttention
        case (3...4, 4...5): self = .loyalCustomers
        case (4, 1): self = .promising
        case (5, 1): self = .newCustomers
        case (4...5, 2...3): self = .potentialLoyalists
        default: self = .champions  // (5, 4...5)
        }
    }
}
