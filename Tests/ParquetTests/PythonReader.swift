import Foundation

/// Reads Parquet files back with real readers (pyarrow and DuckDB) through a
/// Python interpreter taken from `ORCHESTRATOR_PYTHON`, or `/tmp/peers/bin/python`.
enum PythonReader {
    /// The interpreter, if one with pyarrow and duckdb is available.
    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment["ORCHESTRATOR_PYTHON"], "/tmp/peers/bin/python"].compactMap { $0 }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", "import pyarrow, duckdb"])) != nil { return candidate }
        }
        return nil
    }()

    /// Whether real-reader tests can run.
    static var isAvailable: Bool { python != nil }

    /// What the readers saw in one file; every value normalised to a string.
    struct Report {
        /// pyarrow type of each column, e.g. `decimal128(18, 3)`.
        var arrowTypes: [String: String]
        /// Whether pyarrow considers each column nullable.
        var arrowNullable: [String: Bool]
        var numRows: Int
        var rowGroupRows: [Int]
        /// Values read by pyarrow (`nil` = null).
        var arrowValues: [String: [String?]]
        /// Values read by DuckDB.
        var duckValues: [String: [String?]]
        /// DuckDB column types, e.g. `DECIMAL(18,3)`.
        var duckTypes: [String: String]
        /// Per column, per row group: min, max, null count as pyarrow reports them.
        var statistics: [String: [(min: String?, max: String?, nullCount: Int?)]]
        /// Per column: encodings, codec and dictionary flag of row group 0.
        var encodings: [String: [String]]
        var codecs: [String: String]
        /// Per string column: the dictionary of each row group when read as dictionary.
        var dictionaries: [String: [[String]]]
        var createdBy: String
    }

    /// The script: prints one JSON object describing the file given as argv[1].
    static let script = #"""
import datetime, decimal, json, sys
import pyarrow as pa, pyarrow.parquet as pq, duckdb
path = sys.argv[1]
EPOCH = datetime.datetime(1970, 1, 1)
def norm(v):
    if v is None: return None
    if isinstance(v, bool): return str(v).lower()
    if isinstance(v, decimal.Decimal): return str(v)
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None: v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return str((v - EPOCH) // datetime.timedelta(microseconds=1))
    if isinstance(v, datetime.date): return str((v - EPOCH.date()).days)
    if isinstance(v, float): return repr(v)
    if isinstance(v, bytes): return v.decode()
    return str(v)
f = pq.ParquetFile(path)
md = f.metadata
t = f.read()
out = {"types": {x.name: str(x.type) for x in t.schema}, "nullable": {x.name: x.nullable for x in t.schema},
       "num_rows": md.num_rows, "row_groups": [md.row_group(i).num_rows for i in range(md.num_row_groups)],
       "values": {n: [norm(v) for v in t.column(n).to_pylist()] for n in t.column_names},
       "created_by": md.created_by, "stats": {}, "encodings": {}, "codecs": {}, "dictionaries": {}}
for j, n in enumerate(t.column_names):
    out["stats"][n] = []
    for i in range(md.num_row_groups):
        s = md.row_group(i).column(j).statistics
        if s is None: out["stats"][n].append(None); continue
        out["stats"][n].append({"min": norm(s.min) if s.has_min_max else None,
                                "max": norm(s.max) if s.has_min_max else None,
                                "null_count": s.null_count if s.has_null_count else None})
    if md.num_row_groups:
        c = md.row_group(0).column(j)
        out["encodings"][n] = list(c.encodings)
        out["codecs"][n] = c.compression
    if pa.types.is_string(t.schema.field(n).type):
        d = pq.read_table(path, columns=[n], read_dictionary=[n]).column(n)
        out["dictionaries"][n] = [[norm(v) for v in chunk.dictionary.to_pylist()] for chunk in d.chunks]
con = duckdb.connect()
lit = "'" + path.replace("'", "''") + "'"
desc = con.execute("DESCRIBE SELECT * FROM read_parquet(" + lit + ")").fetchall()
exprs = []
for row in desc:
    name, typ = row[0], row[1]
    q = '"' + name.replace('"', '""') + '"'
    if typ.startswith("TIMESTAMP"): exprs.append("epoch_us(" + q + ")")
    elif typ == "DATE": exprs.append("(" + q + " - DATE '1970-01-01')")
    elif typ.startswith("DECIMAL"): exprs.append("CAST(" + q + " AS VARCHAR)")
    else: exprs.append(q)
rows = con.execute("SELECT " + ", ".join(exprs) + " FROM read_parquet(" + lit + ")").fetchall()
out["duck_types"] = {row[0]: row[1] for row in desc}
out["duck_values"] = {row[0]: [norm(r[k]) for r in rows] for k, row in enumerate(desc)}
print(json.dumps(out))
"""#

    /// Reads `path` with both readers.
    static func read(_ path: String) throws -> Report {
        guard let python else { throw Failure(message: "no python with pyarrow and duckdb") }
        let output = try run(python, ["-c", script, path])
        guard let json = try JSONSerialization.jsonObject(with: output) as? [String: Any] else {
            throw Failure(message: "unexpected reader output")
        }
        func strings(_ any: Any?) -> [String: [String?]] {
            ((any as? [String: [Any]]) ?? [:]).mapValues { $0.map { $0 as? String } }
        }
        var statistics: [String: [(min: String?, max: String?, nullCount: Int?)]] = [:]
        for (name, groups) in (json["stats"] as? [String: [Any]]) ?? [:] {
            statistics[name] = groups.map { group in
                let g = group as? [String: Any]
                return (g?["min"] as? String, g?["max"] as? String, g?["null_count"] as? Int)
            }
        }
        return Report(
            arrowTypes: (json["types"] as? [String: String]) ?? [:],
            arrowNullable: (json["nullable"] as? [String: Bool]) ?? [:],
            numRows: (json["num_rows"] as? Int) ?? -1,
            rowGroupRows: (json["row_groups"] as? [Int]) ?? [],
            arrowValues: strings(json["values"]),
            duckValues: strings(json["duck_values"]),
            duckTypes: (json["duck_types"] as? [String: String]) ?? [:],
            statistics: statistics,
            encodings: (json["encodings"] as? [String: [String]]) ?? [:],
            codecs: (json["codecs"] as? [String: String]) ?? [:],
            dictionaries: (json["dictionaries"] as? [String: [[String]]]) ?? [:],
            createdBy: (json["created_by"] as? String) ?? "")
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs a process and returns its standard output; throws on a non-zero exit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Drain stderr concurrently so a chatty reader cannot block on a full pipe.
        let errorData = Locked(Data())
        let drain = Thread { errorData.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
        drain.start()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !drain.isFinished { Thread.sleep(forTimeInterval: 0.005) }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData.get(), as: UTF8.self)
            throw Failure(message: "\(executable) exited \(process.terminationStatus): \(message)")
        }
        return data
    }
}

/// A tiny lock-protected box for passing a value out of a thread.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
