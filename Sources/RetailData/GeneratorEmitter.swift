/// Writes the rows of a `GeneratorPlan` as CSV bytes (Latin-1, CRLF), invoice by invoice.
struct GeneratorEmitter {
    private enum Token {
        case regular(Int)      // index into this invoice's regular products
        case free(Int)         // index into this invoice's free products
        case special(GeneratorCatalog.Special)
        case duplicate(Int)    // repeats regular row `Int`
    }

    private let catalog: GeneratorCatalog
    private let plan: GeneratorPlan
    private var random: DeterministicRandom
    private var lastUse: [Int]
    private var coverageCursor = 0
    private(set) var rowsWritten = 0

    init(catalog: GeneratorCatalog, plan: GeneratorPlan, random: DeterministicRandom) {
        self.catalog = catalog
        self.plan = plan
        self.random = random
        lastUse = [Int](repeating: -1, count: catalog.products.count)
    }

    static let header = Array("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n".utf8)

    mutating func write(to writer: ByteFileWriter) throws {
        writer.append(GeneratorEmitter.header)
        for (serial, invoice) in plan.invoices.enumerated() {
            emit(invoice, serial: serial, to: writer)
            try writer.flushIfNeeded()
        }
    }

    /// The bytes every row of an invoice shares, prepared once per invoice.
    private struct RowContext {
        /// `InvoiceNo,`
        var prefix: [UInt8]
        /// `,InvoiceDate,`
        var middle: [UInt8]
        /// `,CustomerID,Country` CRLF
        var suffix: [UInt8]
    }

    private mutating func emit(_ invoice: GeneratorPlan.Invoice, serial: Int, to writer: ByteFileWriter) {
        var invoiceText: [UInt8] = []
        switch invoice.kind {
        case .cancellation: invoiceText = [UInt8(ascii: "C")]
        case .badDebt: invoiceText = [UInt8(ascii: "A")]
        default: break
        }
        invoiceText += Array(String(invoice.number).utf8)
        let scratch = ByteFileWriter.memory()
        scratch.append(UInt8(ascii: ","))
        scratch.appendRetailDate(minutes: invoice.minute)
        scratch.append(UInt8(ascii: ","))
        let middle = scratch.buffer
        let customer = invoice.customer >= 0 && invoice.customer < catalog.customerIDs.count ? catalog.customerIDs[invoice.customer] : []
        let context = RowContext(
            prefix: invoiceText + [UInt8(ascii: ",")],
            middle: middle,
            suffix: [UInt8(ascii: ",")] + customer + [UInt8(ascii: ",")] + catalog.countryNames[invoice.country] + [13, 10])
        switch invoice.kind {
        case .badDebt:
            let price = OnlineRetailReference.badDebtAmount * (invoice.badDebtIndex == 0 ? 1 : -1)
            row(context, code: catalog.specialCodes[GeneratorCatalog.Special.badDebt.rawValue],
                description: catalog.specialDescriptions[GeneratorCatalog.Special.badDebt.rawValue],
                quantity: 1, price: price, to: writer)
        case .adjustment, .zeroPriceGuest:
            let product = catalog.products[catalog.popularity.draw(&random)]
            let negative = invoice.kind == .adjustment
            let description: [UInt8]
            if invoice.nullDescription {
                description = []
            } else if negative || random.chance(0.3) {
                let notes = negative ? GeneratorQuantities.adjustmentNotes : GeneratorQuantities.zeroPriceNotes
                description = Latin1Text.csvField(notes[random.below(notes.count)])
            } else {
                description = product.description
            }
            let quantity = GeneratorQuantities.draw(GeneratorQuantities.adjustment, &random)
            row(context, code: product.code, description: description,
                quantity: negative ? -quantity : quantity, price: 0, to: writer)
        case .customerSale, .guestSale, .cancellation:
            emitMultiRow(invoice, serial: serial, context: context, to: writer)
        }
    }

    private mutating func pickProduct(serial: Int) -> Int {
        for _ in 0..<64 {
            let index = catalog.popularity.draw(&random)
            if lastUse[index] != serial { lastUse[index] = serial; return index }
        }
        // Very large invoices: walk to the next unused product.
        var index = catalog.popularity.draw(&random)
        for _ in 0..<catalog.products.count where lastUse[index] == serial {
            index = (index + 1) % catalog.products.count
        }
        lastUse[index] = serial
        return index
    }

