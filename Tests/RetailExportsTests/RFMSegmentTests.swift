import Testing
@testable import RetailExports

@Suite struct RFMSegmentTests {
    @Test(arguments: [
        (1, 1, "hibernating"), (1, 2, "hibernating"), (2, 1, "hibernating"), (2, 2, "hibernating"),
        (1, 3, "at_risk"), (1, 4, "at_risk"), (2, 3, "at_risk"), (2, 4, "at_risk"),
        (1, 5, "cant_loose"), (2, 5, "cant_loose"),
        (3, 1, "about_to_sleep"), (3, 2, "about_to_sleep"),
        (3, 3, "need_attention"),
        (3, 4, "loyal_customers"), (3, 5, "loyal_customers"), (4, 4, "loyal_customers"), (4, 5, "loyal_customers"),
        (4, 1, "promising"),
        (5, 1, "new_customers"),
        (4, 2, "potential_loyalists"), (4, 3, "potential_loyalists"), (5, 2, "potential_loyalists"),
        (5, 3, "potential_loyalists"),
        (5, 4, "champions"), (5, 5, "champions"),
    ])
    func segment(recency: Int, frequency: Int, expected: String) {
        #expect(RFMSegment(recency: recency, frequency: frequency).rawValue == expected)
    }

    @Test func everyCaseIsReachable() {
        var reached = Set<RFMSegment>()
        for r in 1...5 { for f in 1...5 { reached.insert(RFMSegment(recency: r, frequency: f)) } }
        #expect(reached == Set(RFMSegment.allCases))
    }
}
