/// Maps a data row's number (1-based, as COPY counts them) to its first line in the file, storing
/// only the rows where the two stop moving together (a quoted field spanning lines).
public struct RowLines: Sendable {
    private var jumps: [(row: Int, line: Int)] = []

    public init() {}

    /// Records that `row` starts on `line`.
    mutating func record(row: Int, line: Int) {
        if let last = jumps.last, last.line + (row - last.row) == line { return }
        jumps.append((row, line))
    }

    /// The line `row` starts on, or nil for a row never recorded.
    public func line(ofRow row: Int) -> Int? {
        var low = 0, high = jumps.count
        while low < high {
            let middle = (low + high) / 2
            if jumps[middle].row <= row { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let jump = jumps[low - 1]
        return jump.line + (row - jump.row)
    }
}
