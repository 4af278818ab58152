/// Fills in the templates inside param values, so that a param can be built from other params
/// (`out: "${params.root}/out"`), the environment and the run's fields.
///
/// Cycles, chains deeper than ``maximumDepth`` and expansions longer than ``maximumLength`` bytes
/// in all are errors, so a hostile file cannot make expansion loop or grow without bound.
public struct ParamExpander {
    /// The longest chain of params referring to params.
    public static let maximumDepth = 32
    /// The most bytes all expanded params may take together: 1 MiB.
    public static let maximumLength = 1 << 20

    let raw: [String: String]
    let resolve: (TemplateReference) -> String?
    var expanded: [String: String] = [:]
    var depths: [String: Int] = [:]
    var length = 0

    /// `params` with every reference filled in; `resolve` answers every reference but `params.NAME`.
    public static func expand(_ params: [String: String],
                              resolve: @escaping (TemplateReference) -> String?) throws(TemplateError) -> [String: String] {
        var expander = ParamExpander(raw: params, resolve: resolve)
        for name in params.keys.sorted() { _ = try expander.value(of: name, path: []) }
        return expander.expanded
    }

    /// The expansion of the params in `order`, stopping at the first problem: the param whose
    /// expansion failed and why. Used by validation, with placeholders for non-param references.
    static func firstProblem(_ params: [(name: String, value: String)]) -> (name: String, error: TemplateError)? {
        let raw = Dictionary(params.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        var expander = ParamExpander(raw: raw, resolve: { _ in "" })
        for (name, _) in params {
            do throws(TemplateError) {
                _ = try expander.value(of: name, path: [])
            } catch {
                return (name, error)
            }
        }
        return nil
    }

    /// The expansion of `name`, reached through `path`. A param's depth (the longest chain of
    /// params below it) is kept with its value, so the limit holds whatever order params expand in.
    mutating func value(of name: String, path: [String]) throws(TemplateError) -> String {
        try expand(name, path: path).value
    }

    mutating func expand(_ name: String, path: [String]) throws(TemplateError) -> (value: String, depth: Int) {
        if let done = expanded[name], let depth = depths[name] { return (done, depth) }
        if let start = path.firstIndex(of: name) { throw .paramCycle(Array(path[start...]) + [name]) }
        guard let text = raw[name] else { throw .unresolved(reference: "params.\(name)", reason: "no such param") }
        var result = ""
        var depth = 0
        for piece in try Template.pieces(text) {
            switch piece {
            case .text(let literal):
                result += literal
            case .reference(.param(let other), _):
                let inner = try expand(other, path: path + [name])
                depth = max(depth, inner.depth + 1)
                guard depth <= Self.maximumDepth else { throw .paramTooDeep(name) }
                result += inner.value
            case .reference(let reference, let body):
                guard let value = resolve(reference) else {
                    throw .unresolved(reference: body, reason: "params can use only params.NAME, env.NAME and run.* references")
                }
                result += value
            }
            guard length + result.utf8.count <= Self.maximumLength else { throw .paramTooLong(path.first ?? name) }
        }
        length += result.utf8.count
        expanded[name] = result
        depths[name] = depth
        return (result, depth)
    }
}
