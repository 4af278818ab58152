import ArgumentParser
import OrchestratorCore
import OrchestratorEngine

extension Orchestrator {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "validate",
            abstract: "Check workflow files and report every problem as FILE:LINE:COLUMN: error: message.",
            discussion: "Exit 0 when every file is valid, 2 otherwise. Nothing is written to the state folder.")

        @Argument(help: ArgumentHelp("Workflow YAML files.", valueName: "file"))
        var files: [String]

        @OptionGroup var output: JSONOption

        struct Report: Encodable {
            var file: String
            var valid: Bool
            var workflow: String?
            var tasks: Int?
            var errors: [String]
        }

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one workflow file") }
        }

        func run() async throws {
            var reports: [Report] = []
            for file in files {
                do {
                    let (workflow, _) = try WorkflowFile.load(path: file, registry: .all)
                    reports.append(Report(file: file, valid: true, workflow: workflow.name, tasks: workflow.tasks.count, errors: []))
                } catch {
                    reports.append(Report(file: file, valid: false, errors: CLIError(error).message.split(separator: "\n").map(String.init)))
                }
            }
            if output.json {
                try Console.json(reports)
            } else {
                for report in reports {
                    if report.valid {
                        Console.out("\(report.file): ok (workflow '\(report.workflow ?? "")', \(report.tasks ?? 0) tasks)")
                    } else {
                        report.errors.forEach { Console.error($0) }
                    }
                }
            }
            if reports.contains(where: { !$0.valid }) { throw ExitCode(2) }
        }
    }
}
