import Foundation
import PipelineCore
import PipelineDefinition
import Testing

@Suite("Bundled workflows")
struct BundledWorkflowTests {
    func load(_ name: String) throws -> Workflow {
        let url = Corpus.workflowsFolder.appendingPathComponent(name)
        let result = WorkflowDefinition.load(WorkflowSource(path: name, text: Corpus.text(url)))
        #expect(result.diagnostics == [])
        return try #require(result.workflow)
    }

    @Test("every bundled file validates, together, without a diagnostic")
    func allValid() {
        let sources = Corpus.bundledWorkflows.map { WorkflowSource(path: $0.lastPathComponent, text: Corpus.text($0)) }
        #expect(sources.count >= 2)
        let catalog = WorkflowDefinition.loadAll(sources)
        #expect(catalog.diagnostics == [])
        #expect(catalog.entries.count == sources.count)
    }

    @Test("the main workflow has the five stages of the programme, in order")
    func mainStages() throws {
        let workflow = try load("primary-care-innovation.yml")
        #expect(
            workflow.stages.map(\.id) == [
                "proposal", "business_case", "pilot", "regional_implementation", "national_implementation", "completed",
                "stopped",
            ])
        #expect(workflow.stage("completed")?.terminal == .completed)
        #expect(workflow.stage("stopped")?.terminal == .stopped)
        #expect(workflow.stage("proposal")?.sla?.description == "30d")
        #expect(workflow.stage("regional_implementation")?.shared == true)
    }

    @Test("the main workflow's gates use every feature")
    func mainGates() throws {
        let workflow = try load("primary-care-innovation.yml")
        let businessCase = try #require(workflow.gate(leaving: "business_case"))
        #expect(!businessCase.deliverables.isEmpty)
        #expect(businessCase.mustMeet.contains { $0.source == "cost_eur <= 250000 or funding == \"subsidie\"" })
        #expect(businessCase.approvals.contains { $0.role == "facilitator" })
        let scorecard = try #require(businessCase.scorecard)
        #expect(scorecard.criteria.map(\.id) == ["impact", "feasibility", "scalability", "value"])
        #expect(scorecard.scale == 1...5)
        #expect(scorecard.passMark == 3.5)

        // After the pilot, the scale decision routes by expression.
        let scale = try #require(workflow.gate(leaving: "pilot"))
        #expect(scale.routes.count == 2)
        let national: FieldValues = ["scale": .text("nationaal"), "regions_interested": .number(6)]
        #expect(scale.route(for: national)?.to == "national_implementation")
        #expect(
            scale.route(for: ["scale": .text("nationaal"), "regions_interested": .number(2)])?.to
                == "regional_implementation")
        #expect(scale.route(for: [:])?.to == "regional_implementation", "unknown values take the fallback route")
    }

    @Test("must-meet criteria of the business case decide as a facilitator expects")
    func businessCaseRule() throws {
        let workflow = try load("primary-care-innovation.yml")
        let rule = try #require(workflow.gate("business_case_review")?.mustMeet.first)
        #expect(rule.expression.holds(["cost_eur": .number(120_000), "funding": .text("eigen_middelen")]))
        #expect(!rule.expression.holds(["cost_eur": .number(310_000), "funding": .text("eigen_middelen")]))
        #expect(rule.expression.holds(["cost_eur": .number(310_000), "funding": .text("subsidie")]))
    }

    @Test("the quick-wins workflow is small and separate")
    func quickWins() throws {
        let workflow = try load("quick-wins.yml")
        #expect(workflow.id == "quick-wins")
        #expect(workflow.stages.map(\.id) == ["proposal", "try_out", "adopted", "dropped"])
    }

    @Test("the mermaid graph shows every stage and gate, and each route's condition")
    func mermaid() throws {
        let workflow = try load("primary-care-innovation.yml")
        let graph = WorkflowGraph.render(workflow, as: .mermaid)
        #expect(graph.hasPrefix("flowchart LR\n"))
        for stage in workflow.stages { #expect(graph.contains("    \(stage.id)")) }
        for gate in workflow.gates { #expect(graph.contains("gate_\(gate.id){{")) }
        #expect(
            graph.contains(
                "gate_scale_decision -->|\"when scale == #quot;nationaal#quot; and regions_interested #gt;= 5\"| national_implementation"
            ))
        #expect(graph.contains("gate_scale_decision -->|\"otherwise\"| regional_implementation"))
    }

    @Test("the dot graph is one digraph with an edge per route")
    func dot() throws {
        let workflow = try load("quick-wins.yml")
        let graph = WorkflowGraph.render(workflow, as: .dot)
        #expect(graph.hasPrefix("digraph \"quick-wins\" {"))
        #expect(graph.contains("\"proposal\" -> \"gate_start_try_out\";"))
        #expect(graph.contains("\"gate_adopt\" -> \"adopted\";"))
        #expect(graph.hasSuffix("}\n"))
    }
}
