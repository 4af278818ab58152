import Foundation
import Testing
@testable import OrchestratorCore

@Suite struct CronParsingTests {
    /// Expression, then the expected minutes, hours, days of month, months and days of week
    /// (nil = the whole field).
    static let validExpressions: [(String, [Int]?, [Int]?, [Int]?, [Int]?, [Int]?)] = [
        ("* * * * *", nil, nil, nil, nil, nil),
        ("0 2 * * *", [0], [2], nil, nil, nil),
        ("1,2 3 4 5 6", [1, 2], [3], [4], [5], [6]),
        ("1-5 * * * *", [1, 2, 3, 4, 5], nil, nil, nil, nil),
        ("*/15 * * * *", [0, 15, 30, 45], nil, nil, nil, nil),
        ("10-50/20 * * * *", [10, 30, 50], nil, nil, nil, nil),
        ("5/20 * * * *", [5, 25, 45], nil, nil, nil, nil),
        ("0 */6 * * *", [0], [0, 6, 12, 18], nil, nil, nil),
        ("0 0 */10 * *", [0], [0], [1, 11, 21, 31], nil, nil),
        ("0 0 1 */3 *", [0], [0], [1], [1, 4, 7, 10], nil),
        ("0 0 * * */2", [0], [0], nil, nil, [0, 2, 4, 6]),
        ("0 0 * JAN,jul,Dec *", [0], [0], nil, [1, 7, 12], nil),
        ("0 0 * mar-MAY *", [0], [0], nil, [3, 4, 5], nil),
        ("0 0 * * MON-fri", [0], [0], nil, nil, [1, 2, 3, 4, 5]),
        ("0 0 * * sun,SAT", [0], [0], nil, nil, [0, 6]),
        ("0 0 * * 7", [0], [0], nil, nil, [0]),
        ("0 0 * * 5-7", [0], [0], nil, nil, [0, 5, 6]),
        ("0 0 * * 0-7", [0], [0], nil, nil, [0, 1, 2, 3, 4, 5, 6]),
        ("0 0 * * 1-7/2", [0], [0], nil, nil, [0, 1, 3, 5]),
        ("59 23 31 12 *", [59], [23], [31], [12], nil),
        ("0,30 8-10,14 * * *", [0, 30], [8, 9, 10, 14], nil, nil, nil),
        ("  0   2\t* *  *  ", [0], [2], nil, nil, nil),
        ("00 02 01 01 00", [0], [2], [1], [1], [0]),
        ("*/60 */24 * * *", [0], [0], nil, nil, nil),
    ]

    @Test(arguments: validExpressions)
    func parsesFields(_ example: (String, [Int]?, [Int]?, [Int]?, [Int]?, [Int]?)) throws {
        let (text, minutes, hours, days, months, weekdays) = example
        let expression = try CronExpression(text)
        #expect(expression.values(of: .minute) == (minutes ?? Array(0...59)))
        #expect(expression.values(of: .hour) == (hours ?? Array(0...23)))
        #expect(expression.values(of: .dayOfMonth) == (days ?? Array(1...31)))
        #expect(expression.values(of: .month) == (months ?? Array(1...12)))
        #expect(expression.values(of: .dayOfWeek) == (weekdays ?? Array(0...6)))
    }

    static let macros: [(String, String)] = [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"), ("@DAILY", "0 0 * * *"), ("  @Hourly ", "0 * * * *"),
    ]

    @Test(arguments: macros)
    func macrosStandForExpressions(macro: String, expansion: String) throws {
        #expect(try CronExpression(macro) == CronExpression(expansion))
        #expect(try CronExpression(macro).source == macro.trimmingCharacters(in: .whitespaces))
    }

    @Test func sourceIsTheTrimmedTextWithSingleSpaces() throws {
        #expect(try CronExpression("  0  2 * *\t* ").source == "0 2 * * *")
        #expect(try CronExpression("0 2 * * 1-5").description == "0 2 * * 1-5")
    }

    @Test func equalityIsByMeaning() throws {
        #expect(try CronExpression("0 0 * * 7") == CronExpression("0 0 * * SUN"))
        #expect(try CronExpression("0,15,30,45 * * * *") == CronExpression("*/15 * * * *"))
        #expect(try CronExpression("0 0 * * 1") != CronExpression("0 0 * * 2"))
        // The star matters for the day rule, so `*` and `1-31` differ.
        #expect(try CronExpression("0 0 * * 1") != CronExpression("0 0 1-31 * 1"))
    }

