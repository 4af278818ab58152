import Testing
@testable import OrchestratorCore

/// Inputs from the "no input can crash it" reports: each is an error with its place, never a trap.
@Suite struct HostileInputTests {
    @Test(arguments: ["200000000000d", "10000000000000000s", "9999999999999d", "99999999999999999999d",
                      "3651d", "87601h", "1d3650d", "9223372036854775807ms"])
    func durationsPastTenYearsAreTooLong(_ text: String) {
        #expect(throws: DurationError.tooLong(text)) { try DurationText.read(text) }
        #expect(DurationText.parse(text) == nil)
    }

    @Test func theLimitItselfIsAccepted() throws {
        #expect(try DurationText.read("3650d") == DurationText.maximum)
        #expect(try DurationText.read("3649d23h59m59s999ms") < DurationText.maximum)
    }

    @Test(arguments: ["", "5x", "10", "d", "-1d", "1.5h"])
    func malformedDurationsAreRefused(_ text: String) {
        #expect(throws: DurationError.malformed(text)) { try DurationText.read(text) }
    }

    @Test func hugeDurationValuesConvertToMillisecondsWithoutTrapping() {
        #expect(Duration.seconds(Int64.max).milliseconds == .max)
        #expect(Duration.seconds(Int64.min).milliseconds == .min)
    }

    @Test(arguments: [
        ("timeout: 200000000000d", "wf.yaml:4:14: error: bad duration '200000000000d' for 'timeout' (the longest duration is 3650d, 10 years)"),
        ("timeout: 10000000000000000s", "wf.yaml:4:14: error: bad duration '10000000000000000s' for 'timeout' (the longest duration is 3650d, 10 years)"),
        ("max_retry_delay: 99999999999999999999d", "wf.yaml:4:22: error: bad duration '99999999999999999999d' for 'max_retry_delay' (the longest duration is 3650d, 10 years)"),
        ("timeout: 0s", "wf.yaml:4:14: error: 'timeout' must be longer than 0s, got '0s'"),
    ])
    func badTaskDurationsAreDiagnosedWithTheirPlace(_ line: String, _ expected: String) {
        #expect(errors("name: x\ntasks:\n  - id: a\n    \(line)\n    run: true\n") == [expected])
    }

    @Test func catchupWindowOverflowIsDiagnosed() {
        let found = errors("name: x\nschedule: \"0 2 * * *\"\ncatchup_window: 9999999999999d\ntasks:\n  - id: a\n    run: true\n")
        #expect(found == ["wf.yaml:3:17: error: bad duration '9999999999999d' for 'catchup_window' (the longest duration is 3650d, 10 years)"])
    }

