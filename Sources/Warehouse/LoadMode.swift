/// What a load does to a table that already holds rows.
public enum LoadMode: String, Sendable, Hashable, CaseIterable {
    /// The table ends with exactly the file's rows (the previous table is dropped in the same transaction).
    case replace
    /// The file's rows are inserted after the rows already there.
    case append
}
