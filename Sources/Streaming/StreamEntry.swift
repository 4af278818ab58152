/// A record read back from a stream log, with its sequence number.
public struct StreamEntry: Sendable, Equatable {
    public var seq: Int64
    public var receivedAt: Int64
    public var record: SaleRecord
}
