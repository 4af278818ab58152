/// Whether `SalesCleaningJob` reads the file as two halves on two threads.
///
/// The second half starts at the first line after the split point, on the guess that the line end
/// found there is not inside a quoted field. The first half reads up to that offset; when its last
/// record really ends there, the second half's results are merged into the first's (the same result
/// as one reader, see `CleaningCore.absorb`); otherwise the guess was wrong, the second half's work
/// is thrown away and the first reader goes on to the end.
public enum CleaningSplit: Sendable, Equatable {
    /// One reader.
    case none
    /// Two halves, split in the middle, for files of `minimumBytes` or more when the machine has
    /// two cores or more.
    case automatic
    /// Two halves, the second from the first line after file offset `offset` (for tests).
    case at(Int)

    /// Smallest file split by `.automatic`: below it the second thread costs more than it saves.
    public static let minimumBytes = 4 << 20

    /// Where `.automatic` splits, as a share of the file (of 64): a little before the middle, because
    /// after both halves are read the first half's thread still merges them and builds and writes
    /// the table, a little longer than the second's computing the SHA-256.
    static let automaticShare = 30

    /// The file offset the second half starts from the line after, or nil to read in one go.
    func guess(fileSize: Int, processors: Int) -> Int? {
        switch self {
        case .none: return nil
        case .automatic:
            return fileSize >= CleaningSplit.minimumBytes && processors >= 2 ? fileSize / 64 * CleaningSplit.automaticShare : nil
        case .at(let offset): return offset
        }
    }
}