    /// Expression, expected message, expected 1-based column.
    static let invalidExpressions: [(String, String, Int)] = [
        ("61 * * * *", "bad minute field '61': must be 0-59", 1),
        ("0 24 * * *", "bad hour field '24': must be 0-23", 3),
        ("0 0 32 * *", "bad day-of-month field '32': must be 1-31", 5),
        ("0 0 0 * *", "bad day-of-month field '0': must be 1-31", 5),
        ("0 0 * 13 *", "bad month field '13': must be 1-12 or JAN-DEC", 7),
        ("0 0 * 0 *", "bad month field '0': must be 1-12 or JAN-DEC", 7),
        ("0 0 * * 8", "bad day-of-week field '8': must be 0-7 or SUN-SAT", 9),
        ("0 0 * FOO *", "bad month field 'FOO': must be 1-12 or JAN-DEC", 7),
        ("0 0 * * MONDAY", "bad day-of-week field 'MONDAY': must be 0-7 or SUN-SAT", 9),
        ("0 0 * * JAN", "bad day-of-week field 'JAN': must be 0-7 or SUN-SAT", 9),
        ("MON * * * *", "bad minute field 'MON': must be 0-59", 1),
        ("1,61 * * * *", "bad minute field '61': must be 0-59", 3),
        ("0 1,2,x * * *", "bad hour field 'x': must be 0-23", 7),
        ("0 0 1-40 * *", "bad day-of-month field '40': must be 1-31", 7),
        ("a * * * *", "bad minute field 'a': must be 0-59", 1),
        ("-1 * * * *", "bad minute field '-1': must be 0-59", 1),
        ("5- * * * *", "bad minute field '5-': must be 0-59", 1),
        ("1-2-3 * * * *", "bad minute field '2-3': must be 0-59", 3),
        ("+5 * * * *", "bad minute field '+5': must be 0-59", 1),
        ("00061 * * * *", "bad minute field '00061': must be 0-59", 1),
        ("1,,2 * * * *", "bad minute field '1,,2': empty item in list", 3),
        ("1, * * * *", "bad minute field '1,': empty item in list", 3),
        (",1 * * * *", "bad minute field ',1': empty item in list", 1),
        ("0 5-1 * * *", "bad hour field '5-1': range start is greater than its end", 3),
        ("0 0 * DEC-JAN *", "bad month field 'DEC-JAN': range start is greater than its end", 7),
        ("*/0 * * * *", "bad minute field '*/0': step must be a number from 1 to 60", 1),
        ("*/61 * * * *", "bad minute field '*/61': step must be a number from 1 to 60", 1),
        ("0 */x * * *", "bad hour field '*/x': step must be a number from 1 to 24", 3),
        ("0 0 * * */8", "bad day-of-week field '*/8': step must be a number from 1 to 7", 9),
        ("0 1,*/2/3 * * *", "bad hour field '*/2/3': step must be a number from 1 to 24", 5),
        ("/5 * * * *", "bad minute field '/5': must be 0-59", 1),
        ("0 0 L * *", "bad day-of-month field 'L': must be 1-31", 5),
        ("0 0 ? * *", "bad day-of-month field '?': must be 1-31", 5),
        ("0 2 * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 4", 1),
        ("  0 2 * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 4", 3),
        ("0 0 2 * * * 2025", "expected 5 fields (minute hour day-of-month month day-of-week), found 7", 11),
        ("@reboot", "unknown cron macro '@reboot': expected @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly", 1),
        (" @dayly", "unknown cron macro '@dayly': expected @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly", 2),
        ("@daily 5", "unexpected text after '@daily': a macro stands for the whole expression", 8),
    ]

    @Test(arguments: invalidExpressions)
    func reportsErrorsWithTheirColumn(text: String, message: String, column: Int) {
        do throws(CronParseError) {
            let expression = try CronExpression(text)
            Issue.record("'\(text)' parsed as \(expression.values(of: .minute))")
        } catch {
            #expect(error.message == message)
            #expect(error.column == column)
            #expect(error.localizedDescription == message)
        }
    }

    @Test(arguments: ["", "   ", "\t"])
    func rejectsEmptyExpressions(text: String) {
        #expect(throws: CronParseError.empty) { try CronExpression(text) }
    }

    @Test func errorNamesItsField() {
        #expect(throws: CronParseError.badField(.hour, value: "24", problem: .invalidValue, column: 3)) {
            try CronExpression("0 24 * * *")
        }
        do throws(CronParseError) {
            _ = try CronExpression("0 0 * 13 *")
        } catch {
            #expect(error.field == .month)
        }
    }

    @Test func columnsCountCharactersNotBytes() {
        // "é" is two bytes in UTF-8 but one column.
        do throws(CronParseError) {
            _ = try CronExpression("0 é * * *")
        } catch {
            #expect(error.column == 3)
            #expect(error.message == "bad hour field 'é': must be 0-23")
        }
    }

    /// Expressions that name no real date, and some close ones that do.
    static let satisfiability: [(String, Bool)] = [
        ("0 0 31 2 *", false), ("0 0 30 2 *", false), ("0 0 30,31 2 *", false),
        ("0 0 31 4,6,9,11 *", false), ("0 0 */30 2 *", true),  // */30 is 1 and 31: 1 February
        ("0 0 29 2 *", true), ("0 0 31 2,3 *", true), ("0 0 31 2 MON", true),
        ("0 0 31 2 *", false), ("0 0 */31 2 *", true), ("* * * * *", true),
    ]

    @Test(arguments: satisfiability)
    func knowsWhetherAnExpressionCanFire(text: String, possible: Bool) throws {
        #expect(try CronExpression(text).canEverFire == possible)
    }
}
