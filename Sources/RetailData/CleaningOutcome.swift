/// What cleaning did with one record.
public enum CleaningOutcome: Sendable, Equatable {
    case kept(CleanedRecord)
    case dropped(DropReason)
    case quarantined(QuarantineReason)
}