    @Test func zeroRunAndDefaultTimeoutsAreRefused() {
        let found = errors("name: x\ntimeout: 0s\ndefaults: {timeout: 0ms}\ntasks:\n  - id: a\n    run: true\n")
        #expect(found == ["wf.yaml:2:10: error: 'timeout' must be longer than 0s, got '0s'",
                          "wf.yaml:3:21: error: 'timeout' must be longer than 0s, got '0ms'"])
    }

    @Test(arguments: ["99999999999999999999 * * * *", "* 99999999999999999999 * * *", "*/99999999999999999999 * * * *",
                      "1-99999999999999999999 * * * *", "* * * * 99999999999999999999"])
    func hugeCronNumbersAreFieldErrors(_ expression: String) {
        #expect(throws: CronParseError.self) { try CronExpression(expression) }
    }

    // MARK: YAML

    /// Ten levels of aliases, each ten times the one before: 10^10 strings if it were expanded.
    static let aliasBomb: String = {
        var lines = ["name: bomb", "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        for level in 1...10 {
            let previous = "*a\(level - 1)"
            lines.append("a\(level): &a\(level) [" + Array(repeating: previous, count: 10).joined(separator: ",") + "]")
        }
        lines.append("tasks:\n  - id: a\n    run: true")
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func anAliasBombIsRefusedWithinASecond() {
        let deadline = ContinuousClock.now + .seconds(1)
        let found = errors(Self.aliasBomb)
        #expect(ContinuousClock.now < deadline)
        #expect(found == ["wf.yaml:3:10: error: YAML aliases are not supported; write the value out"])
    }

    @Test func anAliasUsedAsAKeyIsRefusedAtItsPlace() {
        let found = errors("name: x\nbig: &b [1, 2]\n? *b\n: 1\ntasks:\n  - id: a\n    run: true\n")
        #expect(found == ["wf.yaml:3:3: error: YAML aliases are not supported; write the value out"])
    }

    @Test func deepNestingIsRefusedAtTheFirstLevelTooDeep() {
        let deadline = ContinuousClock.now + .seconds(1)
        let nested = String(repeating: "[", count: 900) + String(repeating: "]", count: 900)
        let found = errors("name: x\nextra: \(nested)\ntasks:\n  - id: a\n    run: true\n")
        #expect(ContinuousClock.now < deadline)
        // The root mapping is level 1, so the 64th bracket (column 71) is level 65.
        #expect(found == ["wf.yaml:2:71: error: lists and mappings are nested more than 64 levels deep"])
    }

    @Test func sixtyFourLevelsAreFine() {
        let nested = String(repeating: "[", count: 63) + String(repeating: "]", count: 63)
        #expect(errors("name: x\ndescription: \(nested)\ntasks:\n  - id: a\n    run: true\n")
            == ["wf.yaml:2:14: error: 'description' must be a single value, not a list or mapping"])
    }

    @Test func aFileOverSixteenMebibytesIsRefused() {
        let text = "name: x\ndescription: \"" + String(repeating: "x", count: 16 << 20) + "\"\ntasks:\n  - id: a\n    run: true\n"
        let found = errors(text)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("wf.yaml:1:1: error: the file is \(text.utf8.count) bytes; a workflow file may be at most 16777216 bytes (16 MiB)") == true)
    }

    @Test func duplicateKeysAndSecondDocumentsAreErrors() {
        #expect(errors("name: x\nname: y\ntasks:\n  - id: a\n    run: true\n")
            == ["wf.yaml:2:1: error: duplicate key 'name' in mapping (first at line 1)"])
        #expect(errors("name: x\ntasks:\n  - id: a\n    run: true\n---\nname: y\n").first?.contains("another document") == true)
        #expect(errors("# only a comment\n") == ["wf.yaml:1:1: error: the file is empty"])
    }

    // MARK: Params

    @Test func paramsReferringToParamsAreCheckedWithTheirPlace() {
        let found = errors("""
            name: x
            params:
              y: "${params.z}"
              w: "${params.bad"
              v: "${tasks.a.outputs.k}"
            tasks:
              - id: a
                run: true

            """)
        #expect(found == [
            "wf.yaml:3:7: error: param 'y' uses undefined param 'z' (did you mean 'y'?); declare it under 'params'",
            "wf.yaml:4:7: error: unterminated '${' in '${params.bad'",
            "wf.yaml:5:7: error: param 'v' uses a task reference; params can use only params.NAME, env.NAME and run.* references",
        ])
    }

    @Test func paramCyclesAreRefused() {
        let found = errors("name: x\nparams:\n  a: \"${params.b}\"\n  b: \"x${params.a}\"\ntasks:\n  - id: t\n    run: true\n")
        #expect(found == ["wf.yaml:3:7: error: params refer to each other in a cycle: a -> b -> a"])
    }

    @Test func paramsExpandFromOtherParamsAndRunFields() throws {
        let expanded = try ParamExpander.expand(["root": "data", "out": "${params.root}/out/${run.id}", "x": "${params.out}!"]) { reference in
            reference == .run(.id) ? "r1" : nil
        }
        #expect(expanded == ["root": "data", "out": "data/out/r1", "x": "data/out/r1!"])
    }

    @Test func aParamExpansionBombIsRefused() {
        var params = ["p0": String(repeating: "x", count: 1000)]
        for level in 1...30 { params["p\(level)"] = "${params.p\(level - 1)}${params.p\(level - 1)}" }
        let deadline = ContinuousClock.now + .seconds(1)
        #expect(throws: TemplateError.self) { try ParamExpander.expand(params) { _ in nil } }
        #expect(ContinuousClock.now < deadline)
    }

    @Test func longParamChainsAreRefused() {
        var params = ["p0": "x"]
        for level in 1...40 { params["p\(level)"] = "${params.p\(level - 1)}" }
        #expect(throws: TemplateError.self) { try ParamExpander.expand(params) { _ in nil } }
    }
}
