import Foundation

/// One scheduled run: when it is due and which span of data it covers.
///
/// The logical date is the fire time; the data interval is the half-open range
/// [`dataIntervalStart`, `dataIntervalEnd`), from the schedule's previous fire time up to this one.
public struct ScheduleSlot: Sendable, Hashable, CustomStringConvertible {
    /// When the run is due.
    public let fireDate: Date
    /// The schedule's fire time before `fireDate`.
    public let dataIntervalStart: Date

    public init(fireDate: Date, dataIntervalStart: Date) {
        self.fireDate = fireDate
        self.dataIntervalStart = dataIntervalStart
    }

    /// The run's logical date: its fire time.
    public var logicalDate: Date { fireDate }
    /// The end of the data interval (exclusive): the fire time.
    public var dataIntervalEnd: Date { fireDate }

    public var description: String {
        "slot \(fireDate) [\(dataIntervalStart), \(dataIntervalEnd))"
    }
}
