/// Turns cron text into one bit mask per field, reporting errors with their 1-based column.
enum CronParser {
    struct Parsed {
        var source: String
        var masks: [UInt64]  // indexed by CronField.rawValue
        var stars: [Bool]    // whether the field starts with `*`
    }

    /// A run of non-blank characters and the column of its first character.
    struct Token {
        var text: [Character]
        var column: Int
        var string: String { String(text) }
    }

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    static func parse(_ text: String) throws(CronParseError) -> Parsed {
        let tokens = split(text)
        guard let first = tokens.first else { throw .empty }
        let source = tokens.map(\.string).joined(separator: " ")

        if first.text.first == "@" {
            guard let expansion = macros[first.string.lowercased()] else {
                throw .unknownMacro(first.string, column: first.column)
            }
            if tokens.count > 1 { throw .textAfterMacro(first.string, column: tokens[1].column) }
            var parsed = try parse(expansion)
            parsed.source = source
            return parsed
        }

        guard tokens.count == 5 else {
            throw .wrongFieldCount(found: tokens.count, column: tokens.count > 5 ? tokens[5].column : first.column)
        }
        var masks: [UInt64] = []
        var stars: [Bool] = []
        for field in CronField.allCases {
            let token = tokens[field.rawValue]
            masks.append(try parseField(token, as: field))
            stars.append(token.text.first == "*")
        }
        return Parsed(source: source, masks: masks, stars: stars)
    }

    static func split(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current: [Character] = []
        var start = 0
        for (offset, character) in text.enumerated() {
            if character.isWhitespace {
                if !current.isEmpty { tokens.append(Token(text: current, column: start + 1)) }
                current = []
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(Token(text: current, column: start + 1)) }
        return tokens
    }

    /// Splits `token` at every `separator`, keeping each part's column.
    static func pieces(of token: Token, separatedBy separator: Character) -> [Token] {
        var parts: [Token] = []
        var current: [Character] = []
        var start = token.column
        for (offset, character) in token.text.enumerated() {
            if character == separator {
                parts.append(Token(text: current, column: start))
                current = []
                start = token.column + offset + 1
            } else {
                current.append(character)
            }
        }
        parts.append(Token(text: current, column: start))
        return parts
    }

    static func parseField(_ token: Token, as field: CronField) throws(CronParseError) -> UInt64 {
        var mask: UInt64 = 0
        for item in pieces(of: token, separatedBy: ",") {
            guard !item.text.isEmpty else {
                throw .badField(field, value: token.string, problem: .emptyItem, column: item.column)
            }
            mask |= try parseItem(item, as: field)
        }
        return mask
    }

    /// One list item: `*`, `v`, `a-b`, each optionally followed by `/step`.
    static func parseItem(_ item: Token, as field: CronField) throws(CronParseError) -> UInt64 {
        let slashParts = pieces(of: item, separatedBy: "/")
        guard slashParts.count <= 2 else {
            throw .badField(field, value: item.string, problem: .invalidStep, column: item.column)
        }
        let base = slashParts[0]
        var step = 1
        if slashParts.count == 2 {
            let stepText = slashParts[1]
            let size = field.starMaximum - field.minimum + 1
            guard let value = number(stepText.text), (1...size).contains(value) else {
                throw .badField(field, value: item.string, problem: .invalidStep, column: item.column)
            }
            step = value
        }

        let low: Int
        let high: Int
        if base.text == ["*"] {
            (low, high) = (field.minimum, field.starMaximum)
        } else {
            let dashParts = pieces(of: base, separatedBy: "-")
            if dashParts.contains(where: { $0.text.isEmpty }) {
                // `/5`, `-5`, `5-`: report the whole item, since the missing part has no text.
                throw .badField(field, value: item.string, problem: .invalidValue, column: item.column)
            }
            switch dashParts.count {
            case 1:
                low = try value(dashParts[0], as: field)
                // `a/n` runs from a to the end of the field.
                high = slashParts.count == 2 ? max(low, field.starMaximum) : low
            case 2:
                low = try value(dashParts[0], as: field)
                high = try value(dashParts[1], as: field)
                guard low <= high else {
                    throw .badField(field, value: base.string, problem: .reversedRange, column: base.column)
                }
            default:
                // `1-2-3`: the part after the first dash is not a value.
                let rest = Token(text: Array(base.text.drop { $0 != "-" }.dropFirst()), column: dashParts[1].column)
                throw .badField(field, value: rest.string, problem: .invalidValue, column: rest.column)
            }
        }

        var mask: UInt64 = 0
        for value in stride(from: low, through: high, by: step) {
            let bit = field == .dayOfWeek && value == 7 ? 0 : value
            mask |= 1 << UInt64(bit)
        }
        return mask
    }

    /// A number within the field's range, or one of its names (any case).
    static func value(_ token: Token, as field: CronField) throws(CronParseError) -> Int {
        if let value = number(token.text), (field.minimum...field.maximum).contains(value) { return value }
        if let value = field.names[token.string.uppercased()] { return value }
        throw .badField(field, value: token.string, problem: .invalidValue, column: token.column)
    }

    /// The value of one to four ASCII digits.
    static func number(_ text: [Character]) -> Int? {
        guard (1...4).contains(text.count) else { return nil }
        var value = 0
        for character in text {
            guard character.isASCII, let digit = character.wholeNumberValue else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
