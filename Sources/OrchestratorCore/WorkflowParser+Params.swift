extension WorkflowParser {
    /// Reads `params` and checks the templates in their values as task templates are checked:
    /// well-formed, naming declared params, no task or output references, and no cycles.
    mutating func params(_ entries: [ConfigEntry]) -> [(name: String, value: String)] {
        let params = stringMap("params", in: entries)
        guard !params.isEmpty, let pairs = value("params", in: entries)?.entries else { return params }
        let locations = Dictionary(pairs.map { ($0.key, $0.value.location) }, uniquingKeysWith: { first, _ in first })
        let names = params.map(\.name)
        var valid = true
        for (name, text) in params {
            let location = locations[name] ?? .start
            let references: [TemplateReference]
            do throws(TemplateError) {
                references = try Template.references(in: text)
            } catch {
                diagnostics.error("\(error)", at: location)
                valid = false
                continue
            }
            for reference in references {
                switch reference {
                case .param(let other) where !names.contains(other):
                    diagnostics.error("param '\(name)' uses undefined param '\(other)'\(Suggestion.hint(for: other, in: names)); declare it under 'params'", at: location)
                    valid = false
                case .task, .output:
                    diagnostics.error("param '\(name)' uses a task reference; params can use only params.NAME, env.NAME and run.* references", at: location)
                    valid = false
                default:
                    break
                }
            }
        }
        if valid, let problem = ParamExpander.firstProblem(params) {
            diagnostics.error("\(problem.error)", at: locations[problem.name] ?? .start)
        }
        return params
    }
}
