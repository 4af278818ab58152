/// Word lists and price points for made-up gift-shop products in the style of the real catalogue.
enum ProductNames {
    static let prefixes = [
        "", "", "", "", "", "SET OF 3 ", "SET OF 6 ", "SET 2 ", "PACK OF 12 ", "SMALL ", "LARGE ", "JUMBO ", "MINI ",
    ]
    static let colours = [
        "RED", "PINK", "BLUE", "GREEN", "WHITE", "IVORY", "BLACK", "CREAM", "PURPLE", "ORANGE", "YELLOW",
        "SILVER", "GOLD", "ANTIQUE SILVER", "PASTEL", "RETRO", "VINTAGE", "ZINC", "GLASS", "WOODEN",
    ]
    static let themes = [
        "HEART", "SPOTTY", "CHRISTMAS", "UNION JACK", "PAISLEY", "REGENCY", "ROSE", "BIRD", "OWL", "LOVE",
        "BAROQUE", "POLKADOT", "STRIPE", "FLORAL", "SKULL", "DOLLY GIRL", "SPACEBOY", "WOODLAND", "JUNGLE",
        "PARIS", "LONDON", "ENGLISH ROSE", "ALPHABET", "HANGING", "SNOWFLAKE", "STAR", "BUTTERFLY",
        "CHERRY", "APPLE", "LAVENDER", "FAIRY CAKE", "TEA PARTY", "GINGHAM", "SCANDINAVIAN",
    ]
    /// Themes with non-ASCII letters, all inside Latin-1.
    static let accentedThemes = ["CAFÉ", "CRÈME BRÛLÉE", "NOËL", "PAPIER MÂCHÉ", "FIANCÉE", "SMÖRGÅSBORD"]
    static let products = [
        "T-LIGHT HOLDER", "LUNCH BAG", "JUMBO BAG", "CAKE CASES", "MUG", "TEA TOWEL", "NAPKINS", "PHOTO FRAME",
        "CUSHION COVER", "DOORMAT", "WATER BOTTLE", "NOTEBOOK", "PARASOL", "BUNTING", "LANTERN", "CANDLE",
        "GIFT WRAP", "WALL CLOCK", "DOORSTOP", "PURSE", "KEY RING", "BOWL", "PLATE", "TRINKET BOX",
        "CHALKBOARD", "STORAGE TIN", "SEWING KIT", "SIGN", "GARLAND", "WREATH", "RIBBONS", "CAKE STAND",
        "TEAPOT", "EGG CUP", "BAKING SET", "PENCILS", "STICKERS", "SNACK BOX", "BACKPACK", "APRON",
        "OVEN GLOVE", "HOT WATER BOTTLE", "COASTER", "JAM JAR", "DRAWER KNOB", "HOOK", "FAIRY LIGHTS",
        "PAPER CHAIN KIT", "PLAYING CARDS", "BIRTHDAY CARD",
    ]
    static let commaTails = [", ASSORTED", ", SET OF 4", ", BOXED", ", LARGE", ", ASSORTED COLOURS"]
    static let quotedSlogans = ["HOME SWEET HOME", "KEEP CALM", "TEA TIME", "GONE FISHING", "LOVE", "NO SINGING"]

    /// A product name such as `SET OF 3 PINK HEART CAKE CASES`, sometimes with a comma, quotes or accents.
    static func make(random: inout DeterministicRandom) -> String {
        let prefix = prefixes[random.below(prefixes.count)]
        let colour = colours[random.below(colours.count)]
        let product = products[random.below(products.count)]
        let roll = random.below(1000)
        if roll < 3 {
            let theme = accentedThemes[random.below(accentedThemes.count)]
            return "\(prefix)\(colour) \(theme) \(product)"
        }
        let theme = themes[random.below(themes.count)]
        if roll < 15 {
            return "\(prefix)\(colour) \(theme) \(product)\(commaTails[random.below(commaTails.count)])"
        }
        if roll < 20 {
            return "\(colour) \(product) \"\(quotedSlogans[random.below(quotedSlogans.count)])\""
        }
        return "\(prefix)\(colour) \(theme) \(product)"
    }

    /// Typical catalogue prices, in pence.
    static let pricePoints = [
        29, 36, 39, 42, 55, 65, 72, 79, 83, 85, 95, 125, 145, 165, 169, 195, 210, 250, 255, 295,
        325, 375, 425, 495, 595, 625, 750, 795, 850, 995, 1275, 1495, 1695, 2495, 3995,
    ]
    static let pricePointTable = WeightedTable([
        2, 2, 4, 5, 6, 6, 3, 4, 4, 8, 3, 10, 8, 10, 5, 6, 6, 5, 6, 7,
        4, 5, 6, 5, 3, 2, 2, 3, 2, 3, 1, 1, 1, 0.5, 0.2,
    ])
}
