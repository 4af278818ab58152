/// Finds and fills in `${...}` references in workflow strings. `$${` writes a literal `${`.
public enum Template {
    /// A piece of a parsed template string.
    enum Piece {
        case text(Substring)
        case reference(TemplateReference, body: String)
    }

    static func pieces(_ text: String) throws(TemplateError) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            let afterDollar = rest.index(after: dollar)
            if rest[afterDollar...].hasPrefix("${") {  // `$${` escape
                pieces.append(.text(rest[..<dollar]))
                pieces.append(.text("${"))
                rest = rest[rest.index(afterDollar, offsetBy: 2)...]
                continue
            }
            guard rest[afterDollar...].hasPrefix("{") else {
                pieces.append(.text(rest[...dollar]))
                rest = rest[afterDollar...]
                continue
            }
            let bodyStart = rest.index(after: afterDollar)
            guard let close = rest[bodyStart...].firstIndex(of: "}") else { throw .unterminated(text: text) }
            let body = String(rest[bodyStart..<close])
            if body.contains(".") {
                pieces.append(.text(rest[..<dollar]))
                pieces.append(.reference(try TemplateReference(parsing: body), body: body))
            } else {
                pieces.append(.text(rest[...close]))  // a shell variable such as ${HOME}
            }
            rest = rest[rest.index(after: close)...]
        }
        pieces.append(.text(rest))
        return pieces
    }

    /// Every template reference in `text`.
    public static func references(in text: String) throws(TemplateError) -> [TemplateReference] {
        try pieces(text).compactMap { piece in
            if case .reference(let reference, _) = piece { return reference }
            return nil
        }
    }

    /// `text` with each reference replaced by what `resolve` returns for it.
    public static func render(_ text: String, resolve: (TemplateReference) -> String?) throws(TemplateError) -> String {
        var result = ""
        for piece in try pieces(text) {
            switch piece {
            case .text(let literal):
                result += literal
            case .reference(let reference, let body):
                guard let value = resolve(reference) else {
                    throw .unresolved(reference: body, reason: "no value")
                }
                result += value
            }
        }
        return result
    }
}
