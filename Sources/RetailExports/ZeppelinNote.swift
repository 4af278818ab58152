import Foundation

/// An Apache Zeppelin note (`.zpln`, the JSON that Zeppelin 0.9+ stores and imports).
///
/// Only the fields a fresh, never-run note carries; no creation dates, so the bytes are stable.
struct ZeppelinNote: Encodable {
    struct Paragraph: Encodable {
        struct EditorSetting: Encodable {
            var language: String
            var editOnDblClick: Bool
            var completionKey = "TAB"
            var completionSupport = true
        }

        struct Config: Encodable {
            var editorSetting: EditorSetting
            var editorMode: String
            var colWidth = 12
            var editorHide = false
            var fontSize = 9
            var title: Bool
        }

        struct Settings: Encodable {
            var params: [String: String] = [:]
            var forms: [String: String] = [:]
        }

        var title: String
        var text: String
        var config: Config
        var settings = Settings()
        var apps: [String] = []
        var runtimeInfos: [String: String] = [:]
        var progressUpdateIntervalMs = 500
        var jobName: String
        var id: String
        var status = "READY"

        /// A paragraph whose text is `interpreter`, a newline, then `body`.
        init(id: String, title: String, interpreter: String, body: String) {
            let markdown = interpreter == "%md"
            self.id = id
            jobName = id
            self.title = title
            text = interpreter + "\n" + body
            config = Config(
                editorSetting: EditorSetting(language: markdown ? "markdown" : "sql", editOnDblClick: markdown),
                editorMode: markdown ? "ace/mode/markdown" : "ace/mode/sql",
                title: true)
        }
    }

    struct Config: Encodable {
        var isZeppelinNotebookCronEnable = false
        var looknfeel = "default"
        var personalizedMode = "false"
    }

    var paragraphs: [Paragraph]
    var name: String
    var id: String
    var defaultInterpreterGroup = "spark"
    var version = "0.10.1"
    var noteParams: [String: String] = [:]
    var noteForms: [String: String] = [:]
    var angularObjects: [String: String] = [:]
    var config = Config()
    var info: [String: String] = [:]

    /// Pretty-printed JSON with sorted keys and a final newline.
    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self)) + [0x0A]
        } catch {
            preconditionFailure("a Zeppelin note of strings and numbers always encodes: \(error)")
        }
    }
}
