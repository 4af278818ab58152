/// The state and rules of `SalesCleaner`, as one non-copyable value so the per-record path runs
/// without reference counting or dynamic exclusivity checks.
struct CleaningCore: ~Copyable, CSVRecordVisitor {
    let rules: CleaningRules
    private let datePatterns: [DatePattern]

    // Raw values → exact ids.
    private var rawInvoice = ByteInterner(expectedKeys: 1 << 10)
    private var rawStock = ByteInterner(expectedKeys: 1 << 10)
    private var rawDescription = ByteInterner(expectedKeys: 1 << 10)
    private var rawQuantity = ByteInterner(expectedKeys: 1 << 10)
    private var rawDate = ByteInterner(expectedKeys: 1 << 10)
    private var rawPrice = ByteInterner(expectedKeys: 1 << 8)
    private var rawCustomer = ByteInterner(expectedKeys: 1 << 10)
    private var rawCountry = ByteInterner(expectedKeys: 64)

    // Facts cached per raw id.
    private var invoiceKinds = GrowableBuffer<UInt8>(capacity: 1 << 10)
    private var quantities = GrowableBuffer<Int64>(capacity: 1 << 10)
    // Status per raw id: 0 valid, 1 invalid, 2 too precise (prices), 3 out of range.
    private var quantityStatus = GrowableBuffer<UInt8>(capacity: 1 << 10)
    private var dates = GrowableBuffer<Int64>(capacity: 1 << 10)
    private var dateStatus = GrowableBuffer<UInt8>(capacity: 1 << 10)
    private var prices = GrowableBuffer<Int64>(capacity: 1 << 11)
    private var priceStatus = GrowableBuffer<UInt8>(capacity: 1 << 11)
    /// Per raw stock code: the description and price ids last seen with it (tried first next time).
    private var descriptionHints = GrowableBuffer<Int32>(capacity: 1 << 10)
    private var priceHints = GrowableBuffer<Int32>(capacity: 1 << 10)

    // Raw id → output code (-2 = not needed yet, -1 = null).
    private var invoiceCodes = GrowableBuffer<Int32>(capacity: 1 << 10)
    private var stockCodes = GrowableBuffer<Int32>(capacity: 1 << 10)
    private var descriptionCodes = GrowableBuffer<Int32>(capacity: 1 << 10)
    private var customerCodes = GrowableBuffer<Int32>(capacity: 1 << 10)
    private var countryCodes = GrowableBuffer<Int32>(capacity: 64)

    // Output dictionaries: normalized bytes → code, in first-appearance order among kept rows.
    private var outInvoice = ByteInterner(expectedKeys: 1 << 10)
    private var outStock = ByteInterner(expectedKeys: 1 << 10)
    private var outDescription = ByteInterner(expectedKeys: 1 << 10)
    private var outCustomer = ByteInterner(expectedKeys: 1 << 10)
    private var outCountry = ByteInterner(expectedKeys: 64)

    private var seen = RowKeySet(groupCapacity: 1 << 10)

    // Kept rows, string columns as codes (dictionaries are in the `out…` interners), numbers as the
    // raw ids of their values (`quantities`, `dates`, `prices`; revenue is their product), 32 bytes
    // a row; `takeTable` turns the ids into values. A negative id is an appended record
    // (`externalRows[-id - 1]`). Manual buffers: appending to arrays per row costs more than one
    // copy of each at the end.
    private var invoiceColumn = GrowableBuffer<Int32>(capacity: 1 << 12)
    private var stockColumn = GrowableBuffer<Int32>(capacity: 1 << 12)
    private var descriptionColumn = GrowableBuffer<Int32>(capacity: 1 << 12)
    private var quantityIDColumn = GrowableBuffer<Int32>(capacity: 1 << 12)
    private var dateIDColumn = GrowableBuffer<Int32>(capacity: 1 << 12)
    private var priceIDColumn = GrowableBuffer<Int32>(capacity: 1 << 12)
    private var customerColumn = GrowableBuffer<Int32>(capacity: 1 << 12)
    private var countryColumn = GrowableBuffer<Int32>(capacity: 1 << 12)
    private var externalRows: [CleanedRecord] = []
    /// The value ids of the record `evaluate` kept last.
    private var lastKept: (quantity: Int32, date: Int32, price: Int32) = (-1, -1, -1)

