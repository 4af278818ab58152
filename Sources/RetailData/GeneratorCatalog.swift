/// The products, customers and countries of one generated file, with their CSV bytes ready.
///
/// Text is held as Latin-1 bytes, already quoted for CSV where needed, so writing a row is
/// only byte copying.
struct GeneratorCatalog {
    struct Product {
        /// StockCode bytes.
        var code: [UInt8]
        /// Description as a CSV field (quoted when it holds a comma or quote).
        var description: [UInt8]
        /// Catalogue price in thousandths.
        var price: Int
    }

    /// The special, non-product stock codes of the real file.
    enum Special: Int, CaseIterable {
        case postage, discount, manual, carriage, dotcomPostage, bankCharges
        case amazonFee, cruk, pads, samples, badDebt

        var code: String {
            switch self {
            case .postage: return "POST"
            case .discount: return "D"
            case .manual: return "M"
            case .carriage: return "C2"
            case .dotcomPostage: return "DOT"
            case .bankCharges: return "BANK CHARGES"
            case .amazonFee: return "AMAZONFEE"
            case .cruk: return "CRUK"
            case .pads: return "PADS"
            case .samples: return "S"
            case .badDebt: return "B"
            }
        }

        var description: String {
            switch self {
            case .postage: return "POSTAGE"
            case .discount: return "Discount"
            case .manual: return "Manual"
            case .carriage: return "CARRIAGE"
            case .dotcomPostage: return "DOTCOM POSTAGE"
            case .bankCharges: return "Bank Charges"
            case .amazonFee: return "AMAZON FEE"
            case .cruk: return "CRUK Commission"
            case .pads: return "PADS TO MATCH ALL CUSHIONS"
            case .samples: return "SAMPLES"
            case .badDebt: return "Adjust bad debt"
            }
        }

        var bit: UInt16 { 1 << UInt16(rawValue) }
    }

    var products: [Product] = []
    var popularity: WeightedTable
    var specialCodes: [[UInt8]] = []
    var specialDescriptions: [[UInt8]] = []
    var customerIDs: [[UInt8]] = []
    var countryNames: [[UInt8]] = []

    init(productCount: Int, customerCount: Int, random: inout DeterministicRandom) {
        products = GeneratorCatalog.makeProducts(count: productCount, random: &random)
        // Zipf-like popularity: the most popular product sells about 0.7% of rows.
        popularity = WeightedTable((0..<products.count).map { 1.0 / Double($0 + 30) })
        specialCodes = Special.allCases.map { Latin1Text.bytes($0.code) }
        specialDescriptions = Special.allCases.map { Latin1Text.csvField($0.description) }
        customerIDs = GeneratorCatalog.makeCustomerIDs(count: customerCount, random: &random)
        countryNames = OnlineRetailReference.countries.map { Latin1Text.csvField($0.name) }
    }

    /// Distinct ids from the real range 12346...18287, in a shuffled order.
    private static func makeCustomerIDs(count: Int, random: inout DeterministicRandom) -> [[UInt8]] {
        let low = 12_346
        var span = 18_287 - low + 1
        if count > span { span = count }
        var chosen: [Int] = []
        chosen.reserveCapacity(count)
        var needed = count
        var candidate = 0
        // Knuth's selection sampling: every subset of the range is equally likely.
        while needed > 0 && candidate < span {
            if random.below(span - candidate) < needed {
                chosen.append(low + candidate)
                needed -= 1
            }
            candidate += 1
        }
        random.shuffle(&chosen)
        return chosen.map { Array(String($0).utf8) }
    }

    private static func makeProducts(count: Int, random: inout DeterministicRandom) -> [Product] {
        var products: [Product] = []
        products.reserveCapacity(count)
        var usedCodes = Set<String>()
        var usedDescriptions = Set<String>()
        let voucherValues = [10, 20, 30, 40, 50]
        let vouchers = count >= 200 ? voucherValues.count : 0
        for index in 0..<count {
            if index < vouchers {
                let value = voucherValues[index]
                let code = "gift_0001_\(value)"
                let text = "Dotcomgiftshop Gift Voucher £\(value).00"
                usedCodes.insert(code)
                products.append(Product(code: Latin1Text.bytes(code), description: Latin1Text.csvField(text),
                                        price: value * 851))
                continue
            }
            var code: String
            repeat {
                let number = random.between(10_002, 90_214)
                let suffixDraw = random.below(100)
                let suffix = suffixDraw < 74 ? "" : String(UnicodeScalar(UInt8(65 + (suffixDraw - 74) % 8)))
                code = "\(number)\(suffix)"
            } while !usedCodes.insert(code).inserted
            var text: String
            var attempts = 0
            repeat {
                text = ProductNames.make(random: &random)
                attempts += 1
                if attempts > 20 { text += " \(index)" }
            } while !usedDescriptions.insert(text).inserted
            if random.below(100) < 3 { text += " " }  // the real file has trailing blanks
            let price = ProductNames.pricePoints[ProductNames.pricePointTable.draw(&random)] * 10
            products.append(Product(code: Latin1Text.bytes(code), description: Latin1Text.csvField(text), price: price))
        }
        // Move the vouchers away from the most popular ranks.
        if vouchers > 0 && products.count > vouchers * 100 {
            for index in 0..<vouchers {
                products.swapAt(index, products.count - 1 - index * 50)
            }
        }
        return products
    }
}
