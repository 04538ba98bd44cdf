import Foundation
import PipelineCore
import PipelineDefinition
import Testing

/// Positions inside expressions are mapped back to the file, whatever the YAML style.
@Suite("Diagnostic locations")
struct DiagnosticLocationTests {
    static let base = """
        id: demo
        version: 1
        name: Demo
        roles:
          facilitator: Facilitator
        fields:
          cost_eur:
            label: Cost
            type: money
        stages:
          proposal:
            name: Proposal
          done:
            name: Done
            terminal: true
        gates:
          check:
            name: Check
            from: proposal
            to: done
            must_meet:

        """

    func firstDiagnostic(_ rule: String) -> Diagnostic? {
        WorkflowDefinition.load(WorkflowSource(path: "demo.yml", text: Self.base + rule)).diagnostics.first
    }

    @Test(
        "plain, quoted and block expressions",
        arguments: [
            ("      - cost_eur > 1 and costs < 5\n", 22, 26),
            ("      - \"cost_eur > 1 and costs < 5\"\n", 22, 27),
            ("      - 'cost_eur > 1 and costs < 5'\n", 22, 27),
            ("      - \"cost_eur > 1 and \\\"x\\\" == costs\"\n", 22, 36),
            ("      - 'cost_eur > 1 and ''x'' == costs'\n", 22, 36),
            ("      - rule: cost_eur > 1 and costs < 5\n", 22, 32),
            ("      - |\n        cost_eur > 1\n        and costs < 5\n", 24, 13),
            ("      - >\n        cost_eur > 1\n        and costs < 5\n", 24, 13),
            ("      - rule: >-\n          cost_eur > 1 and\n\n          costs < 5\n", 25, 11),
            ("      - cost_eur > 1\n        and costs < 5\n", 23, 13),
        ])
    func expressionPositions(rule: String, line: Int, column: Int) throws {
        let diagnostic = try #require(firstDiagnostic(rule))
        #expect(diagnostic.message == "unknown field 'costs'")
        #expect(diagnostic.line == line)
        #expect(diagnostic.column == column)
        #expect(diagnostic.hint == "did you mean 'cost_eur'?")
    }

    @Test("the rendered diagnostic shows the line and a caret under the column")
    func rendering() throws {
        let text = Self.base + "      - cost_eur > 1 and costs < 5\n"
        let diagnostic = try #require(firstDiagnostic("      - cost_eur > 1 and costs < 5\n"))
        let rendered = DiagnosticRenderer.render(diagnostic, source: text)
        #expect(
            rendered == """
                demo.yml:22:26: error: unknown field 'costs'
                  22 |       - cost_eur > 1 and costs < 5
                     |                          ^
                     = hint: did you mean 'cost_eur'?
                """)
        #expect(diagnostic.description == "demo.yml:22:26: error: unknown field 'costs' (did you mean 'cost_eur'?)")
    }

    @Test("Windows line endings give the same positions")
    func crlf() throws {
        let text = (Self.base + "      - cost_eur > 1 and costs < 5\n").replacingOccurrences(of: "\n", with: "\r\n")
        let diagnostic = try #require(
            WorkflowDefinition.load(WorkflowSource(path: "demo.yml", text: text)).diagnostics.first)
        #expect(diagnostic.line == 22)
        #expect(diagnostic.column == 26)
    }

    @Test("the base file itself is valid")
    func baseIsValid() {
        let result = WorkflowDefinition.load(
            WorkflowSource(path: "demo.yml", text: Self.base + "      - cost_eur > 1\n"))
        #expect(result.diagnostics == [])
        #expect(result.workflow != nil)
    }
}

@Suite("Several files")
struct CatalogTests {
    @Test("two files with the same workflow id and version: the second is reported at its id")
    func duplicateVersion() {
        let text = DiagnosticLocationTests.base + "      - cost_eur > 1\n"
        let catalog = WorkflowDefinition.loadAll([
            WorkflowSource(path: "a.yml", text: text), WorkflowSource(path: "b.yml", text: text),
        ])
        #expect(
            catalog.diagnostics.map(\.description) == [
                "b.yml:1:5: error: workflow 'demo' version 1 is already defined in a.yml (raise the version of the newer file)"
            ])
        #expect(catalog.entries.map(\.path) == ["a.yml"])
        #expect(!catalog.isValid)
    }

    @Test("two versions of one workflow load side by side")
    func twoVersions() {
        let text = DiagnosticLocationTests.base + "      - cost_eur > 1\n"
        let catalog = WorkflowDefinition.loadAll([
            WorkflowSource(path: "a.yml", text: text),
            WorkflowSource(path: "b.yml", text: text.replacingOccurrences(of: "version: 1", with: "version: 2")),
        ])
        #expect(catalog.isValid)
        #expect(catalog.entries.map(\.workflow.version) == [1, 2])
    }

    @Test("the workflow id 'reload' is reserved for the reload route, at the id's place")
    func reservedID() throws {
        let text =
            DiagnosticLocationTests.base.replacingOccurrences(of: "id: demo", with: "id: reload")
            + "      - cost_eur > 0\n"
        let result = WorkflowDefinition.load(WorkflowSource(path: "demo.yml", text: text))
        #expect(result.workflow == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect("\(diagnostic.line):\(diagnostic.column)" == "1:5")
        #expect(diagnostic.message == "the workflow id 'reload' is reserved; choose another")
        let valid = DiagnosticLocationTests.base + "      - cost_eur > 0\n"
        #expect(WorkflowDefinition.load(WorkflowSource(path: "demo.yml", text: valid)).workflow != nil)
    }

}
