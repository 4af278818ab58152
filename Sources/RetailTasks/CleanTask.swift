import Foundation
import OrchestratorCore
import OrchestratorEngine
import RetailData
import RetailExports

/// `clean`: streams the CSV through the cleaning rules into the cleaned sales table, writing
/// `quality/quarantine.csv` and `quality/report.json`. Fails only when the quarantined share
/// exceeds `max_quarantine_ratio`.
struct CleanTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "clean", summary: "applies the cleaning rules; quarantines malformed rows", keys: [
            .init("source", required: true, summary: "the CSV file"),
            .init("out", required: true, summary: "output folder; quality/ is written under it"),
            .init("table", required: true, summary: "where to write the cleaned table for the tasks after this one"),
            .init("encoding", summary: "auto (default), utf-8 or latin-1"),
            .init("date_format", summary: "InvoiceDate format, default M/d/yyyy H:mm (ISO is always accepted)"),
            .init("max_quarantine_ratio", summary: "largest tolerated quarantined share, default 0.01"),
            .init("drop", summary: "the drop rules to apply, default all: cancelled, bad_debt, non_positive_quantity, non_positive_price, duplicate"),
            .init("expected_sha256", summary: "fail if the source's SHA-256 differs (e.g. from ingest's output)"),
            .init("split", summary: "auto (default): a file of 4 MiB or more is read as two halves on two threads; none: one thread"),
        ])
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let source = context.resolvePath(try context.requiredString("source"))
        let out = context.resolvePath(try context.requiredString("out"))
        let tablePath = context.resolvePath(try context.requiredString("table"))
        let rules = try Self.rules(context)
        let encoding: InputEncoding = try context.choice("encoding", default: .auto)
        let split: Split = try context.choice("split", default: .auto)
        // The table is written out (and prepared for the aggregates) while the SHA-256 is still
        // being computed, and renamed into place only if the task succeeds.
        let staging = CleanTableHandoff.stagingPath(for: tablePath, runID: context.runID.rawValue)
        var published = false
        defer { if !published { CleanTableHandoff.discard(staged: staging) } }
        let (result, preparing) = try await BlockingWork.run {
            var preparing: BackgroundResult<PreparedSales>?
            let result = try SalesCleaningJob(input: URL(fileURLWithPath: source), rules: rules, encoding: encoding,
                                              split: split == .auto ? .automatic : .none).run { table in
                preparing = CleanTableHandoff.prepareInBackground(table)
                try CleanTableHandoff.stage(table, at: staging)
            }
            return (result, preparing)
        }
        let report = result.report
        if let expected = context.string("expected_sha256"), !expected.isEmpty, expected != report.input.sha256 {
            throw TaskFailure("source '\(source)' changed since ingest: sha256 \(report.input.sha256), expected \(expected)")
        }
        try DirectorySwap.replace(out + "/quality", runID: context.runID.rawValue) { staging in
            try QuarantineCSVWriter.write(result.quarantine, to: URL(fileURLWithPath: staging + "/quarantine.csv"))
            try report.write(to: URL(fileURLWithPath: staging + "/report.json"))
        }
        let summary = "read \(report.rowsRead) rows: \(report.rowsClean) clean, \(report.dropped.total) dropped, \(report.rowsQuarantined) quarantined"
        context.log.write(summary)
        if rules.exceedsQuarantineLimit(report) {
            throw TaskFailure("\(report.rowsQuarantined) of \(report.rowsRead) rows quarantined, more than max_quarantine_ratio \(rules.maxQuarantineRatio); see \(out)/quality/quarantine.csv")
        }
        if report.rowsQuarantined > 0 {
            context.notice("\(report.rowsQuarantined) malformed rows quarantined with their line numbers in \(out)/quality/quarantine.csv")
        }
        try CleanTableHandoff.publish(result.table, staged: staging, path: tablePath, preparing: preparing, context: context)
        published = true
        return TaskResult(outputs: [("table", tablePath), ("rows_read", String(report.rowsRead)), ("rows_clean", String(report.rowsClean)),
                                    ("rows_quarantined", String(report.rowsQuarantined)), ("sha256", report.input.sha256)])
    }

    /// The `split` key.
    enum Split: String, CaseIterable {
        case auto, none
    }

    static func rules(_ context: TaskContext) throws -> CleaningRules {
        var rules = CleaningRules()
        rules.maxQuarantineRatio = try context.decimal("max_quarantine_ratio", default: rules.maxQuarantineRatio)
        guard (0...1).contains(rules.maxQuarantineRatio) else {
            throw TaskFailure("task '\(context.task.id)': max_quarantine_ratio must be between 0 and 1, got \(rules.maxQuarantineRatio)")
        }
        if let format = context.string("date_format") { rules.dateFormat = format }
        if let drop = context.config.first(where: { $0.key == "drop" })?.value {
            let names = drop.items?.compactMap(\.text) ?? drop.text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            var enabled = Set<DropReason>()
            for name in names {
                guard let reason = DropReason(rawValue: name) else {
                    throw TaskFailure("task '\(context.task.id)': unknown drop rule '\(name)'\(Suggestion.hint(for: name, in: DropReason.allCases.map(\.rawValue)))")
                }
                enabled.insert(reason)
            }
            rules.dropCancelled = enabled.contains(.cancelled)
            rules.dropBadDebt = enabled.contains(.badDebt)
            rules.dropNonPositiveQuantity = enabled.contains(.nonPositiveQuantity)
            rules.dropNonPositivePrice = enabled.contains(.nonPositivePrice)
            rules.dropDuplicates = enabled.contains(.duplicate)
        }
        _ = try rules.datePatterns()
        return rules
    }
}