    private mutating func emitMultiRow(_ invoice: GeneratorPlan.Invoice, serial: Int, context: RowContext,
                                       to writer: ByteFileWriter) {
        let regularCount = max(0, invoice.regularRows)
        var regulars: [Int] = []
        regulars.reserveCapacity(regularCount)
        for _ in 0..<min(invoice.coverage, regularCount) where coverageCursor < plan.coverageOrder.count {
            let index = plan.coverageOrder[coverageCursor]
            coverageCursor += 1
            lastUse[index] = serial
            regulars.append(index)
        }
        while regulars.count < regularCount { regulars.append(pickProduct(serial: serial)) }
        let frees = (0..<invoice.frees).map { _ in pickProduct(serial: serial) }

        var body: [Token] = regulars.indices.map { .regular($0) } + frees.indices.map { .free($0) }
        random.shuffle(&body)
        var postage = false
        var dotcom = false
        for special in GeneratorCatalog.Special.allCases where invoice.specials & special.bit != 0 {
            switch special {
            case .postage where invoice.kind != .cancellation: postage = true
            case .dotcomPostage: dotcom = true
            default: body.insert(.special(special), at: random.below(body.count + 1))
            }
        }
        var tokens: [Token] = postage ? [.special(.postage)] : []
        tokens += body
        if dotcom { tokens.append(.special(.dotcomPostage)) }
        if !regulars.isEmpty {
            for _ in 0..<invoice.duplicates {
                let original = random.below(regulars.count)
                let position = tokens.firstIndex {
                    if case .regular(original) = $0 { return true }
                    return false
                } ?? 0
                tokens.insert(.duplicate(original), at: position + 1 + random.below(tokens.count - position))
            }
        }

        var ranges = [Range<Int>](repeating: 0..<0, count: regulars.count)
        for token in tokens {
            switch token {
            case .regular(let slot):
                let product = catalog.products[regulars[slot]]
                let (quantity, price) = regularValues(product, kind: invoice.kind)
                let start = writer.buffer.count
                row(context, code: product.code, description: product.description, quantity: quantity,
                    price: price, to: writer)
                ranges[slot] = start..<writer.buffer.count
            case .free(let slot):
                let product = catalog.products[frees[slot]]
                let quantity = GeneratorQuantities.draw(GeneratorQuantities.customer, &random)
                row(context, code: product.code, description: product.description, quantity: quantity,
                    price: 0, to: writer)
            case .special(let special):
                let values = GeneratorQuantities.special(special, negative: invoice.kind == .cancellation,
                                                         random: &random)
                row(context, code: catalog.specialCodes[special.rawValue],
                    description: catalog.specialDescriptions[special.rawValue],
                    quantity: values.quantity, price: values.price, to: writer)
            case .duplicate(let slot):
                writer.appendCopy(of: ranges[slot])
                rowsWritten += 1
            }
        }
    }

    private mutating func regularValues(_ product: GeneratorCatalog.Product,
                                        kind: GeneratorPlan.Kind) -> (Int, Int) {
        switch kind {
        case .guestSale:
            let quantity = GeneratorQuantities.draw(GeneratorQuantities.guest, &random)
            return (quantity, (product.price * 168 + 500) / 1_000 * 10)
        case .cancellation:
            return (-GeneratorQuantities.draw(GeneratorQuantities.cancellation, &random), product.price)
        default:
            let quantity = GeneratorQuantities.draw(GeneratorQuantities.customer, &random)
            if quantity >= 24 && product.price >= 400 {
                return (quantity, (product.price * 85 + 500) / 1_000 * 10)
            }
            return (quantity, product.price)
        }
    }

    private mutating func row(_ context: RowContext, code: [UInt8], description: [UInt8], quantity: Int,
                              price: Int, to writer: ByteFileWriter) {
        writer.append(context.prefix)
        writer.append(code)
        writer.append(UInt8(ascii: ","))
        writer.append(description)
        writer.append(UInt8(ascii: ","))
        writer.appendInteger(quantity)
        writer.append(context.middle)
        writer.appendPrice(thousandths: price)
        writer.append(context.suffix)
        rowsWritten += 1
    }
}