    var quarantineLog: [(line: Int, reason: QuarantineReason, raw: [UInt8])] = []
    var rowsRead = 0
    var rowsClean = 0
    var droppedCounts = [Int](repeating: 0, count: DropReason.allCases.count)
    var quarantinedCounts = [Int](repeating: 0, count: QuarantineReason.allCases.count)

    private static let quarantineIndex: [QuarantineReason: Int] =
        Dictionary(uniqueKeysWithValues: QuarantineReason.allCases.enumerated().map { ($1, $0) })

    init(rules: CleaningRules) throws {
        self.init(rules: rules, datePatterns: try rules.datePatterns())
    }

    private init(rules: CleaningRules, datePatterns: [DatePattern]) {
        self.rules = rules
        self.datePatterns = datePatterns
    }

    func outDictionary<Result>(_ column: SalesTextColumn, _ body: (borrowing ByteInterner) -> Result) -> Result {
        switch column {
        case .invoiceNo: return body(outInvoice)
        case .stockCode: return body(outStock)
        case .description: return body(outDescription)
        case .customerId: return body(outCustomer)
        case .country: return body(outCountry)
        }
    }

    @inline(__always)
    mutating func visit(_ record: CSVRecord) {
        _ = process(RawSalesRecord(record), line: record.line, raw: record.raw)
    }

    mutating func reject(_ issue: CSVRecordIssue) {
        rowsRead += 1
        quarantinedCounts[CleaningCore.quarantineIndex[issue.reason] ?? 0] += 1
        quarantineLog.append((issue.line, issue.reason, issue.raw))
    }

    mutating func process(_ record: RawSalesRecord, line: Int, raw: UnsafeBufferPointer<UInt8>) -> CleaningOutcome {
        let outcome = evaluate(record, line: line, raw: raw)
        if case .kept(let row) = outcome { append(row, ids: lastKept) }
        return outcome
    }

