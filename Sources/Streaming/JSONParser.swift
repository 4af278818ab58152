/// A strict RFC 8259 JSON parser over bytes that reports the line and column of the first error.
///
/// Written for request bodies: numbers keep their text (no binary floating point), and a parse
/// never reads past the buffer and never traps. Input over a limit (`maxDepth`,
/// `maxStringBytes`) is refused with a `.limit` error; the depth limit also bounds the recursion,
/// so no input can exhaust the stack.
public struct JSONParser {
    /// Objects and arrays open at once, at most (a record array holds objects at depth 2).
    public static let maxDepth = 32
    /// UTF-8 bytes in one string, key or number, at most (64 KiB).
    public static let maxStringBytes = 65_536

    let bytes: [UInt8]
    var index: Int
    let end: Int

    init(bytes: [UInt8], start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.index = start
        self.end = end ?? bytes.count
    }

    /// Parses one JSON document that fills `bytes[start..<end]` (surrounding blanks allowed).
    public static func parse(_ bytes: [UInt8], start: Int = 0, end: Int? = nil) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, start: start, end: end)
        parser.skipBlanks()
        let value = try parser.value(depth: 0)
        parser.skipBlanks()
        if parser.index < parser.end { throw parser.error("unexpected '\(parser.printable(parser.bytes[parser.index]))' after the value") }
        return value
    }

    mutating func skipBlanks() {
        while index < end, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    func error(_ message: String, at position: Int? = nil, kind: JSONSyntaxError.Kind = .syntax) -> JSONSyntaxError {
        let offset = min(position ?? index, bytes.count)
        var line = 1, lineStart = 0
        for i in 0..<offset where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return JSONSyntaxError(kind: kind, message: message, offset: offset, line: line, column: offset - lineStart + 1)
    }

    func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }

    /// The value at `index`, inside `depth` open objects and arrays.
    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard index < end else { throw error("unexpected end of input; expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            if depth >= Self.maxDepth {
                throw error("objects and arrays nest deeper than \(Self.maxDepth) levels; the limit is \(Self.maxDepth)", kind: .limit)
            }
        default:
            break
        }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected '\(printable(bytes[index]))'; expected a value")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        let start = index
        guard end - index >= count else { throw error("expected '\(word)'") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw error("expected '\(word)'", at: start)
        }
        index += count
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var entries: [(key: String, value: JSONValue)] = []
        skipBlanks()
        if index < end, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(entries)
        }
        while true {
            skipBlanks()
            guard index < end, bytes[index] == UInt8(ascii: "\"") else { throw error(index < end ? "expected a quoted key" : "unexpected end of input inside an object") }
            let key = try string()
            skipBlanks()
            guard index < end, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            index += 1
            skipBlanks()
            entries.append((key, try value(depth: depth + 1)))
            skipBlanks()
            guard index < end else { throw error("unexpected end of input inside an object; expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(entries) }
            throw error("expected ',' or '}' in an object, got '\(printable(bytes[index]))'")
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipBlanks()
        if index < end, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipBlanks()
            items.append(try value(depth: depth + 1))
            skipBlanks()
            guard index < end else { throw error("unexpected end of input inside an array; expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw error("expected ',' or ']' in an array, got '\(printable(bytes[index]))'")
        }
    }

    mutating func number() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ parser: inout JSONParser) -> Int {
            let from = parser.index
            while parser.index < parser.end, parser.bytes[parser.index] >= 0x30, parser.bytes[parser.index] <= 0x39 { parser.index += 1 }
            return parser.index - from
        }
        let leading = index
        let whole = digits(&self)
        if whole == 0 { throw error("a number needs digits") }
        if whole > 1, bytes[leading] == UInt8(ascii: "0") { throw error("a number cannot start with 0", at: leading) }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            if digits(&self) == 0 { throw error("expected digits after the decimal point") }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            if digits(&self) == 0 { throw error("expected digits in the exponent") }
        }
        try checkLength(index - start, at: start, what: "a number")
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try checkLength(index - start, at: open, what: "a string")
                let text = String(validating: bytes[start..<index], as: UTF8.self)
                guard let text else { throw error("a string holds bytes that are not UTF-8", at: open) }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("a control character must be escaped inside a string") }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try checkLength(buffer.count, at: open, what: "a string")
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else { throw error("a string holds bytes that are not UTF-8", at: open) }
                return text
            }
            if byte < 0x20 { throw error("a control character must be escaped inside a string") }
            if byte != UInt8(ascii: "\\") {
                buffer.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < end else { break }
            switch bytes[index] {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800, scalar < 0xDC00 {
                    guard end - index > 2, bytes[index + 1] == UInt8(ascii: "\\"), bytes[index + 2] == UInt8(ascii: "u") else {
                        throw error("a high surrogate must be followed by a low one")
                    }
                    index += 2
                    let low = try hex4()
                    guard low >= 0xDC00, low < 0xE000 else { throw error("a high surrogate must be followed by a low one") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("\\u escape is not a Unicode scalar") }
                buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw error("unknown escape '\\\(printable(bytes[index]))'")
            }
            index += 1
        }
        throw error("unterminated string", at: open)
    }

    /// Refuses a string or number of `count` bytes over `maxStringBytes`, pointing at its start.
    func checkLength(_ count: Int, at position: Int, what: String) throws(JSONSyntaxError) {
        guard count > Self.maxStringBytes else { return }
        throw error("\(what) of \(count) bytes; the limit is \(Self.maxStringBytes) bytes", at: position, kind: .limit)
    }

    /// Reads the four hex digits after `\u`, leaving `index` on the last one.
    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard end - index > 4 else { throw error("\\u needs four hex digits") }
        var value: UInt32 = 0
        for offset in 1...4 {
            let byte = bytes[index + offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x37)
            case 0x61...0x66: digit = UInt32(byte - 0x57)
            default: throw error("\\u needs four hex digits", at: index + offset)
            }
            value = value << 4 | digit
        }
        index += 4
        return value
    }
}
