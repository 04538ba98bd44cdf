import Foundation
import PipelineCore
import PipelineDefinition
import Testing

/// The bundled test suite (`workflows/tests/`): it passes, and it covers every gate, route,
/// refusal reason, ladder step and decision of every bundled workflow, so that a new gate or
/// rule without a case fails here.
@Suite("The bundled workflow tests")
struct FixtureSuiteTests {
    static var testsFolder: URL { Corpus.workflowsFolder.appendingPathComponent("tests") }

    static var workflowSources: [WorkflowSource] {
        Corpus.bundledWorkflows.map { WorkflowSource(path: "workflows/\($0.lastPathComponent)", text: Corpus.text($0)) }
    }

    static var testSources: [FixtureSource] {
        Corpus.files(in: testsFolder).map {
            FixtureSource(path: "workflows/tests/\($0.lastPathComponent)", text: Corpus.text($0))
        }
    }

    static let report = FixtureSuite.run(workflows: workflowSources, tests: testSources)

    @Test("every case passes")
    func everyCasePasses() {
        let report = Self.report
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        for result in report.failed { Issue.record("\(report.failureText(result))") }
        #expect(report.results.count >= 80)
        #expect(report.exitStatus == 0)
    }

    @Test("every bundled workflow has a test file")
    func everyWorkflowIsTested() {
        let tested = Set(Self.report.files.compactMap(\.workflow))
        #expect(Self.report.workflows.count == Corpus.bundledWorkflows.count)
        for workflow in Self.report.workflows {
            #expect(tested.contains(workflow.id), "workflows/tests/ has no test file for \(workflow.id)")
        }
    }

    @Test("every gate holds and is refused for each of its checks, every route is taken, every ladder step fires")
    func coverage() {
        for workflow in Self.report.workflows {
            let gaps = FixtureCoverage.gaps(in: workflow, results: Self.report.results)
            #expect(gaps.isEmpty, "\(workflow.id): \(gaps.joined(separator: "\n"))")
        }
    }

    @Test("a rule added without cases is a gap")
    func newRuleIsAGap() throws {
        let main = try #require(Self.workflowSources.first { $0.path.hasSuffix("primary-care-innovation.yml") })
        let text = main.text.replacingOccurrences(
            of:
                "    approvals:\n      - role: facilitator\n        count: 1\n      - role: gatekeeper\n        count: 1\n",
            with: """
                    approvals:
                      - role: facilitator
                        count: 1
                      - role: gatekeeper
                        count: 1
                    must_meet:
                      - rule: len(implementation_plan_url) > 10
                        label: Een echt implementatieplan

                """)
        #expect(text != main.text)
        let sources = Self.workflowSources.map {
            $0.path == main.path ? WorkflowSource(path: main.path, text: text) : $0
        }
        let report = FixtureSuite.run(workflows: sources, tests: Self.testSources)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let workflow = try #require(report.workflows.first { $0.id == "primary-care-innovation" })
        // The case without a plan now fails too: an empty plan breaks the new rule as well, and
        // `because` names every reason.
        #expect(report.failed.map(\.name) == ["Afronden zonder implementatieplan"])
        #expect(
            FixtureCoverage.gaps(in: workflow, results: report.results) == [
                "gate 'national_completion': no passing case is refused because deliverable_missing 'implementation_plan_url'",
                "gate 'national_completion': no passing case is refused because rule_not_met 'Een echt implementatieplan'",
            ])
    }

    @Test("a gate added without cases is a gap")
    func newGateIsAGap() throws {
        let quickWins = try #require(Self.workflowSources.first { $0.path.hasSuffix("quick-wins.yml") })
        let text =
            quickWins.text.replacingOccurrences(
                of: "  adopted:\n", with: "  check:\n    name: Controle\n  adopted:\n"
            ).replacingOccurrences(
                of: "    from: try_out\n    to: adopted\n", with: "    from: try_out\n    to: check\n")
                + """
                  final_check:
                    name: Laatste controle
                    from: check
                    to: adopted
                    approvals:
                      - role: facilitator
                        count: 1

                """
        let sources = Self.workflowSources.map {
            $0.path == quickWins.path ? WorkflowSource(path: quickWins.path, text: text) : $0
        }
        let report = FixtureSuite.run(workflows: sources, tests: Self.testSources)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let workflow = try #require(report.workflows.first { $0.id == "quick-wins" })
        #expect(workflow.gates.map(\.id) == ["start_try_out", "adopt", "final_check"])
        let gaps = FixtureCoverage.gaps(in: workflow, results: report.results)
        #expect(gaps.contains("gate 'final_check': no passing case expects it to hold"))
        #expect(gaps.contains("gate 'final_check': no passing case takes route 1 (to adopted)"))
        #expect(gaps.contains("gate 'final_check': no passing case is refused because approvals_missing 'facilitator'"))
    }

    @Test("the pass mark of the business case raised from 3.5 to 4.5: the cases that passed it fail, at their place")
    func mutatedPassMark() throws {
        let sources = Self.workflowSources.map { source in
            guard source.path.hasSuffix("primary-care-innovation.yml") else { return source }
            let text = source.text.replacingOccurrences(of: "pass_mark: 3.5", with: "pass_mark: 4.5")
            return WorkflowSource(path: source.path, text: text)
        }
        #expect(sources.map(\.text) != Self.workflowSources.map(\.text))
        let report = FixtureSuite.run(workflows: sources, tests: Self.testSources)
        #expect(report.exitStatus == 1)
        let failed = report.failed.map(\.name)
        #expect(failed.contains("Een goede businesscase gaat door naar de pilot"))
        #expect(failed.contains("Precies op de drempel van 3,5 is genoeg"))
        // Every case scored below 4.5 fails, and only those: each is in the business case.
        #expect(failed.count == 11)
        for result in report.failed {
            #expect(result.checklist.first?.hasPrefix("gate 'business_case_review'") == true, "\(result.name)")
        }
        let exact = try #require(report.failed.first { $0.name == "Precies op de drempel van 3,5 is genoeg" })
        let text = Corpus.text(Self.testsFolder.appendingPathComponent("primary-care-innovation.yml"))
        let line = try #require(Self.line(of: "Precies op de drempel van 3,5 is genoeg", in: text))
        // The case's `go: pilot` stands nine lines below its name.
        #expect(exact.mismatches.map(\.location) == [FixtureLocation(line: line + 9, column: 7)])
        #expect(exact.mismatches.first?.expected == "go to 'pilot'")
        #expect(exact.mismatches.first?.actual == "refused: gate 'business_case_review' does not hold")
        #expect(
            report.failureText(exact).contains(
                "✗ average_below_pass_mark 'gatekeeper': 3 of 3 reviews by gatekeeper, average 3.5, pass mark 4.5"))
    }

    static func line(of text: String, in file: String) -> Int? {
        file.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }
}
