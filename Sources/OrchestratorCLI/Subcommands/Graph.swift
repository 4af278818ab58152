import ArgumentParser
import OrchestratorCore
import OrchestratorEngine

extension Orchestrator {
    struct Graph: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "graph",
            abstract: "Print a workflow's task graph as text, Graphviz dot or Mermaid.",
            discussion: "Example: orchestrator graph workflows/batch.yaml --format mermaid")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case ascii, dot, mermaid
        }

        @Argument(help: ArgumentHelp("The workflow YAML file.", valueName: "file"))
        var file: String

        @Option(help: "Output format: ascii, dot or mermaid.")
        var format: Format = .ascii

        func run() async throws {
            let (workflow, _) = try await userInput { try WorkflowFile.load(path: file, registry: .all) }
            Console.out(GraphRenderer(workflow: workflow).render(format))
        }
    }
}

/// Draws a workflow's DAG.
struct GraphRenderer {
    let workflow: Workflow

    func render(_ format: Orchestrator.Graph.Format) -> String {
        let dag = DAG(tasks: workflow.tasks)
        let order = dag.topologicalOrder() ?? Array(dag.ids.indices)
        switch format {
        case .dot:
            var lines = ["digraph \"\(workflow.name)\" {", "  rankdir=LR;"]
            for task in order { lines.append("  \"\(dag.ids[task])\" [label=\"\(dag.ids[task])\\n(\(workflow.tasks[task].type))\"];") }
            for task in order { for up in dag.upstream[task] { lines.append("  \"\(dag.ids[up])\" -> \"\(dag.ids[task])\";") } }
            return (lines + ["}"]).joined(separator: "\n")
        case .mermaid:
            var lines = ["flowchart LR"]
            for task in order { lines.append("  \(dag.ids[task])[\"\(dag.ids[task]) (\(workflow.tasks[task].type))\"]") }
            for task in order { for up in dag.upstream[task] { lines.append("  \(dag.ids[up]) --> \(dag.ids[task])") } }
            return lines.joined(separator: "\n")
        case .ascii:
            var level = [Int](repeating: 0, count: dag.ids.count)
            for task in order { level[task] = (dag.upstream[task].map { level[$0] + 1 }.max() ?? 0) }
            var lines = ["workflow \(workflow.name)"]
            for task in order {
                let indent = String(repeating: "  ", count: level[task])
                let after = dag.upstream[task].map { dag.ids[$0] }
                lines.append("\(indent)└─ \(dag.ids[task]) [\(workflow.tasks[task].type)]" + (after.isEmpty ? "" : "  ← \(after.joined(separator: ", "))"))
            }
            return lines.joined(separator: "\n")
        }
    }
}
