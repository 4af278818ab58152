import Foundation
import OrchestratorCore
import OrchestratorEngine

/// Submits a Spark application as a task attempt: `spark-submit` for `.py` and `.jar`,
/// `spark-sql -f` for `.sql`. The driver's output goes to the attempt log; timeouts and cancel
/// stop its whole process group; the exit code decides success; the application id found in the
/// driver's log becomes the output `application_id`.
public struct SparkSubmitTask: TaskType {
    public let killGrace: Duration

    public init(killGrace: Duration = .seconds(10)) { self.killGrace = killGrace }

    public var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "spark_submit", summary: "submits a Spark application (.py, .jar, or .sql through spark-sql)", keys: [
            .init("application", required: true, summary: "the .py, .jar or .sql file"),
            .init("main_class", summary: "the main class of a .jar application"),
            .init("master", summary: "the Spark master; default $SPARK_MASTER, else local[*]"),
            .init("deploy_mode", summary: "client or cluster"),
            .init("conf", summary: "a map of Spark properties, passed as --conf key=value"),
            .init("packages", summary: "Maven coordinates (a list, or comma-separated)"),
            .init("py_files", summary: "extra .py/.zip/.egg files (a list, or comma-separated)"),
            .init("args", summary: "the application's arguments (a list; templates filled in)"),
            .init("spark_home", summary: "the Spark installation; default $SPARK_HOME, else spark-submit on PATH"),
        ])
    }

    public func execute(_ context: TaskContext) async throws -> TaskResult {
        let command = try Self.command(context)
        guard command.kind != nil else {
            throw TaskFailure("application '\(command.application)' must be a .py, .jar or .sql file")
        }
        if !command.application.contains("://") {
            let local = context.resolvePath(command.application)
            guard FileManager.default.fileExists(atPath: local) else {
                throw TaskFailure("application '\(command.application)' does not exist (looked at \(local))")
            }
        }
        let sparkHome = (context.string("spark_home") ?? context.environment["SPARK_HOME"]).flatMap { $0.isEmpty ? nil : $0 }
        let installation = SparkInstallation(sparkHome: sparkHome.map(context.resolvePath),
                                             path: context.environment["PATH"])
        let binary: String
        do {
            binary = try installation.locate(command.program)
        } catch {
            throw TaskFailure(error.description)
        }
        let argv = command.arguments(binary: binary)
        context.log.write("spark_submit: " + argv.joined(separator: " "))
        let exit = try await ProcessAttempt.run(arguments: argv, context: context, killGrace: killGrace)
        let log = (try? String(contentsOfFile: context.logPath, encoding: .utf8)) ?? ""
        let applicationID = SparkApplicationID.find(in: log[...])
        try ProcessAttempt.requireSuccess(exit)
        var outputs = OutputFile.read(context.outputPath)
        if let applicationID { outputs.append((key: "application_id", value: applicationID)) }
        return TaskResult(outputs: outputs, exitCode: 0)
    }

    /// The command the task's keys describe.
    static func command(_ context: TaskContext) throws -> SparkCommand {
        let entries = context.config
        func value(_ key: String) -> ConfigValue? { entries.first { $0.key == key }?.value }
        func list(_ key: String, splitCommas: Bool) throws -> [String] {
            switch value(key) {
            case nil: return []
            case .scalar(let text, _)?:
                return splitCommas ? text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty } : [text]
            case .list(let items, _)?:
                return try items.map { item in
                    guard let text = item.text else { throw TaskFailure("'\(key)' must be a list of strings") }
                    return text
                }
            case .map?:
                throw TaskFailure("'\(key)' must be a list, not a map")
            }
        }
        var conf: [(key: String, value: String)] = []
        switch value("conf") {
        case nil: break
        case .map(let pairs, _)?:
            for pair in pairs {
                guard let text = pair.value.text else { throw TaskFailure("conf '\(pair.key)' must be a single value") }
                conf.append((pair.key, text))
            }
        default:
            throw TaskFailure("'conf' must be a map of Spark properties, such as {spark.sql.shuffle.partitions: 4}")
        }
        let master = context.string("master") ?? context.environment["SPARK_MASTER"].flatMap { $0.isEmpty ? nil : $0 } ?? "local[*]"
        return SparkCommand(application: try context.requiredString("application"), mainClass: context.string("main_class"),
                            master: master, deployMode: context.string("deploy_mode"), conf: conf,
                            packages: try list("packages", splitCommas: true), pyFiles: try list("py_files", splitCommas: true),
                            args: try list("args", splitCommas: false))
    }
}
