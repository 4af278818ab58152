import Foundation
import OrchestratorCore

/// The input is three lines: cron expressions separated by `;`, a duration, a time zone name.
/// Each is parsed, and a schedule that parses computes fire times around a few instants.
/// Invariants: no trap; a next fire is after its instant, a previous fire at or before it.
let instants = [0, 1_700_000_000, 1_743_296_400, 253_402_300_000].map { Date(timeIntervalSince1970: $0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchedule(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let expressions = (lines.first ?? "").split(separator: ";").map(String.init)
    let zone = lines.count > 2 ? lines[2] : nil
    var schedules: [Schedule] = []
    if !expressions.isEmpty, let schedule = try? Schedule(cron: expressions, timeZone: zone) { schedules.append(schedule) }
    if lines.count > 1, let interval = DurationText.parse(lines[1]) {
        _ = DurationText.format(interval)
        if let schedule = try? Schedule(every: interval, timeZone: zone) { schedules.append(schedule) }
    }
    for schedule in schedules {
        _ = schedule.description
        for instant in instants {
            if let next = schedule.nextFire(after: instant), next <= instant { fatalError("next fire \(next) not after \(instant)") }
            if let previous = schedule.previousFire(atOrBefore: instant), previous > instant {
                fatalError("previous fire \(previous) after \(instant)")
            }
        }
    }
    return 0
}