    mutating func evaluate(_ record: RawSalesRecord, line: Int, raw: UnsafeBufferPointer<UInt8>) -> CleaningOutcome {
        rowsRead += 1

        let stockID = Int(rawStock.intern(record.stockCode))
        if stockID == stockCodes.count {
            stockCodes.append(-2)
            descriptionHints.append(-1)
            priceHints.append(-1)
        }

        let quantityID = Int(rawQuantity.intern(record.quantity))
        if quantityID == quantities.count {
            switch FieldParsing.quantity(record.quantity) {
            case .value(let value): quantities.append(value); quantityStatus.append(0)
            case .invalid: quantities.append(0); quantityStatus.append(1)
            case .outOfRange: quantities.append(0); quantityStatus.append(3)
            }
        }
        switch quantityStatus[quantityID] {
        case 1: return quarantine(.badQuantity, line: line, raw: raw)
        case 3: return quarantine(.outOfRange, line: line, raw: raw)
        default: break
        }

        let priceID = Int(rawPrice.intern(record.unitPrice, hint: priceHints[stockID]))
        priceHints[stockID] = Int32(priceID)
        if priceID == prices.count {
            switch FieldParsing.price(record.unitPrice) {
            case .value(let money): prices.append(money.thousandths); priceStatus.append(0)
            case .invalid: prices.append(0); priceStatus.append(1)
            case .tooPrecise: prices.append(0); priceStatus.append(2)
            case .outOfRange: prices.append(0); priceStatus.append(3)
            }
        }
        switch priceStatus[priceID] {
        case 1: return quarantine(.badPrice, line: line, raw: raw)
        case 2: return quarantine(.pricePrecision, line: line, raw: raw)
        case 3: return quarantine(.outOfRange, line: line, raw: raw)
        default: break
        }

        let dateID = Int(rawDate.intern(record.invoiceDate))
        if dateID == dates.count {
            switch invoiceTimestamp(record.invoiceDate) {
            case .value(let micros): dates.append(micros); dateStatus.append(0)
            case .invalid: dates.append(0); dateStatus.append(1)
            case .outOfRange: dates.append(0); dateStatus.append(3)
            }
        }
        switch dateStatus[dateID] {
        case 1: return quarantine(.badDate, line: line, raw: raw)
        case 3: return quarantine(.outOfRange, line: line, raw: raw)
        default: break
        }

        let quantity = quantities[quantityID]
        let price = prices[priceID]
        guard let revenue = SalesLimits.revenue(quantity: quantity, price: price) else {
            return quarantine(.outOfRange, line: line, raw: raw)
        }

        let invoiceID = Int(rawInvoice.intern(record.invoiceNo))
        if invoiceID == invoiceKinds.count {
            invoiceKinds.append(FieldParsing.invoiceKind(record.invoiceNo))
            invoiceCodes.append(-2)
        }
        let kind = invoiceKinds[invoiceID]
        if kind == 1 && rules.dropCancelled { return drop(.cancelled) }
        if kind == 2 && rules.dropBadDebt { return drop(.badDebt) }
        if quantity <= 0 && rules.dropNonPositiveQuantity { return drop(.nonPositiveQuantity) }
        if price <= 0 && rules.dropNonPositivePrice { return drop(.nonPositivePrice) }

        let descriptionID = Int(rawDescription.intern(record.description, hint: descriptionHints[stockID]))
        descriptionHints[stockID] = Int32(descriptionID)
        if descriptionID == descriptionCodes.count { descriptionCodes.append(-2) }
        let customerID = Int(rawCustomer.intern(record.customerId))
        if customerID == customerCodes.count { customerCodes.append(-2) }
        let countryID = Int(rawCountry.intern(record.country))
        if countryID == countryCodes.count { countryCodes.append(-2) }

        if rules.dropDuplicates {
            let key = RowKeySet.Key((Int32(invoiceID), Int32(stockID), Int32(descriptionID), Int32(quantityID),
                                     Int32(dateID), Int32(priceID), Int32(customerID), Int32(countryID)))
            if !seen.insert(key, group: invoiceID) { return drop(.duplicate) }
        }

        rowsClean += 1
        var invoiceCode = invoiceCodes[invoiceID]
        if invoiceCode == -2 {
            invoiceCode = outInvoice.intern(FieldParsing.trimmed(rawInvoice.key(Int32(invoiceID))))
            invoiceCodes[invoiceID] = invoiceCode
        }
        var stockCode = stockCodes[stockID]
        if stockCode == -2 {
            stockCode = outStock.intern(FieldParsing.trimmed(rawStock.key(Int32(stockID))))
            stockCodes[stockID] = stockCode
        }
        var descriptionCode = descriptionCodes[descriptionID]
        if descriptionCode == -2 {
            let text = FieldParsing.trimmed(rawDescription.key(Int32(descriptionID)))
            descriptionCode = text.isEmpty ? -1 : outDescription.intern(text)
            descriptionCodes[descriptionID] = descriptionCode
        }
        var customerCode = customerCodes[customerID]
        if customerCode == -2 {
            let normalized = FieldParsing.customerBytes(rawCustomer.key(Int32(customerID)))
            customerCode = normalized.withUnsafeBufferPointer { outCustomer.intern($0) }
            customerCodes[customerID] = customerCode
        }
        var countryCode = countryCodes[countryID]
        if countryCode == -2 {
            countryCode = outCountry.intern(FieldParsing.trimmed(rawCountry.key(Int32(countryID))))
            countryCodes[countryID] = countryCode
        }
        lastKept = (Int32(quantityID), Int32(dateID), Int32(priceID))
        return .kept(CleanedRecord(invoiceNo: invoiceCode, stockCode: stockCode, description: descriptionCode,
                                   quantity: quantity, invoiceTs: dates[dateID], unitPrice: price,
                                   customerId: customerCode, country: countryCode, revenue: revenue))
    }

    /// The invoice date through the configured pattern, then the ISO fallbacks; a real date outside
    /// `SalesLimits.timestamps` is `.outOfRange`.
    func invoiceTimestamp(_ text: UnsafeBufferPointer<UInt8>) -> ParsedField<Int64> {
        for pattern in datePatterns {
            if let micros = pattern.microseconds(text) {
                return SalesLimits.timestamps.contains(micros) ? .value(micros) : .outOfRange
            }
        }
        return .invalid
    }

