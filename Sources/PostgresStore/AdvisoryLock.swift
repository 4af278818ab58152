/// Keys of the transaction-scoped advisory locks the store takes (per database).
enum AdvisoryLock: Int64 {
    /// Held while a migration is checked and applied.
    case migrations = 0x6F72_6368_0001
    /// Held while the scheduler lease is decided, so that two schedulers never both take a free lease.
    case schedulerLease = 0x6F72_6368_0002
}
