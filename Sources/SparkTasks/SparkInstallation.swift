import Foundation

/// Finds `spark-submit` or `spark-sql`: in `spark_home/bin` when the task names one, else in
/// `$SPARK_HOME/bin`, else on `PATH`.
public struct SparkInstallation: Sendable {
    public var sparkHome: String?
    public var path: String?

    public init(sparkHome: String?, path: String?) {
        self.sparkHome = sparkHome
        self.path = path
    }

    /// Why a program could not be found, naming every place that was looked at.
    public struct NotFound: Error, Sendable, CustomStringConvertible {
        public var program: String
        public var looked: [String]
        public var description: String {
            "\(program) not found: looked for \(looked.joined(separator: ", ")); install Spark (pyspark from PyPI brings it) "
                + "and set spark_home or SPARK_HOME, or put \(program) on PATH"
        }
    }

    /// The absolute path of `program`.
    public func locate(_ program: String) throws(NotFound) -> String {
        if let sparkHome, !sparkHome.isEmpty {
            let candidate = sparkHome + "/bin/" + program
            guard FileManager.default.isExecutableFile(atPath: candidate) else {
                throw NotFound(program: program, looked: ["\(candidate) (spark_home)"])
            }
            return candidate
        }
        let folders = (path ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + program) {
            return folder + "/" + program
        }
        throw NotFound(program: program, looked: ["'\(program)' on PATH (\(folders.isEmpty ? "empty" : folders.joined(separator: ":")))"])
    }
}
