/// Cleans sales records one at a time and collects the survivors into a `SalesTable`.
///
/// The same code serves the batch CSV path (as a `CSVRecordVisitor`) and single records from
/// elsewhere (`evaluate(_:line:raw:)` / `evaluate(fields:line:)`).
///
/// For each record, in order:
/// 1. Quarantine, field by field (Quantity, UnitPrice, InvoiceDate, then revenue): `bad_quantity`
///    (not an integer), `bad_price`, `price_precision` (more than 3 decimals), `bad_date`, and
///    `out_of_range` for a well-formed value outside `SalesLimits` (revenue included).
/// 2. Drop rules, first match counts (each can be switched off in `CleaningRules`):
///    `cancelled`, `bad_debt`, `non_positive_quantity`, `non_positive_price`, `duplicate`.
/// 3. Keep: text fields trimmed of ASCII blanks, empty description → null, customer normalized
///    (`17850.0` → `17850`, empty → `Unknown`), date → wall-clock microseconds, price in thousandths,
///    revenue = quantity × price exactly.
///
/// Duplicates compare the eight raw field values (after CSV unquoting, before trimming) with the
/// rows that passed rules 1-4. Identical raw fields always get the same verdict from every other
/// check, so this equals comparing with all earlier rows while counting a copy of a dropped row
/// under that row's own reason; it keeps the seen-set to the rows that matter. Each raw value is
/// interned to an exact id, and a row's key is its eight ids, so the comparison is exact (no hashes).
///
/// Every distinct raw value is parsed once (ids cache the result). Strings are only built by
/// `takeTable(encoding:)`, from bytes, once the file's encoding is known.
public final class SalesCleaner: CSVRecordVisitor {
    private var core: CleaningCore

    /// - Throws: `DatePatternError` when `rules.dateFormat` is not a usable pattern.
    public init(rules: CleaningRules = CleaningRules()) throws {
        core = try CleaningCore(rules: rules)
    }

    public var rules: CleaningRules { core.rules }
    /// Records seen (kept, dropped or quarantined).
    public var rowsRead: Int { core.rowsRead }
    /// Records kept.
    public var rowsClean: Int { core.rowsClean }
    public var dropped: ReasonCounts<DropReason> { core.dropped }
    public var quarantined: ReasonCounts<QuarantineReason> { core.quarantined }

    // MARK: Visitor

    /// Cleans a CSV record read with `RetailColumns.all` and appends it to the table when it passes.
    public func visit(_ record: CSVRecord) {
        _ = core.process(RawSalesRecord(record), line: record.line, raw: record.raw)
    }

    /// Records a reader-level problem as a quarantine entry.
    public func reject(_ issue: CSVRecordIssue) {
        core.reject(issue)
    }

    // MARK: Single records

    /// Cleans one record and, when it passes, appends it to the table. `raw` is its text for the quarantine.
    @discardableResult
    public func process(_ record: RawSalesRecord, line: Int, raw: UnsafeBufferPointer<UInt8>) -> CleaningOutcome {
        core.process(record, line: line, raw: raw)
    }

    /// Cleans one record given as eight strings in `RetailColumns` order, appending it when it passes.
    /// The quarantine text is the fields joined as a CSV line.
    @discardableResult
    public func process(fields: [String], line: Int) -> CleaningOutcome {
        let outcome = evaluate(fields: fields, line: line)
        if case .kept(let row) = outcome { core.append(row) }
        return outcome
    }

    /// Cleans one record given as strings without adding it to the table (counters and the
    /// duplicate memory are updated).
    public func evaluate(fields: [String], line: Int) -> CleaningOutcome {
        let rawLine = Array(QuarantineCSVWriter.csvLine(fields).utf8)
        return rawLine.withUnsafeBufferPointer { raw in
            RawSalesRecord.withFields(fields) { core.evaluate($0, line: line, raw: raw) }
        }
    }

    /// Cleans one record without adding it to the table (counters and duplicate memory are updated).
    public func evaluate(_ record: RawSalesRecord, line: Int, raw: UnsafeBufferPointer<UInt8>) -> CleaningOutcome {
        core.evaluate(record, line: line, raw: raw)
    }

    /// Which limit `record` breaks, for a record this cleaner quarantined as `out_of_range`; nil
    /// when it breaks none. Does not touch the counters.
    public func rangeViolation(_ record: RawSalesRecord) -> RangeViolation? {
        core.rangeViolation(record)
    }

    // MARK: Results

    /// Appends a kept record to the table.
    public func append(_ row: CleanedRecord) {
        core.append(row)
    }

    /// Reserves room for about `rows` kept rows.
    public func reserveCapacity(_ rows: Int) {
        core.reserveCapacity(rows)
    }

    /// Number of rows appended so far.
    public var tableRowCount: Int { core.tableRowCount }

    /// The dictionary text of `code` in `column` (nil for -1), decoded as `encoding`.
    public func text(_ column: SalesTextColumn, code: Int32, encoding: DetectedEncoding = .utf8) -> String? {
        guard code >= 0 else { return nil }
        return core.outDictionary(column) { dictionary in
            Int(code) < dictionary.count ? TextDecoding.string(dictionary.key(code), encoding: encoding) : nil
        }
    }

    /// Hands the appended rows over as a table, dictionaries decoded with `encoding`; the cleaner
    /// keeps its counters and quarantine entries but no rows (see `CleaningCore.takeTable`).
    public func takeTable(encoding: DetectedEncoding) -> SalesTable {
        core.takeTable(encoding: encoding)
    }

    /// Hands over this cleaner's rows followed by those of `other`, which cleaned the records that
    /// come after this cleaner's last one (with `process`, on another thread), decoded as
    /// `encoding`. This cleaner takes over `other`'s counters and quarantine entries, line numbers
    /// unchanged: the same table and counts as one cleaner processing all the records in order.
    /// Both are left without rows.
    public func takeTable(encoding: DetectedEncoding, appending other: SalesCleaner) -> SalesTable {
        precondition(other !== self, "a cleaner cannot absorb itself")
        let plan = core.absorb(&other.core, lineOffset: 0)
        return core.takeTable(encoding: encoding, appending: &other.core, plan)
    }

    /// The quarantine entries in input order, raw text decoded with `encoding`.
    public func quarantineEntries(encoding: DetectedEncoding) -> [QuarantineEntry] {
        core.quarantineEntries(encoding: encoding)
    }

    /// The counters as a report for `input`.
    public func report(input: QualityReport.Input) -> QualityReport {
        core.report(input: input)
    }
}
