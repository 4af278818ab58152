/// Checks what spans tasks: unique ids, dependencies, cycles and template references.
struct WorkflowValidator {
    var diagnostics: DiagnosticCollector

    mutating func validate(_ workflow: Workflow) {
        var seen: [String: SourceLocation] = [:]
        for task in workflow.tasks where !task.id.isEmpty {
            if let first = seen[task.id] {
                diagnostics.error("duplicate task id '\(task.id)' (first defined at line \(first.line))", at: task.location)
            } else {
                seen[task.id] = task.location
            }
        }
        let ids = workflow.tasks.map(\.id)
        for task in workflow.tasks {
            for dependency in task.dependsOn {
                if dependency == task.id {
                    diagnostics.error("task '\(task.id)' depends on itself", at: task.location)
                } else if seen[dependency] == nil {
                    diagnostics.error("task '\(task.id)' depends on unknown task '\(dependency)'\(Suggestion.hint(for: dependency, in: ids))", at: task.location)
                }
            }
        }
        let dag = DAG(tasks: workflow.tasks)
        if let cycle = dag.findCycle() {
            let location = seen[cycle[0]] ?? .start
            diagnostics.error("dependency cycle: \(cycle.joined(separator: " -> "))", at: location)
        }
        checkTemplates(workflow, dag: dag)
    }

    mutating func checkTemplates(_ workflow: Workflow, dag: DAG) {
        let params = Set(workflow.params.map(\.name))
        for (position, task) in workflow.tasks.enumerated() {
            var strings = task.config.flatMap(\.value.scalars)
            strings += task.env.map { ($0.value, task.location) }
            if let dir = task.workingDir { strings.append((dir, task.location)) }
            var ancestors: Set<Int>?
            for (text, location) in strings {
                let references: [TemplateReference]
                do {
                    references = try Template.references(in: text)
                } catch {
                    diagnostics.error("\(error)", at: location)
                    continue
                }
                for reference in references {
                    switch reference {
                    case .param(let name) where !params.contains(name):
                        diagnostics.error("task '\(task.id)' uses undefined param '\(name)'\(Suggestion.hint(for: name, in: params.sorted())); declare it under 'params'", at: location)
                    case .output(let upstream, let key):
                        if ancestors == nil { ancestors = dag.ancestors(of: position) }
                        guard let upstreamIndex = dag.index[upstream] else {
                            diagnostics.error("task '\(task.id)' uses output '\(key)' of unknown task '\(upstream)'", at: location)
                            continue
                        }
                        if !ancestors!.contains(upstreamIndex) {
                            diagnostics.error("task '\(task.id)' uses output '\(key)' of task '\(upstream)', which is not upstream of it; add it to depends_on", at: location)
                        }
                    default:
                        break
                    }
                }
            }
        }
    }
}
