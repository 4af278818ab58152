/// An element of a small S3 XML reply: name, child elements and text. Attributes, comments
/// and processing instructions are skipped; the five named entities and numeric ones decoded.
struct XMLNode: Sendable, Equatable {
    var name: String
    var children: [XMLNode] = []
    var text: String = ""

    /// The first child named `name`.
    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// Every child named `name`.
    func all(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The text of the first child named `name`.
    func value(_ name: String) -> String? { child(name)?.text }

    enum ParseError: Error, CustomStringConvertible {
        case malformed(offset: Int, reason: String)
        var description: String {
            switch self { case .malformed(let offset, let reason): "\(reason) at byte \(offset)" }
        }
    }

    /// The document's root element.
    static func parse(_ bytes: [UInt8]) throws(ParseError) -> XMLNode {
        var index = 0
        var stack: [XMLNode] = []
        var root: XMLNode?
        func fail(_ reason: String) -> ParseError { .malformed(offset: index, reason: reason) }
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard needle.count <= bytes.count else { return nil }
            var i = start
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle { return i }
                i += 1
            }
            return nil
        }
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let end = bytes[index...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                if !stack.isEmpty { stack[stack.count - 1].text += decodeEntities(String(decoding: bytes[index..<end], as: UTF8.self)) }
                index = end
                continue
            }
            if bytes[index...].starts(with: Array("<?".utf8)) {
                guard let end = find(Array("?>".utf8), from: index) else { throw fail("unterminated declaration") }
                index = end + 2
            } else if bytes[index...].starts(with: Array("<!--".utf8)) {
                guard let end = find(Array("-->".utf8), from: index) else { throw fail("unterminated comment") }
                index = end + 3
            } else if bytes[index...].starts(with: Array("<![CDATA[".utf8)) {
                guard let end = find(Array("]]>".utf8), from: index) else { throw fail("unterminated CDATA") }
                if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: bytes[(index + 9)..<end], as: UTF8.self) }
                index = end + 3
            } else {
                guard let end = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { throw fail("unterminated tag") }
                var tag = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                index = end + 1
                if tag.hasPrefix("/") {
                    let name = String(tag.dropFirst()).trimmingWhitespace
                    guard let open = stack.popLast(), open.name == name else { throw fail("unexpected closing tag </\(name)>") }
                    if stack.isEmpty { root = open } else { stack[stack.count - 1].children.append(open) }
                    continue
                }
                let selfClosing = tag.hasSuffix("/")
                if selfClosing { tag.removeLast() }
                let name = String(tag.prefix { !$0.isWhitespace })
                guard !name.isEmpty else { throw fail("empty tag name") }
                let node = XMLNode(name: name)
                if selfClosing {
                    if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
                } else {
                    stack.append(node)
                }
            }
        }
        guard stack.isEmpty, let root else { throw .malformed(offset: index, reason: "document ends before its root element closes") }
        return root
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let scalar: UInt32? = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let scalar, let character = Unicode.Scalar(scalar) { out.unicodeScalars.append(character) } else { out += "&\(entity);" }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// `text` with `&`, `<`, `>`, quotes escaped for an XML element body.
    var xmlEscaped: String {
        var out = ""
        for character in self {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
