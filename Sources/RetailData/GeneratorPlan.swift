/// The invoice-level plan of a generated file: how many invoices of each kind, when, for whom,
/// how many rows each and which of them carry special codes, free items or duplicate rows.
///
/// Every population in `OnlineRetailStatistics` is placed here with an exact count, so the file
/// matches the published figures by construction rather than by luck.
struct GeneratorPlan {
    enum Kind: UInt8 {
        /// A normal sale to a known customer.
        case customerSale
        /// A web-shop sale without CustomerID (carries a `DOT` postage row).
        case guestSale
        /// A `C`-prefixed cancellation: negative quantities.
        case cancellation
        /// A stock adjustment: one row, negative quantity, price 0, no customer.
        case adjustment
        /// One row, positive quantity, price 0, no customer.
        case zeroPriceGuest
        /// One of the three `A` rows.
        case badDebt
    }

    struct Invoice {
        var kind: Kind
        var minute: Int = 0          // minutes since 1970-01-01T00:00 local time
        var number = 0
        var country = 0
        var customer = -1            // index into the catalogue's customer ids, -1 = none
        var size = 1
        var specials: UInt16 = 0     // bit set of GeneratorCatalog.Special
        var specialCount = 0
        var frees = 0
        var duplicates = 0
        var coverage = 0             // how many products from the coverage list this invoice takes
        var nullDescription = false
        var badDebtIndex = 0

        init(kind: Kind) { self.kind = kind }

        /// Rows left for regular products.
        var regularRows: Int { size - specialCount - frees - duplicates }
    }

    struct Counts {
        var rows = 0
        var badDebt = 0
        var cancellations = 0, cancellationRows = 0
        var adjustments = 0
        var zeroPriceGuests = 0, zeroPriceCustomerRows = 0
        var nullDescriptions = 0
        var guestSales = 0, guestRows = 0
        var customerSales = 0, customerRows = 0
        var products = 0, customers = 0
        var duplicatesCustomer = 0, duplicatesGuest = 0, duplicatesCancellation = 0
        var maxInvoiceRows = 1_100
        var specialsCustomer: [(GeneratorCatalog.Special, Int)] = []
        var specialsCancellation: [(GeneratorCatalog.Special, Int)] = []
        var withSpecialPopulations = true
    }

    var counts: Counts
    var invoices: [Invoice] = []
    /// Products in the order the coverage slots take them, so every product appears at least once.
    var coverageOrder: [Int] = []

    init(rows: Int, random: inout DeterministicRandom) {
        counts = GeneratorPlan.counts(rows: rows)
        guard rows > 0 else { return }
        makeInvoices(random: &random)
        assignTimes(random: &random)
        assignNumbers(random: &random)
        assignSizes(random: &random)
        assignCustomers(random: &random)
        assignSpecials(random: &random)
        assignDuplicates(random: &random)
        assignNullDescriptions(random: &random)
        assignCoverage(random: &random)
    }

    // MARK: Counts

    static func counts(rows: Int) -> Counts {
        var c = Counts()
        c.rows = max(0, rows)
        let factor = Double(c.rows) / Double(OnlineRetailReference.rows)
        func scaled(_ value: Int) -> Int { Int((Double(value) * factor).rounded()) }
        c.products = max(min(c.rows, 300), scaled(4_059))
        c.maxInvoiceRows = max(1, min(1_100, c.products / 2))
        c.withSpecialPopulations = c.rows >= 200
        guard c.withSpecialPopulations else {
            c.customerRows = c.rows
            c.customerSales = c.rows == 0 ? 0 : max(1, min(c.rows, (c.rows + 20) / 21))
            c.customers = max(c.customerSales == 0 ? 0 : 1, min(c.customerSales, scaled(4_372)))
            return c
        }
        c.badDebt = c.rows >= 1_000 ? 3 : 0
        c.cancellations = max(1, scaled(3_836))
        c.cancellationRows = max(c.cancellations, scaled(9_288))
        c.adjustments = scaled(1_336)
        c.zeroPriceGuests = scaled(1_139)
        c.zeroPriceCustomerRows = scaled(40)
        c.nullDescriptions = min(c.adjustments + c.zeroPriceGuests, scaled(1_454))
        c.guestRows = max(0, scaled(135_080) - c.adjustments - c.zeroPriceGuests - c.badDebt)
        c.guestSales = c.guestRows == 0 ? 0 : max(1, scaled(710), (c.guestRows + c.maxInvoiceRows - 1) / c.maxInvoiceRows)
        c.guestRows = max(c.guestRows, 2 * c.guestSales)
        c.customerRows = c.rows - c.badDebt - c.cancellationRows - c.adjustments - c.zeroPriceGuests - c.guestRows
        c.customerSales = max(1, scaled(18_876), (c.customerRows + c.maxInvoiceRows - 1) / c.maxInvoiceRows)
        c.customers = max(1, min(c.customerSales + c.cancellations, scaled(4_372)))
        c.duplicatesCustomer = scaled(5_148)
        c.duplicatesGuest = scaled(60)
        c.duplicatesCancellation = scaled(60)
        c.specialsCustomer = [
            (.postage, scaled(1_150)), (.manual, scaled(320)), (.carriage, scaled(144)),
            (.bankCharges, scaled(25)), (.pads, max(1, scaled(4))), (.samples, scaled(2)),
        ]
        c.specialsCancellation = [
            (.postage, scaled(106)), (.manual, scaled(251)), (.discount, max(1, scaled(77))),
            (.bankCharges, max(1, scaled(12))), (.amazonFee, max(1, scaled(34))), (.cruk, max(1, scaled(16))),
            (.samples, max(1, scaled(61))),
        ]
        return c
    }
}
