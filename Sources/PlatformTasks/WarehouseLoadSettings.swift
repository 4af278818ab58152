import OrchestratorCore
import OrchestratorEngine
import Warehouse

/// The keys of a `warehouse_load` task, read and checked (without touching files or the network).
struct WarehouseLoadSettings: Sendable {
    var source: String
    var tables: [String]?
    var schema: String
    var url: WarehouseURL
    var dialect: WarehouseDialect
    var mode: LoadMode
    var s3URI: String?
    var iamRole: String?

    init(_ context: TaskContext) throws {
        source = context.resolvePath(try context.requiredString("source"))
        tables = try Self.names(context, "tables")
        schema = context.string("schema") ?? "public"
        dialect = try Self.choice(context, "dialect", default: .postgres)
        mode = try Self.choice(context, "mode", default: .replace)
        s3URI = context.string("s3_uri")
        iamRole = context.string("iam_role")
        // An empty value (a workflow param left at its default "") means "not given".
        url = try WarehouseConnections.resolve(url: context.string("url").flatMap { $0.isEmpty ? nil : $0 },
                                               connection: context.string("connection").flatMap { $0.isEmpty ? nil : $0 },
                                               environment: context.environment)
        if dialect == .postgres, s3URI != nil || iamRole != nil {
            throw TaskFailure("task '\(context.task.id)': 's3_uri' and 'iam_role' are for dialect redshift")
        }
        if dialect == .redshift, s3URI == nil || iamRole == nil {
            throw TaskFailure("task '\(context.task.id)': dialect redshift needs 's3_uri' (where the tables' files are put for the COPY) and 'iam_role'")
        }
    }

    /// The backend the dialect names.
    var warehouse: any Warehouse {
        switch dialect {
        case .postgres: PostgresWarehouse(url: url)
        case .redshift: RedshiftWarehouse(url: url, s3URI: s3URI ?? "", iamRole: iamRole ?? "")
        }
    }

    /// A list of names, or one comma-separated scalar; nil when the key is absent.
    private static func names(_ context: TaskContext, _ key: String) throws -> [String]? {
        switch context.config.first(where: { $0.key == key })?.value {
        case nil: return nil
        case .scalar(let text, _)?:
            return text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        case .list(let items, _)?:
            return try items.map { item in
                guard let text = item.text else { throw TaskFailure("task '\(context.task.id)': '\(key)' must be a list of table names") }
                return text
            }
        case .map?:
            throw TaskFailure("task '\(context.task.id)': '\(key)' must be a list of table names, not a map")
        }
    }

    private static func choice<T: RawRepresentable & CaseIterable>(_ context: TaskContext, _ key: String, default fallback: T) throws -> T
    where T.RawValue == String {
        guard let text = context.string(key) else { return fallback }
        guard let value = T(rawValue: text) else {
            throw TaskFailure("task '\(context.task.id)': unknown \(key) '\(text)'; use one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
