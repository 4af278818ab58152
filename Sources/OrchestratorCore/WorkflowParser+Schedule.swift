import Foundation

extension WorkflowParser {
    static let scheduleKeys = ["schedule", "timezone", "catchup", "catchup_window", "overlap_policy", "max_active_runs"]

    /// Reads `schedule` and the keys that only mean something with it. Problems are reported with
    /// the place in the file; a cron error points at the column of the offending field.
    mutating func workflowSchedule(_ entries: [ConfigEntry]) -> WorkflowSchedule? {
        guard let scheduleValue = value("schedule", in: entries) else {
            for key in Self.scheduleKeys.dropFirst() {
                if let entry = entries.first(where: { $0.key == key }) {
                    diagnostics.error("'\(key)' needs a 'schedule'", at: entry.keyLocation)
                }
            }
            return nil
        }
        let zoneName = text("timezone", in: entries)
        var zoneValid = true
        if let zoneName, TimeZone(identifier: zoneName) == nil {
            zoneValid = false
            let hint = Suggestion.hint(for: zoneName, in: TimeZone.knownTimeZoneIdentifiers)
            diagnostics.error("unknown time zone '\(zoneName)'\(hint); use an IANA name such as UTC, Europe/London or America/New_York",
                              at: value("timezone", in: entries)!.location)
        }
        let rule = scheduleRule(scheduleValue)
        var catchup = false
        if let raw = text("catchup", in: entries) {
            switch raw.lowercased() {
            case "true", "yes", "on": catchup = true
            case "false", "no", "off": catchup = false
            default: diagnostics.error("'catchup' must be true or false, got '\(raw)'", at: value("catchup", in: entries)!.location)
            }
        }
        let window = duration("catchup_window", in: entries) ?? WorkflowSchedule.defaultCatchupWindow
        var policy = OverlapPolicy.skip
        if let raw = text("overlap_policy", in: entries) {
            if let parsed = OverlapPolicy(rawValue: raw) {
                policy = parsed
            } else {
                let names = OverlapPolicy.allCases.map(\.rawValue)
                diagnostics.error("unknown overlap_policy '\(raw)'\(Suggestion.hint(for: raw, in: names)); use one of \(names.joined(separator: ", "))",
                                  at: value("overlap_policy", in: entries)!.location)
            }
        }
        let maxActive = positiveInt("max_active_runs", in: entries) ?? 1
        guard let rule, zoneValid else { return nil }
        do throws(ScheduleError) {
            let schedule = try Schedule(rule, timeZone: Schedule.timeZone(named: zoneName))
            return WorkflowSchedule(schedule: schedule, catchup: catchup, catchupWindow: window, overlapPolicy: policy, maxActiveRuns: maxActive)
        } catch {
            diagnostics.error(error.message, at: scheduleValue.location)
            return nil
        }
    }

    /// A cron string, a list of cron strings, or `{every: DURATION}`.
    mutating func scheduleRule(_ node: ConfigValue) -> Schedule.Rule? {
        switch node {
        case .scalar:
            return cronRule([node])
        case .list(let items, _):
            if items.isEmpty {
                diagnostics.error("'schedule' is an empty list; give at least one cron expression", at: node.location)
                return nil
            }
            return cronRule(items)
        case .map(let entries, _):
            checkKeys(entries, allowed: ["every"], what: "schedule")
            guard let every = value("every", in: entries) else {
                diagnostics.error("a schedule mapping needs 'every', as in {every: 10s}", at: node.location)
                return nil
            }
            guard let interval = duration("every", in: entries) else { return nil }
            if interval < .seconds(1) {
                diagnostics.error(ScheduleError.intervalTooShort(interval).message, at: every.location)
                return nil
            }
            if interval.components.attoseconds != 0 {
                diagnostics.error(ScheduleError.intervalNotWholeSeconds(interval).message, at: every.location)
                return nil
            }
            return .every(interval)
        }
    }

    mutating func cronRule(_ items: [ConfigValue]) -> Schedule.Rule? {
        var expressions: [CronExpression] = []
        var valid = true
        for item in items {
            guard let source = item.text else {
                diagnostics.error("'schedule' must list cron expressions as strings", at: item.location)
                valid = false
                continue
            }
            do throws(CronParseError) {
                expressions.append(try CronExpression(source))
            } catch {
                var location = item.location
                location.column += error.column - 1
                diagnostics.error(error.message, at: location)
                valid = false
            }
        }
        return valid ? .cron(expressions) : nil
    }
}