    /// The limit `record` breaks, tried in the order `evaluate` checks them; nil when it breaks none.
    func rangeViolation(_ record: RawSalesRecord) -> RangeViolation? {
        let quantity = FieldParsing.quantity(record.quantity)
        if case .outOfRange = quantity { return .quantity }
        let price = FieldParsing.price(record.unitPrice)
        if case .outOfRange = price { return .unitPrice }
        if case .outOfRange = invoiceTimestamp(record.invoiceDate) { return .invoiceDate }
        if case .value(let units) = quantity, case .value(let money) = price,
           SalesLimits.revenue(quantity: units, price: money.thousandths) == nil {
            return .revenue
        }
        return nil
    }

    private mutating func quarantine(_ reason: QuarantineReason, line: Int,
                                     raw: UnsafeBufferPointer<UInt8>) -> CleaningOutcome {
        quarantinedCounts[CleaningCore.quarantineIndex[reason] ?? 0] += 1
        quarantineLog.append((line, reason, Array(raw)))
        return .quarantined(reason)
    }

    @inline(__always)
    private mutating func drop(_ reason: DropReason) -> CleaningOutcome {
        switch reason {
        case .cancelled: droppedCounts[0] += 1
        case .badDebt: droppedCounts[1] += 1
        case .nonPositiveQuantity: droppedCounts[2] += 1
        case .nonPositivePrice: droppedCounts[3] += 1
        case .duplicate: droppedCounts[4] += 1
        }
        return .dropped(reason)
    }

    /// Appends a kept record given by its values (one `evaluate` returned, possibly long before).
    mutating func append(_ row: CleanedRecord) {
        externalRows.append(row)
        let id = Int32(-externalRows.count)
        append(row, ids: (id, id, id))
    }

    @inline(__always)
    private mutating func append(_ row: CleanedRecord, ids: (quantity: Int32, date: Int32, price: Int32)) {
        invoiceColumn.append(row.invoiceNo)
        stockColumn.append(row.stockCode)
        descriptionColumn.append(row.description)
        quantityIDColumn.append(ids.quantity)
        dateIDColumn.append(ids.date)
        priceIDColumn.append(ids.price)
        customerColumn.append(row.customerId)
        countryColumn.append(row.country)
    }

    /// Rows appended so far.
    var tableRowCount: Int { quantityIDColumn.count }

    mutating func reserveCapacity(_ rows: Int) {
        invoiceColumn.reserveCapacity(rows)
        stockColumn.reserveCapacity(rows)
        descriptionColumn.reserveCapacity(rows)
        quantityIDColumn.reserveCapacity(rows)
        dateIDColumn.reserveCapacity(rows)
        priceIDColumn.reserveCapacity(rows)
        customerColumn.reserveCapacity(rows)
        countryColumn.reserveCapacity(rows)
        seen.reserveCapacity(rows)
    }

    /// Takes over the counters, quarantine entries and dictionary entries of `other`, which cleaned
    /// the records that follow this core's last one in the same file (from a second reader), as if
    /// this core had read them itself; `takeTable(encoding:appending:_:)` with the plan returned
    /// then appends `other`'s rows. The result is the same as one core reading the whole file.
    /// `lineOffset` turns `other`'s line numbers (counted from 1 where it started) into the file's.
    /// A row `other` kept that equals a row this core kept becomes a `duplicate` drop. `other` must
    /// have come through the batch path (`visit`/`process`), so that its kept rows and its duplicate
    /// keys correspond one to one; neither core can evaluate records afterwards.
    mutating func absorb(_ other: inout CleaningCore, lineOffset: Int) -> AbsorbPlan {
        rowsRead += other.rowsRead
        for index in droppedCounts.indices { droppedCounts[index] += other.droppedCounts[index] }
        for index in quarantinedCounts.indices { quarantinedCounts[index] += other.quarantinedCounts[index] }
        quarantineLog.reserveCapacity(quarantineLog.count + other.quarantineLog.count)
        for entry in other.quarantineLog { quarantineLog.append((entry.line + lineOffset, entry.reason, entry.raw)) }
        other.quarantineLog = []

        var plan = AbsorbPlan()
        if rules.dropDuplicates {
            precondition(other.seen.count == other.tableRowCount, "absorb: the other core's kept rows and duplicate keys differ")
            var rawMaps = RawIDMaps(other)
            for row in 0..<other.tableRowCount where isDuplicate(other.seen.key(at: row), from: other, maps: &rawMaps) {
                plan.duplicates.append(row)
            }
        }
        rowsClean += other.rowsClean - plan.duplicates.count
        droppedCounts[4] += plan.duplicates.count
        // Each dictionary grows in the order its values first appear among the kept rows.
        plan.invoice = CleaningCore.codeMap(other.invoiceColumn, other.outInvoice, into: &outInvoice, skipping: plan.duplicates)
        plan.stock = CleaningCore.codeMap(other.stockColumn, other.outStock, into: &outStock, skipping: plan.duplicates)
        plan.description = CleaningCore.codeMap(other.descriptionColumn, other.outDescription, into: &outDescription, skipping: plan.duplicates)
        plan.customer = CleaningCore.codeMap(other.customerColumn, other.outCustomer, into: &outCustomer, skipping: plan.duplicates)
        plan.country = CleaningCore.codeMap(other.countryColumn, other.outCountry, into: &outCountry, skipping: plan.duplicates)
        return plan
    }

