import Foundation
import PipelineCore
import PipelineDefinition
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Test files written here, run against the bundled workflows: what passes, what fails and where,
/// and what a file that cannot run says.
@Suite("Workflow test files")
struct FixtureRunnerTests {
    static let library: WorkflowLibrary = {
        let sources = Corpus.bundledWorkflows.map { WorkflowSource(path: $0.lastPathComponent, text: Corpus.text($0)) }
        return WorkflowLibrary(WorkflowDefinition.loadAll(sources).entries.map(\.workflow))
    }()

    func load(_ text: String, path: String = "tests/quick.yml") -> FixtureLoadResult {
        FixtureDefinition.load(FixtureSource(path: path, text: text), library: Self.library)
    }

    /// The diagnostics of a test file that does not load, as `line:column: message (hint)`.
    func problems(_ text: String) -> [String] {
        let result = load(text)
        #expect(result.file == nil)
        return result.diagnostics.map { "\($0.line):\($0.column): \($0.message)" + ($0.hint.map { " (\($0))" } ?? "") }
    }

    func run(_ text: String) throws -> [FixtureResult] {
        let result = load(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return FixtureRunner.run(try #require(result.file))
    }

    // MARK: - Passing and failing

    static let twoCases = """
        workflow: quick-wins
        cases:
          - name: Goedkoop genoeg
            fields: {summary: Terugbellen, cost_eur: 100}
            approvals: [facilitator]
            expect: {go: try_out}

          - name: Te duur
            fields: {summary: Terugbellen, cost_eur: 9000}
            approvals: [facilitator]
            expect:
              go: try_out
              stage: try_out
              status: active
        """

    @Test("a passing and a failing case: each mismatch at its expectation, expected against actual, with the checklist")
    func passingAndFailing() throws {
        let results = try run(Self.twoCases)
        #expect(results.map(\.passed) == [true, false])
        #expect(results.map(\.location) == [.init(line: 3, column: 5), .init(line: 8, column: 5)])
        let failing = results[1]
        #expect(
            failing.mismatches == [
                .init(
                    location: .init(line: 12, column: 7), expected: "go to 'try_out'",
                    actual: "refused: gate 'start_try_out' does not hold"),
                .init(location: .init(line: 13, column: 7), expected: "stage 'try_out'", actual: "stage 'proposal'"),
            ])
        #expect(failing.expected == ["go to 'try_out'", "stage 'try_out'", "status active"])
        #expect(failing.actual == ["refused: gate 'start_try_out' does not hold", "stage 'proposal'", "status active"])
        #expect(
            failing.checklist == [
                "gate 'start_try_out' (Start proef) does not hold",
                "  ✓ summary is filled",
                "  ✓ cost_eur is filled",
                "  ✗ rule_not_met 'Kosten hooguit 5.000 euro': cost_eur is 9000, must be <= 5000 (comparison: cost_eur)",
                "  ✓ 1 of 1 approval from facilitator",
            ])
        let report = FixtureReport(results: results)
        #expect(
            report.failureText(failing).hasPrefix(
                "tests/quick.yml:12:7: case 'Te duur': expected go to 'try_out', got refused: gate 'start_try_out' does not hold\n"
                    + "tests/quick.yml:13:7: case 'Te duur': expected stage 'try_out', got stage 'proposal'\n"
                    + "    gate 'start_try_out' (Start proef) does not hold\n"))
        #expect(report.summary == "2 cases, 1 failed")
        #expect(report.exitStatus == 1)
    }

    @Test("because names every reason: one too few or one too many fails")
    func becauseIsExact() throws {
        let results = try run(
            """
            workflow: quick-wins
            cases:
              - name: te weinig redenen
                fields: {summary: Terugbellen}
                expect:
                  gate: refused
                  because: [deliverable_missing: cost_eur]
              - name: precies
                fields: {summary: Terugbellen}
                expect:
                  gate: refused
                  because: [deliverable_missing: cost_eur, not_set: cost_eur, approvals_missing]
              - name: een reden te veel
                fields: {summary: Terugbellen, cost_eur: 10}
                expect:
                  gate: refused
                  because: [approvals_missing: facilitator, deliverable_missing: summary]
              - name: elke reden
                fields: {summary: Terugbellen}
                expect: {gate: refused}
            """)
        #expect(results.map(\.passed) == [false, true, false, true])
        #expect(
            results[0].actual == [
                "gate 'start_try_out' refuses, because deliverable_missing 'cost_eur', rule_not_met 'Kosten hooguit 5.000 euro', approvals_missing 'facilitator'"
            ])
        #expect(results[2].mismatches.map(\.location) == [.init(line: 16, column: 7)])
    }

    @Test("a decision the engine refuses that the case does not expect is a mismatch at the decision")
    func unexpectedRefusal() throws {
        let results = try run(
            """
            workflow: quick-wins
            cases:
              - name: hervatten zonder wacht
                stage: try_out
                decide: [resume, kill]
                expect: {status: killed}
              - name: goedkeuren door wie niet mag
                approvals: [submitter]
                expect: {stage: proposal}
            """)
        #expect(
            results[0].mismatches == [
                .init(
                    location: .init(line: 5, column: 14), expected: "'resume' accepted",
                    actual: "refused: idea is active, not on hold")
            ])
        #expect(results[1].mismatches.map(\.location) == [.init(line: 8, column: 17)])
        #expect(results[1].mismatches.first?.expected == "approval by submitter 1 accepted")
    }

    @Test("time passes: a hold's review date, a ladder's steps, an overdue condition")
    func time() throws {
        let results = try run(
            """
            workflow: primary-care-innovation
            cases:
              - name: een dag te vroeg
                stage: business_case
                after: 59d
                expect: {reminded: [], events: []}
              - name: de herinnering
                stage: business_case
                after: 60d
                expect: {reminded: [submitter, facilitator, gatekeeper], escalated: []}
              - name: de voorwaarde
                stage: pilot
                conditions: [{text: DPIA, due: 3d}]
                decide: [{after: 3d}, {after: 1d}]
                expect: {gate: refused, events: [idea.condition_overdue]}
            """)
        for result in results { #expect(result.passed, "\(result.name): \(result.mismatches)") }
        #expect(results[1].coverage.timers == [.init(kind: "sla_remind", subject: "business_case")])
        #expect(results[2].coverage.timers == [.init(kind: "condition_due", subject: "1")])
    }

    // MARK: - Files that cannot run

    @Test("names that do not exist are reported with a suggestion, like validate does")
    func unknownNames() {
        #expect(
            problems("workflow: quick-win\ncases: []\n") == [
                "1:11: unknown workflow 'quick-win' (did you mean 'quick-wins'?)"
            ])
        #expect(
            problems(
                """
                workflow: quick-wins
                cases:
                  - name: typefouten
                    stage: try_otu
                    fields: {cost: 5, theme: innovatie, cost_eur: veel, hours_saved_per_week: -1}
                    approvals: [facilitater]
                    decide: kil
                    expct: {go: try_out}
                  - name: meer typefouten
                    expect:
                      gate: refusd
                      stauts: killed
                      events: [idea.advance]
                  - name: redenen
                    expect:
                      gate: refused
                      because: [rule_not_mett, approvals_missing: facilitater, rule_not_met: Kosten hooguit 5000]
                """) == [
                    "4:12: unknown stage 'try_otu' (did you mean 'try_out'?)",
                    "5:14: unknown field 'cost' (did you mean 'cost_eur'?)",
                    "5:30: field theme: 'innovatie' is not one of 'onderwijsvernieuwing', 'innovatie_technologie', 'anders_besturen', 'behoud_betrokkenheid', 'instroom_zij_instroom' (did you mean 'innovatie_technologie'?)",
                    "5:51: 'cost_eur' (a money field) must be a number, not 'veel' (write the number without quotes, e.g. cost_eur: 250000)",
                    "5:79: field hours_saved_per_week: is -1; at least 0",
                    "6:17: unknown role 'facilitater' (did you mean 'facilitator'?)",
                    "7:13: unknown decision 'kil' (did you mean 'kill'?)",
                    "8:5: unknown key 'expct' in a case (did you mean 'expect'?)",
                    "11:13: gate must be 'holds' or 'refused', not 'refusd' (did you mean 'refused'?)",
                    "12:7: unknown key 'stauts' in 'expect' of case 'meer typefouten' (did you mean 'status'?)",
                    "13:16: unknown event type 'idea.advance' (did you mean 'idea.advanced'?)",
                    "17:17: unknown reason 'rule_not_mett' (did you mean 'rule_not_met'?)",
                    "17:51: unknown role 'facilitater' (did you mean 'facilitator'?)",
                    "17:78: unknown rule 'Kosten hooguit 5000' (did you mean 'Kosten hooguit 5.000 euro'?)",
                ])
    }

    @Test(
        "values of the wrong kind, and cases that cannot be",
        arguments: [
            ("workflow: quick-wins\ncases: 5\n", "2:8: 'cases' of the test file must be a list, not '5'"),
            ("workflow: [quick-wins]\ncases: []\n", "1:11: 'workflow' of the test file must be text, not a list"),
            ("- workflow: quick-wins\n", "1:1: the test file must be a mapping of 'key: value' lines, not a list"),
            ("workflow: quick-wins\n", "1:1: the test file is missing the required key 'cases'"),
            ("workflow: quick-wins\ncases: []\n", "2:1: 'cases' lists no case (add a case: - name: ...)"),
            (
                "workflow: quick-wins\nversion: 7\ncases: []\n",
                "2:10: workflow 'quick-wins' has no version 7 (its versions are 1)"
            ),
            ("workflow: quick-wins\ncases:\n  - name: x\n", "3:5: a case is missing the required key 'expect'"),
            (
                "workflow: quick-wins\ncases:\n  - name: x\n    expect: {}\n",
                "4:5: 'expect' of case 'x' expects nothing (for example expect: {go: next_stage})"
            ),
            (
                "workflow: quick-wins\ncases:\n  - name: x\n    stage: adopted\n    expect: {stage: adopted}\n",
                "4:12: stage 'adopted' is an end stage; a case starts in a working stage (start in the stage before it and decide go (or kill))"
            ),
            (
                "workflow: quick-wins\ncases:\n  - name: x\n    reviews: [4]\n    expect: {stage: proposal}\n",
                "4:5: gate 'start_try_out' of stage 'proposal' has no scorecard to review (no gate of workflow 'quick-wins' has a scorecard)"
            ),
            (
                "workflow: quick-wins\ncases:\n  - name: x\n    decide: kill\n    expect: {go: try_out}\n",
                "5:14: go expects the last decision to be a go, but it is 'kill' (expect stage: or status: after other decisions)"
            ),
            (
                "workflow: quick-wins\ncases:\n  - name: x\n    after: 3 days\n    expect: {stage: proposal}\n",
                "4:12: 'after' of case 'x' is '3 days', not a duration (write a whole number and h, d or w, e.g. after: 30d)"
            ),
            (
                "workflow: quick-wins\ncases:\n  - name: x\n    adoptions: {live: 2}\n    expect: {stage: proposal}\n",
                "4:5: workflow 'quick-wins' has no adoption by regions, so its ideas have no adoptions (remove adoptions from case 'x')"
            ),
            (
                "workflow: quick-wins\ncases:\n  - name: x\n    approvals: {facilitator: 1000}\n    expect: {stage: proposal}\n",
                "4:30: the number of approvals must be 0 to 100, not 1000"
            ),
            (
                "workflow: quick-wins\ncases:\n  - name: x\n    expect: {stage: proposal}\n  - name: x\n    expect: {stage: proposal}\n",
                "5:5: case 'x' appears twice; the first is at line 3 (give each case its own name)"
            ),
            (
                "workflow: quick-wins\ncases:\n  - name: x\n    expect: {because: [approvals_missing]}\n",
                "4:14: because needs gate: refused beside it (write gate: refused above because)"
            ),
            (
                "workflow: quick-wins\ncases:\n  - name: x\n    fields: {<<: 5}\n    expect: {stage: proposal}\n",
                "4:18: '<<' merges the fields of another case: write <<: *name, not '5'"
            ),
        ])
    func wrongKinds(text: String, problem: String) {
        let found = problems(text)
        #expect(found.contains { $0.hasPrefix(problem) }, "\(found)")
    }

    @Test("not YAML, empty, binary, huge, deep: diagnostics with a place, never a crash")
    func hostile() {
        #expect(problems("workflow: quick-wins\ncases: [\n  - name: x\n").first?.hasPrefix("3:") == true)
        #expect(problems("") == ["1:1: test file is empty (start with 'workflow:' and 'cases:')"])
        #expect(
            problems("workflow: \"quick-wins\ncases: []\n") == [
                "1:11: quoted text is not closed on this line (add the closing quote; for long text use a block: 'key: |' and the text indented below)"
            ])
        #expect(
            problems("cases: " + String(repeating: "[", count: 100_000)).first?.contains("levels of '[' and '{'")
                == true)
        #expect(
            problems("description: " + String(repeating: "x", count: 1 << 20)) == [
                "1:1: test file is larger than 1 MiB"
            ])
        let huge = FixtureSource(path: "huge.yml", bytes: [UInt8](repeating: 0x61, count: (1 << 20) + 1))
        #expect(
            FixtureDefinition.load(huge, library: Self.library).diagnostics.map(\.description) == [
                "huge.yml:1:1: error: test file is larger than 1 MiB (1048577 bytes) (split the cases over several test files)"
            ])
        let nul = FixtureSource(path: "nul.yml", bytes: Array("workflow: quick-wins\ncases: [\u{0}]\n".utf8))
        #expect(FixtureDefinition.load(nul, library: Self.library).diagnostics.map(\.line) == [2])
        var bomb = "workflow: quick-wins\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 {
            bomb +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        bomb += "cases:\n  - name: x\n    approvals: *a8\n    expect: {stage: proposal}\n"
        #expect(!problems(bomb).isEmpty)
    }

    @Test("the longest durations the language allows run, and end")
    func extremes() throws {
        let results = try run(
            """
            workflow: primary-care-innovation
            cases:
              - name: lang
                stage: business_case
                approvals: {facilitator: 100}
                decide: [{hold: 999999w}, {after: 999999w}, resume, {after: 999999h}]
                after: 999999w
                expect: {status: on_hold, events: [idea.held, idea.hold_review_due, idea.resumed, idea.auto_held]}
              - name: lange voorwaarden
                stage: pilot
                conditions: [{text: a, due: 999999w}, {text: b, due: 1h}]
                after: 999999w
                expect: {gate: refused}
            """)
        for result in results { #expect(result.passed, "\(result.name): \(result.mismatches)") }
    }

    @Test("mutated bundled test files give cases or diagnostics, never a crash")
    func mutations() {
        let folder = Corpus.workflowsFolder.appendingPathComponent("tests")
        let mutator = MutationTests()
        for file in Corpus.files(in: folder) {
            let original = Corpus.text(file)
            var generator = SeededGenerator(seed: UInt64(original.utf8.count))
            for round in 0..<100 {
                let text = mutator.mutate(original, using: &generator)
                let result = load(text, path: "mutant.yml")
                let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).count
                if result.file == nil { #expect(!result.diagnostics.isEmpty, "round \(round): no file, no diagnostic") }
                for diagnostic in result.diagnostics {
                    #expect(diagnostic.line >= 1 && diagnostic.line <= lines + 1, "round \(round): \(diagnostic)")
                }
                if let file = result.file { _ = FixtureRunner.run(file) }
            }
        }
    }

    // MARK: - Reports for CI

    @Test("JSON: every case with its place, expectations and outcome")
    func json() throws {
        let report = FixtureReport(results: try run(Self.twoCases))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(report.json)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["passed"] as? Bool == false)
        #expect(object["total"] as? Int == 2)
        #expect(object["failed"] as? Int == 1)
        let cases = try #require(object["cases"] as? [[String: Any]])
        #expect(cases.count == 2)
        #expect(cases[1]["file"] as? String == "tests/quick.yml")
        #expect(cases[1]["line"] as? Int == 8)
        #expect(cases[1]["column"] as? Int == 5)
        #expect(cases[1]["name"] as? String == "Te duur")
        #expect(cases[1]["passed"] as? Bool == false)
        #expect(cases[1]["expected"] as? String == "go to 'try_out'; stage 'try_out'; status active")
        #expect(
            cases[1]["actual"] as? String
                == "refused: gate 'start_try_out' does not hold; stage 'proposal'; status active")
        let failures = try #require(cases[1]["failures"] as? [[String: Any]])
        #expect(failures.map { $0["line"] as? Int } == [12, 13])
    }

    @Test("JUnit XML: well-formed, a suite per file, a failure per failing case, an error per diagnostic")
    func junit() throws {
        let hostileName = "Te duur <&> \"quotes\" 'and' \u{1}control"
        let text = Self.twoCases.replacingOccurrences(
            of: "name: Te duur", with: "name: \"Te duur <&> \\\"quotes\\\" 'and' \\u0001control\"")
        let report = FixtureSuite.run(
            workflows: Corpus.bundledWorkflows.map {
                WorkflowSource(path: $0.lastPathComponent, text: Corpus.text($0))
            },
            tests: [
                FixtureSource(path: "tests/quick.yml", text: text),
                FixtureSource(path: "tests/broken.yml", text: "workflow: quick-win\ncases: []\n"),
            ])
        #expect(report.results.map(\.name) == ["Goedkoop genoeg", hostileName])
        #expect(report.exitStatus == 2)
        let xml = report.junitXML
        #expect(!xml.unicodeScalars.contains("\u{1}"))
        #if canImport(FoundationXML)
        let document = try XMLDocument(data: Data(xml.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "3")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(root.attribute(forName: "errors")?.stringValue == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["tests/quick.yml", "tests/broken.yml"])
        let cases = suites[0].elements(forName: "testcase")
        #expect(cases.count == 2)
        #expect(cases[1].attribute(forName: "name")?.stringValue == "Te duur <&> \"quotes\" 'and' ?control")
        let failure = try #require(cases[1].elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue?.hasPrefix("expected go to 'try_out'") == true)
        #expect(failure.stringValue?.contains("tests/quick.yml:12:7: case") == true)
        #expect(cases[0].elements(forName: "failure").isEmpty)
        let error = try #require(suites[1].elements(forName: "testcase").first?.elements(forName: "error").first)
        #expect(error.attribute(forName: "message")?.stringValue == "unknown workflow 'quick-win'")
        #else
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "))
        #expect(xml.contains("&lt;&amp;&gt; &quot;quotes&quot; &apos;and&apos; ?control"))
        #endif
    }
}

extension FixtureReport {
    /// A report of results alone, for tests of its words.
    init(results: [FixtureResult]) {
        self.init(files: [], results: results, diagnostics: [], sourceTexts: [:], workflows: [])
    }
}
