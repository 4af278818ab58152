/// An Apache Zeppelin note (`.zpln`, the JSON that Zeppelin 0.9+ stores and imports).
///
/// Only the fields a fresh, never-run note carries; no creation dates, so the bytes are stable.
struct ZeppelinNote: Sendable {
    struct Paragraph: Sendable {
        var id: String
        var title: String
        /// `%md`, `%spark.sql`, ...
        var interpreter: String
        var body: String

        var json: JSONValue {
            let markdown = interpreter == "%md"
            let editor: JSONValue = .object([
                ("language", .string(markdown ? "markdown" : "sql")),
                ("editOnDblClick", .bool(markdown)),
                ("completionKey", .string("TAB")),
                ("completionSupport", .bool(!markdown)),
            ])
            return .object([
                ("title", .string(title)),
                ("text", .string(interpreter + "\n" + body)),
                ("config", .object([
                    ("editorSetting", editor),
                    ("editorMode", .string(markdown ? "ace/mode/markdown" : "ace/mode/sql")),
                    ("colWidth", .integer(12)),
                    ("editorHide", .bool(false)),
                    ("fontSize", .integer(9)),
                    ("title", .bool(true)),
                    ("results", .object([])),
                    ("enabled", .bool(true)),
                ])),
                ("settings", .object([("params", .object([])), ("forms", .object([]))])),
                ("apps", .array([])),
                ("runtimeInfos", .object([])),
                ("progressUpdateIntervalMs", .integer(500)),
                ("jobName", .string(id)),
                ("id", .string(id)),
                ("status", .string("READY")),
            ])
        }
    }

    var id: String
    var name: String
    var paragraphs: [Paragraph]

    var json: JSONValue {
        .object([
            ("paragraphs", .array(paragraphs.map(\.json))),
            ("name", .string(name)),
            ("id", .string(id)),
            ("defaultInterpreterGroup", .string("spark")),
            ("version", .string("0.10.1")),
            ("noteParams", .object([])),
            ("noteForms", .object([])),
            ("angularObjects", .object([])),
            ("config", .object([
                ("isZeppelinNotebookCronEnable", .bool(false)),
                ("looknfeel", .string("default")),
                ("personalizedMode", .string("false")),
            ])),
            ("info", .object([])),
        ])
    }

    /// The note as UTF-8 JSON bytes.
    func encoded() -> [UInt8] { Array(json.text.utf8) }
}