    /// For each code of `dictionary`, the code its text gets in `target` (interned at its first
    /// use among `codes`, rows in `skipping` left out); -1 (null) maps to itself.
    private static func codeMap(_ codes: borrowing GrowableBuffer<Int32>, _ dictionary: borrowing ByteInterner,
                                into target: inout ByteInterner, skipping: [Int]) -> [Int32] {
        var map = [Int32](repeating: -2, count: dictionary.count)
        map.withUnsafeMutableBufferPointer { map in
            var nextSkip = 0
            for row in 0..<codes.count {
                if nextSkip < skipping.count && skipping[nextSkip] == row {
                    nextSkip += 1
                    continue
                }
                let code = Int(codes[row])
                if code >= 0 && map[code] == -2 { map[code] = target.intern(dictionary.key(Int32(code))) }
            }
        }
        return map
    }

    /// Whether the row `other` kept under `key` (its raw ids) equals a row this core kept.
    private func isDuplicate(_ key: RowKeySet.Key, from other: borrowing CleaningCore, maps: inout RawIDMaps) -> Bool {
        var ids: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0)
        for position in 0..<8 {
            let id = maps.id(position, key.id(position), from: other, into: self)
            if id < 0 { return false }
            switch position {
            case 0: ids.0 = id
            case 1: ids.1 = id
            case 2: ids.2 = id
            case 3: ids.3 = id
            case 4: ids.4 = id
            case 5: ids.5 = id
            case 6: ids.6 = id
            default: ids.7 = id
            }
        }
        return seen.contains(RowKeySet.Key(ids), group: Int(ids.0))
    }

    /// The raw interner of each key position (`RowKeySet.Key` order).
    fileprivate func rawInterner<Result>(_ position: Int, _ body: (borrowing ByteInterner) -> Result) -> Result {
        switch position {
        case 0: return body(rawInvoice)
        case 1: return body(rawStock)
        case 2: return body(rawDescription)
        case 3: return body(rawQuantity)
        case 4: return body(rawDate)
        case 5: return body(rawPrice)
        case 6: return body(rawCustomer)
        default: return body(rawCountry)
        }
    }

    /// Hands the appended rows over as a table, dictionaries decoded as `encoding`. The row buffers
    /// and the duplicate set are released as it goes (one column at a time), so the peak holds the
    /// table plus one column, not two copies of every row; counters and quarantine entries remain.
    mutating func takeTable(encoding: DetectedEncoding) -> SalesTable {
        var nothing = CleaningCore(rules: rules, datePatterns: datePatterns)
        return takeTable(encoding: encoding, appending: &nothing, AbsorbPlan())
    }

    /// `takeTable(encoding:)` with the rows of `other` after this core's, remapped and filtered by
    /// `plan` (from `absorb`); `other`'s row buffers are released too.
    mutating func takeTable(encoding: DetectedEncoding, appending other: inout CleaningCore, _ plan: AbsorbPlan) -> SalesTable {
        func strings(_ dictionary: borrowing ByteInterner) -> [String] {
            (0..<dictionary.count).map { TextDecoding.string(dictionary.key(Int32($0)), encoding: encoding) }
        }
        seen = RowKeySet(groupCapacity: 16, keyCapacity: 16)
        other.seen = RowKeySet(groupCapacity: 16, keyCapacity: 16)
        let skip = plan.duplicates
        // Built beside the string columns; the id and value buffers are released after the wait.
        let numbersWait = NumberColumns.start(numberSource, other.numberSource, skipping: skip)
        var table = SalesTable()
        table.invoiceNo = StringColumn(dictionary: strings(outInvoice),
                                       codes: invoiceColumn.takeArray(appending: &other.invoiceColumn, mapping: plan.invoice, skipping: skip))
        table.stockCode = StringColumn(dictionary: strings(outStock),
                                       codes: stockColumn.takeArray(appending: &other.stockColumn, mapping: plan.stock, skipping: skip))
        table.description = StringColumn(dictionary: strings(outDescription),
                                         codes: descriptionColumn.takeArray(appending: &other.descriptionColumn, mapping: plan.description, skipping: skip))
        table.customerId = StringColumn(dictionary: strings(outCustomer),
                                        codes: customerColumn.takeArray(appending: &other.customerColumn, mapping: plan.customer, skipping: skip))
        table.country = StringColumn(dictionary: strings(outCountry),
                                     codes: countryColumn.takeArray(appending: &other.countryColumn, mapping: plan.country, skipping: skip))
        let numbers = numbersWait()
        table.quantity = numbers.quantity
        table.invoiceTs = numbers.invoiceTs
        table.unitPrice = numbers.unitPrice
        table.revenue = numbers.revenue
        quantityIDColumn.removeAll()
        dateIDColumn.removeAll()
        priceIDColumn.removeAll()
        other.quantityIDColumn.removeAll()
        other.dateIDColumn.removeAll()
        other.priceIDColumn.removeAll()
        externalRows = []
        other.externalRows = []
        return table
    }

    /// This core's number columns for `NumberColumns`: valid until its buffers change.
    private var numberSource: NumberColumnSource {
        NumberColumnSource(rows: tableRowCount, quantityIDs: quantityIDColumn.start, dateIDs: dateIDColumn.start,
                           priceIDs: priceIDColumn.start, quantities: quantities.start, dates: dates.start,
                           prices: prices.start, external: externalRows)
    }

    /// The quarantine entries in input order, raw text decoded with `encoding`.
    func quarantineEntries(encoding: DetectedEncoding) -> [QuarantineEntry] {
        quarantineLog.map {
            QuarantineEntry(line: $0.line, reason: $0.reason, raw: TextDecoding.string($0.raw, encoding: encoding))
        }
    }

    /// The counters as a report for `input`.
    func report(input: QualityReport.Input) -> QualityReport {
        let quarantined = self.quarantined
        return QualityReport(rowsRead: rowsRead, rowsClean: rowsClean, dropped: dropped,
                             rowsQuarantined: quarantined.total, quarantined: quarantined, input: input)
    }

    var dropped: ReasonCounts<DropReason> {
        var counts = ReasonCounts<DropReason>()
        for (index, reason) in DropReason.allCases.enumerated() { counts[reason] = droppedCounts[index] }
        return counts
    }

    var quarantined: ReasonCounts<QuarantineReason> {
        var counts = ReasonCounts<QuarantineReason>()
        for (index, reason) in QuarantineReason.allCases.enumerated() { counts[reason] = quarantinedCounts[index] }
        return counts
    }
}

/// Raw ids of one core mapped to another's, per key position, found on first use: -2 not looked up
/// yet, -1 the value never reached the other core.
private struct RawIDMaps {
    private var maps: [[Int32]]

    init(_ core: borrowing CleaningCore) {
        maps = (0..<8).map { position in
            core.rawInterner(position) { [Int32](repeating: -2, count: $0.count) }
        }
    }

    mutating func id(_ position: Int, _ id: Int32, from source: borrowing CleaningCore, into target: borrowing CleaningCore) -> Int32 {
        let known = maps[position][Int(id)]
        if known != -2 { return known }
        let mapped = source.rawInterner(position) { sourceInterner in
            target.rawInterner(position) { $0.existingID(sourceInterner.key(id)) }
        } ?? -1
        maps[position][Int(id)] = mapped
        return mapped
    }
}

/// How `takeTable(encoding:appending:_:)` appends an absorbed core's rows: its kept rows that turned
/// out to be duplicates (ascending), and for each string column the new code of each of its codes.
struct AbsorbPlan {
    var duplicates: [Int] = []
    var invoice: [Int32] = []
    var stock: [Int32] = []
    var description: [Int32] = []
    var customer: [Int32] = []
    var country: [Int32] = []
}
