/// A count per reason; encodes as a JSON object holding every reason, zeros included.
public struct ReasonCounts<Reason>: Sendable, Equatable, Codable
where Reason: CaseIterable & RawRepresentable & Hashable & Sendable, Reason.RawValue == String {
    private var counts: [Reason: Int] = [:]

    public init() {}

    public subscript(reason: Reason) -> Int {
        get { counts[reason] ?? 0 }
        set { counts[reason] = newValue }
    }

    /// Sum over all reasons.
    public var total: Int { counts.values.reduce(0, +) }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for reason in Reason.allCases {
            counts[reason] = try container.decodeIfPresent(Int.self, forKey: Key(stringValue: reason.rawValue)) ?? 0
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for reason in Reason.allCases {
            try container.encode(self[reason], forKey: Key(stringValue: reason.rawValue))
        }
    }
}
