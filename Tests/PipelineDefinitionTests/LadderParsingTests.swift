import Foundation
import PipelineCore
import PipelineDefinition
import Testing

/// `sla` as a ladder, `on_review`, and a gate's `conditional_go` and `max_conditions`: what a valid
/// file gives, and the hints of the mistakes the corpus cannot show (it checks messages only).
@Suite("SLA ladders, on_review and conditional go")
struct LadderParsingTests {
    /// A small workflow with `STAGE` in place of the first stage's extra lines and `GATE` of its gate's.
    static func workflow(stage: String = "", gate: String = "") -> String {
        """
        id: demo
        version: 1
        name: Demo
        roles:
          facilitator: Facilitator
          programme_lead: Programme lead
        fields:
          title:
            label: Title
            type: text
        stages:
          proposal:
            name: Proposal
            editable: [title]
        \(stage)
          done:
            name: Done
            terminal: true
        gates:
          check:
            name: Check
            from: proposal
            to: done
        \(gate)
        """
    }

    func load(stage: String = "", gate: String = "") -> WorkflowLoadResult {
        WorkflowDefinition.load(
            WorkflowSource(path: "demo.yml", text: Self.workflow(stage: stage, gate: gate)))
    }

    func stage(_ lines: String) throws -> Stage {
        let result = load(stage: lines)
        #expect(result.diagnostics == [])
        return try #require(result.workflow?.stage("proposal"))
    }

    func gate(_ lines: String) throws -> Gate {
        let result = load(gate: lines)
        #expect(result.diagnostics == [])
        return try #require(result.workflow?.gate("check"))
    }

    @Test(
        "a ladder in block or flow style gives its steps, and its first step is the mark",
        arguments: [
            "    sla:\n      remind: 45d\n      escalate: 60d\n      escalate_to: programme_lead\n      hold: 90d",
            "    sla: {remind: 45d, escalate: 60d, escalate_to: programme_lead, hold: 90d}",
        ])
    func fullLadder(lines: String) throws {
        let stage = try stage(lines)
        let ladder = try #require(stage.ladder)
        #expect(ladder.remind == StageDuration(amount: 45, unit: .days))
        #expect(ladder.escalate == StageDuration(amount: 60, unit: .days))
        #expect(ladder.hold == StageDuration(amount: 90, unit: .days))
        #expect(ladder.escalateTo == "programme_lead")
        #expect(ladder.steps.map(\.kind) == [.slaRemind, .slaEscalate, .slaHold])
        #expect(stage.sla?.description == "45d")
    }

    @Test("a ladder may leave steps out; the first one there is the mark")
    func partialLadder() throws {
        let stage = try stage("    sla: {escalate: 2w, hold: 1000h}")
        let ladder = try #require(stage.ladder)
        #expect(ladder.remind == nil)
        #expect(ladder.escalateTo == nil, "the facilitators")
        #expect(ladder.steps.map(\.after.description) == ["2w", "1000h"])
        #expect(stage.sla?.description == "2w")
        #expect(WorkflowGraph.slaLabel(of: stage) == "SLA escalate 2w, hold 1000h")
    }

    @Test("a bare sla is the mark only, as before")
    func bareSLA() throws {
        let stage = try stage("    sla: 30d")
        #expect(stage.sla == StageDuration(amount: 30, unit: .days))
        #expect(stage.ladder == nil)
        #expect(stage.onReview == .notify)
        #expect(WorkflowGraph.slaLabel(of: stage) == "SLA 30d")
    }

    @Test("on_review is notify by default, or what the stage says")
    func onReview() throws {
        #expect(try stage("").onReview == .notify)
        #expect(try stage("    on_review: notify").onReview == .notify)
        #expect(try stage("    on_review: resume").onReview == .resume)
    }

    @Test("conditional_go and max_conditions")
    func conditionalGo() throws {
        let plain = try gate("")
        #expect(plain.conditionalGo == false)
        #expect(plain.maxConditions == nil)
        let unlimited = try gate("    conditional_go: true")
        #expect(unlimited.conditionalGo == true)
        #expect(unlimited.maxConditions == nil)
        let bounded = try gate("    conditional_go: true\n    max_conditions: 20")
        #expect(bounded.maxConditions == 20)
        #expect(WorkflowGraph.summary(of: bounded).last == "go with conditions (at most 20)")
        #expect(try gate("    conditional_go: false").conditionalGo == false)
    }

    @Test("recusal is on unless a gate turns it off")
    func recusal() throws {
        #expect(try gate("").recusal == true)
        #expect(try gate("    recusal: false").recusal == false)
        #expect(try gate("    recusal: true").recusal == true)
        let wrong = load(gate: "    recusal: sometimes")
        #expect(wrong.workflow == nil)
        #expect(wrong.diagnostics.count == 1, "\(wrong.diagnostics)")
    }

    @Test(
        "mistakes come with a hint",
        arguments: [
            ("    sla:\n      remnid: 45d\n      hold: 90d", "", "did you mean 'remind'?"),
            ("    sla: {escalate: 60d, escalate_to: programme_led}", "", "did you mean 'programme_lead'?"),
            (
                "    sla: {remind: 60d, escalate: 45d}", "",
                "the steps of an sla come in the order remind < escalate < hold"
            ),
            ("    sla: {remind: 45y}", "", "write a whole number and h, d or w, e.g. remind: 45d"),
            ("    sla: {escalate_to: facilitator, hold: 90d}", "", "add escalate: 60d, or remove escalate_to"),
            ("    on_review: resum", "", "did you mean 'resume'?"),
            ("", "    conditonal_go: true", "did you mean 'conditional_go'?"),
            ("", "    max_conditions: 3", "add conditional_go: true to gate 'check', or remove max_conditions"),
            (
                "", "    conditional_go: true\n    max_conditions: 0",
                "for a go without conditions, leave out conditional_go"
            ),
        ])
    func hints(stage: String, gate: String, hint: String) throws {
        let result = load(stage: stage, gate: gate)
        #expect(result.workflow == nil)
        #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
        #expect(result.diagnostics.first?.hint == hint)
    }

    @Test("the bundled business case has a ladder that keeps its 60-day mark, and its review gate a conditional go")
    func bundled() throws {
        let url = Corpus.workflowsFolder.appendingPathComponent("primary-care-innovation.yml")
        let result = WorkflowDefinition.load(
            WorkflowSource(path: "primary-care-innovation.yml", text: Corpus.text(url)))
        let workflow = try #require(result.workflow)
        let businessCase = try #require(workflow.stage("business_case"))
        #expect(businessCase.sla?.description == "60d")
        #expect(
            businessCase.ladder
                == SLALadder(remind: StageDuration("60d"), escalate: StageDuration("75d"), hold: StageDuration("90d")))
        #expect(workflow.stage("pilot")?.onReview == .notify)
        #expect(workflow.stages.filter { $0.ladder != nil }.map(\.id) == ["business_case"])
        let review = try #require(workflow.gate("business_case_review"))
        #expect(review.conditionalGo)
        #expect(review.maxConditions == 5)
        #expect(workflow.gates.filter(\.conditionalGo).map(\.id) == ["business_case_review"])
        let graph = WorkflowGraph.render(workflow, as: .mermaid)
        #expect(graph.contains("    business_case[\"Businesscase (SLA 60d/75d/90d)\"]"))
        #expect(graph.contains("<br/>go with conditions (at most 5)\"}}"))
    }
}
