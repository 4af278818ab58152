/// The command line of one Spark application: `spark-submit` for a `.py` or `.jar` application,
/// `spark-sql -f` for a `.sql` file. Pure: finding the binaries is `SparkInstallation`'s work.
public struct SparkCommand: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case python, jar, sql
    }

    public var application: String
    public var mainClass: String?
    public var master: String
    public var deployMode: String?
    /// `--conf` pairs in the order the workflow wrote them.
    public var conf: [(key: String, value: String)]
    public var packages: [String]
    public var pyFiles: [String]
    public var args: [String]

    public init(application: String, mainClass: String? = nil, master: String = "local[*]", deployMode: String? = nil,
                conf: [(key: String, value: String)] = [], packages: [String] = [], pyFiles: [String] = [], args: [String] = []) {
        self.application = application
        self.mainClass = mainClass
        self.master = master
        self.deployMode = deployMode
        self.conf = conf
        self.packages = packages
        self.pyFiles = pyFiles
        self.args = args
    }

    public static func == (lhs: SparkCommand, rhs: SparkCommand) -> Bool {
        lhs.arguments(binary: "") == rhs.arguments(binary: "")
    }

    /// What the application's file name says it is, or nil for another extension.
    public var kind: Kind? {
        let lower = application.lowercased()
        if lower.hasSuffix(".py") { return .python }
        if lower.hasSuffix(".jar") { return .jar }
        if lower.hasSuffix(".sql") { return .sql }
        return nil
    }

    /// The program that runs this kind of application.
    public var program: String { kind == .sql ? "spark-sql" : "spark-submit" }

    /// The argv, starting with `binary` (the resolved path of `program`).
    public func arguments(binary: String) -> [String] {
        var argv = [binary, "--master", master]
        if let deployMode { argv += ["--deploy-mode", deployMode] }
        if let mainClass, kind != .sql { argv += ["--class", mainClass] }
        for (key, value) in conf { argv += ["--conf", "\(key)=\(value)"] }
        if !packages.isEmpty { argv += ["--packages", packages.joined(separator: ",")] }
        if !pyFiles.isEmpty, kind != .sql { argv += ["--py-files", pyFiles.joined(separator: ",")] }
        argv += kind == .sql ? ["-f", application] : [application]
        return argv + args
    }
}
